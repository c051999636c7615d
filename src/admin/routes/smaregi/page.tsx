import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront } from "@medusajs/icons"
import { Button, Container, Heading, Hint, StatusBadge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import { type Connection, errorMessage, membersApi, smaregiApi, transactionsApi } from "../../lib/api"
import { formatDateTime } from "../../lib/format"

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

function Metric({ label, value, to, tone }: { label: string; value: ReactNode; to?: string; tone?: "error" | "warning" }) {
  const color = tone === "error" ? "text-ui-fg-error" : tone === "warning" ? "text-ui-tag-orange-text" : "text-ui-fg-base"
  const body = (
    <div className="flex flex-col gap-y-1" data-metric={label}>
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

function connectionWarnings(c: Connection): string[] {
  const s = c.settings
  const out: string[] = []
  if (!c.agreement_secret_set) out.push("no agreement secret: pushes are refused")
  if (!s.allowedSources.length && !s.allowAnySource) out.push("no allowed source: pushes are refused")
  if (s.allowAnySource) out.push("any source allowed (development only)")
  if ((s.memberSyncEnabled || s.reconcileEnabled) && (!c.access_token_set || !s.contractId)) out.push("contract ID or access token missing")
  return out
}

const SmaregiDashboard = () => {
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
            <Heading level="h1">Smaregi</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Today (Japan time) at a glance: register sales in, members out.
            </Text>
          </div>
          <div className="flex gap-2">
            <Button size="small" variant="secondary" asChild>
              <Link to="/smaregi/transactions">Transactions</Link>
            </Button>
            <Button size="small" variant="secondary" asChild>
              <Link to="/smaregi/members">Members</Link>
            </Button>
            <Button size="small" variant="secondary" asChild>
              <Link to="/settings/smaregi">Settings</Link>
            </Button>
          </div>
        </div>
        {tx.error && <Hint variant="error">{errorMessage(tx.error)}</Hint>}
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
          <Metric label="Received today" value={t?.received_today ?? "—"} to="/smaregi/transactions" />
          <Metric label="Imported today" value={t?.imported_today ?? "—"} to="/smaregi/transactions?status=imported" />
          <Metric
            label="Failed today"
            value={t?.failed_today ?? "—"}
            to="/smaregi/transactions?status=failed"
            tone={t && t.failed_today > 0 ? "error" : undefined}
          />
          <Metric
            label="Pending"
            value={t?.pending ?? "—"}
            to="/smaregi/transactions?status=received"
            tone={t && t.pending > 0 ? "warning" : undefined}
          />
          <Metric label="Last push received" value={<span className="txt-compact-small">{formatDateTime(t?.last_push_at)}</span>} />
          <Metric
            label="Oldest pending item"
            value={
              <span className="txt-compact-small">
                {t?.oldest_pending ? `${t.oldest_pending.transaction_head_id} · ${formatDateTime(t.oldest_pending.received_at)}` : "none"}
              </span>
            }
          />
          <Metric
            label="Failed, all time"
            value={t ? t.failed + t.needs_attention : "—"}
            to="/smaregi/transactions?status=failed"
            tone={t && t.failed + t.needs_attention > 0 ? "error" : undefined}
          />
          <Metric label="Skipped today" value={t?.skipped_today ?? "—"} to="/smaregi/transactions?status=skipped" />
        </div>
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
          <Metric label="Members synced" value={m?.synced ?? "—"} to="/smaregi/members?status=synced" />
          <Metric
            label="Members pending"
            value={m?.pending ?? "—"}
            to="/smaregi/members?status=pending"
            tone={m && m.pending > 0 ? "warning" : undefined}
          />
          <Metric
            label="Members failed"
            value={m?.failed ?? "—"}
            to="/smaregi/members?status=failed"
            tone={m && m.failed > 0 ? "error" : undefined}
          />
          <Metric
            label="Last successful member sync"
            value={<span className="txt-compact-small">{formatDateTime(m?.last_synced_at)}</span>}
          />
        </div>
      </Container>
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h2">Connections</Heading>
        </div>
        {(connections.data ?? []).map((c) => {
          const warnings = connectionWarnings(c)
          return (
            <div key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-6 py-3">
              <div className="flex items-center gap-x-2">
                <Link to={`/settings/smaregi/${c.id}`} className="txt-compact-small-plus text-ui-fg-interactive">
                  {c.name}
                </Link>
                <StatusBadge color={c.enabled ? "green" : "grey"}>{c.enabled ? "Enabled" : "Disabled"}</StatusBadge>
              </div>
              <Text size="small" className={warnings.length ? "text-ui-tag-orange-text" : "text-ui-fg-subtle"}>
                {warnings.length ? warnings.join(" · ") : "Ready"}
              </Text>
            </div>
          )
        })}
        {connections.data?.length === 0 && (
          <div className="px-6 py-3">
            <Text size="small" className="text-ui-fg-muted">
              No connection yet — <Link to="/settings/smaregi" className="text-ui-fg-interactive">create one in Settings</Link>.
            </Text>
          </div>
        )}
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Smaregi", icon: BuildingStorefront })

export default SmaregiDashboard
