import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront } from "@medusajs/icons"
import { Button, Container, Heading, Hint, StatusBadge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import { type Connection, errorMessage, membersApi, smaregiApi, transactionsApi } from "../../lib/api"
import { formatDateTime } from "../../lib/format"
import { type Translate, useT } from "../../lib/i18n"

type TransactionStats = {
  received_today: number
  imported_today: number
  failed_today: number
  skipped_today: number
  pending: number
  failed: number
  needs_attention: number
  last_push_at: string | null
  oldest_pending: { id: string; transaction_head_id: string; received_at: string } | null
}

/** `id` names the metric for tests and links whatever the language (data-metric). */
function Metric({ label, id, value, to, tone }: { label: string; id?: string; value: ReactNode; to?: string; tone?: "error" | "warning" }) {
  const color = tone === "error" ? "text-ui-fg-error" : tone === "warning" ? "text-ui-tag-orange-text" : "text-ui-fg-base"
  const body = (
    <div className="flex flex-col gap-y-1" data-metric={id ?? label}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="xlarge" weight="plus" className={color}>
        {value}
      </Text>
    </div>
  )
  return to ? (
    <Link to={to} className="hover:bg-ui-bg-base-hover rounded-md p-2">
      {body}
    </Link>
  ) : (
    <div className="p-2">{body}</div>
  )
}

function connectionWarnings(t: Translate, c: Connection): string[] {
  const s = c.settings
  const out: string[] = []
  if (!c.agreement_secret_set) out.push(t("dashboard.warnNoAgreement"))
  if (!s.allowedSources.length && !s.allowAnySource) out.push(t("dashboard.warnNoSource"))
  if (s.allowAnySource) out.push(t("dashboard.warnAnySource"))
  if ((s.memberSyncEnabled || s.reconcileEnabled) && (!c.access_token_set || !s.contractId)) out.push(t("dashboard.warnNoToken"))
  return out
}

const SmaregiDashboard = () => {
  const tr = useT()
  const tx = useQuery({
    queryKey: ["smaregi", "stats"],
    queryFn: () => transactionsApi.stats() as Promise<unknown> as Promise<TransactionStats>,
    refetchInterval: 10_000,
  })
  const members = useQuery({ queryKey: ["smaregi", "member-stats"], queryFn: () => membersApi.stats(), refetchInterval: 10_000 })
  const connections = useQuery({ queryKey: ["smaregi", "connections"], queryFn: smaregiApi.connections })
  const t = tx.data
  const m = members.data

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col gap-y-4 px-6 py-4" data-dashboard-card>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <Heading level="h1">{tr("nav.smaregi")}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {tr("dashboard.subtitle")}
            </Text>
          </div>
          <div className="flex gap-2">
            <Button size="small" variant="secondary" asChild>
              <Link to="/smaregi/transactions">{tr("nav.transactions")}</Link>
            </Button>
            <Button size="small" variant="secondary" asChild>
              <Link to="/smaregi/members">{tr("nav.members")}</Link>
            </Button>
            <Button size="small" variant="secondary" asChild>
              <Link to="/settings/smaregi">{tr("dashboard.settings")}</Link>
            </Button>
          </div>
        </div>
        {tx.error && <Hint variant="error">{errorMessage(tx.error)}</Hint>}
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
          <Metric label={tr("dashboard.receivedToday")} id="received_today" value={t?.received_today ?? "—"} to="/smaregi/transactions" />
          <Metric label={tr("dashboard.importedToday")} value={t?.imported_today ?? "—"} to="/smaregi/transactions?status=imported" />
          <Metric
            label={tr("dashboard.failedToday")}
            value={t?.failed_today ?? "—"}
            to="/smaregi/transactions?status=failed"
            tone={t && t.failed_today > 0 ? "error" : undefined}
          />
          <Metric
            label={tr("dashboard.pending")}
            value={t?.pending ?? "—"}
            to="/smaregi/transactions?status=received"
            tone={t && t.pending > 0 ? "warning" : undefined}
          />
          <Metric label={tr("dashboard.lastPush")} id="last_push" value={<span className="txt-compact-small">{formatDateTime(t?.last_push_at)}</span>} />
          <Metric
            label={tr("dashboard.oldestPending")}
            value={
              <span className="txt-compact-small">
                {t?.oldest_pending ? `${t.oldest_pending.transaction_head_id} · ${formatDateTime(t.oldest_pending.received_at)}` : tr("common.none")}
              </span>
            }
          />
          <Metric
            label={tr("dashboard.failedAllTime")}
            value={t ? t.failed + t.needs_attention : "—"}
            to="/smaregi/transactions?status=failed"
            tone={t && t.failed + t.needs_attention > 0 ? "error" : undefined}
          />
          <Metric label={tr("dashboard.skippedToday")} value={t?.skipped_today ?? "—"} to="/smaregi/transactions?status=skipped" />
        </div>
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
          <Metric label={tr("dashboard.membersSynced")} value={m?.synced ?? "—"} to="/smaregi/members?status=synced" />
          <Metric
            label={tr("dashboard.membersPending")}
            value={m?.pending ?? "—"}
            to="/smaregi/members?status=pending"
            tone={m && m.pending > 0 ? "warning" : undefined}
          />
          <Metric
            label={tr("dashboard.membersFailed")}
            value={m?.failed ?? "—"}
            to="/smaregi/members?status=failed"
            tone={m && m.failed > 0 ? "error" : undefined}
          />
          <Metric
            label={tr("dashboard.lastMemberSync")}
            value={<span className="txt-compact-small">{formatDateTime(m?.last_synced_at)}</span>}
          />
        </div>
      </Container>
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h2">{tr("dashboard.connections")}</Heading>
        </div>
        {(connections.data ?? []).map((c) => {
          const warnings = connectionWarnings(tr, c)
          return (
            <div key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-6 py-3">
              <div className="flex items-center gap-x-2">
                <Link to={`/settings/smaregi/${c.id}`} className="txt-compact-small-plus text-ui-fg-interactive">
                  {c.name}
                </Link>
                <StatusBadge color={c.enabled ? "green" : "grey"}>{c.enabled ? tr("common.enabled") : tr("common.disabled")}</StatusBadge>
              </div>
              <Text size="small" className={warnings.length ? "text-ui-tag-orange-text" : "text-ui-fg-subtle"}>
                {warnings.length ? warnings.join(" · ") : tr("dashboard.ready")}
              </Text>
            </div>
          )
        })}
        {connections.data?.length === 0 && (
          <div className="px-6 py-3">
            <Text size="small" className="text-ui-fg-muted">
              {tr("dashboard.noConnection")} <Link to="/settings/smaregi" className="text-ui-fg-interactive">{tr("dashboard.createInSettings")}</Link>
            </Text>
          </div>
        )}
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: "nav.smaregi", translationNs: "smaregi", icon: BuildingStorefront })

export default SmaregiDashboard
