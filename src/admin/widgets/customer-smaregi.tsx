import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowPath } from "@medusajs/icons"
import { Button, Container, Heading, Hint, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { MemberStatusBadge } from "../components/status-badges"
import { type SmaregiMember, errorMessage, membersApi, pointsApi } from "../lib/api"
import { formatDateTime } from "../lib/format"
import { reasonLabel, useT } from "../lib/i18n"

function Line({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-2 items-center gap-x-2 px-6 py-2">
      <Text size="small" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
      <div className="txt-compact-small flex justify-end text-right">{children}</div>
    </div>
  )
}

function Barcode({ customerId, member }: { customerId: string; member: SmaregiMember }) {
  const t = useT()
  const { data, error } = useQuery({
    queryKey: ["smaregi", "barcode", customerId, member.customer_code],
    queryFn: () => membersApi.barcode(customerId),
    retry: false,
  })
  if (error) return <Hint variant="error">{errorMessage(error)}</Hint>
  if (!data) return null
  return (
    <div className="flex flex-col items-center gap-y-1 px-6 py-3">
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(data.svg)}`}
        alt={t("customerWidget.barcodeAlt", { code: data.code })}
        data-member-barcode={data.code}
        className="max-w-full"
      />
      {!data.scannable && (
        <Text size="xsmall" className="text-ui-tag-orange-text">
          {t("customerWidget.notYetInSmaregi")}
        </Text>
      )}
    </div>
  )
}

function Points({ customerId }: { customerId: string }) {
  const t = useT()
  const { data, error } = useQuery({
    queryKey: ["smaregi", "points", customerId],
    queryFn: () => pointsApi.ofCustomer(customerId, 5),
    retry: false,
  })
  if (error || !data) return null
  return (
    <div className="py-2" data-points-balance={data.balance}>
      <Line label={t("customerWidget.pointsBalance")}>
        <span className="font-medium">{data.balance.toLocaleString("ja-JP")} pt</span>
      </Line>
      {data.nearest_expiry && <Line label={t("customerWidget.nearestExpiry")}>{formatDateTime(data.nearest_expiry)}</Line>}
      {data.history.length > 0 && (
        <details className="px-6 pb-2">
          <summary className="txt-compact-small text-ui-fg-interactive cursor-pointer">{t("customerWidget.pointsHistory", { count: data.count })}</summary>
          <ul className="mt-2 flex flex-col gap-y-1">
            {data.history.map((h) => (
              <li key={h.id} className="txt-compact-xsmall flex justify-between gap-x-2">
                <span className="text-ui-fg-subtle truncate">{h.reason ?? h.kind ?? h.source_key ?? ""}</span>
                <span className={h.amount < 0 ? "text-ui-fg-error" : ""}>
                  {h.amount > 0 ? "+" : ""}
                  {h.amount}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

const CustomerSmaregiWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const t = useT()
  const queryClient = useQueryClient()
  const { data, error, isLoading } = useQuery({
    queryKey: ["smaregi", "customer-member", customer.id],
    queryFn: () => membersApi.ofCustomer(customer.id),
    refetchInterval: (query) => (query.state.data?.member?.status === "pending" ? 1500 : false),
  })
  const member = data?.member ?? null

  const resync = useMutation({
    mutationFn: () => membersApi.resync(member?.id as string),
    onSuccess: async (r) => {
      if (r.skipped) toast.warning(t("customerWidget.notPushed", { why: reasonLabel(t, r.skipped) }))
      else toast.success(r.member.status === "synced" ? t("customerWidget.synced") : t("customerWidget.pushing"))
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "customer-member", customer.id] })
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "barcode", customer.id] })
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  return (
    <Container className="divide-y p-0" data-widget="smaregi-customer">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("customerWidget.title")}</Heading>
        {member && (
          <Button size="small" variant="secondary" onClick={() => resync.mutate()} isLoading={resync.isPending}>
            <ArrowPath />
            {t("customerWidget.resync")}
          </Button>
        )}
      </div>
      {isLoading && (
        <div className="px-6 py-4">
          <Text size="small">{t("common.loading")}</Text>
        </div>
      )}
      {error && (
        <div className="px-6 py-4">
          <Hint variant="error">{errorMessage(error)}</Hint>
        </div>
      )}
      {!isLoading && !error && !member && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            {t("customerWidget.notMember")}
          </Text>
        </div>
      )}
      {member && (
        <>
          <div className="py-2">
            <Line label={t("customerWidget.memberCode")}>
              <span className="font-mono" data-member-code>
                {member.customer_code}
              </span>
            </Line>
            <Line label={t("customerWidget.smaregiCustomerId")}>{member.smaregi_customer_id ?? "—"}</Line>
            <Line label={t("customerWidget.syncState")}>
              <MemberStatusBadge status={member.status} />
            </Line>
            <Line label={t("customerWidget.lastSynced")}>{formatDateTime(member.last_synced_at)}</Line>
            {member.attempts > 0 && member.status !== "synced" && <Line label={t("customerWidget.attempts")}>{member.attempts}</Line>}
          </div>
          {member.last_error && member.status !== "synced" && (
            <div className="px-6 py-3">
              <Hint variant="error" data-member-error>
                {member.last_error_code ? <span data-error-code={member.last_error_code}>{reasonLabel(t, member.last_error_code)}: </span> : ""}
                {member.last_error}
              </Hint>
            </div>
          )}
          <Barcode customerId={customer.id} member={member} />
          <div className="px-6 py-2">
            <Link to={`/smaregi/members?q=${encodeURIComponent(member.customer_code)}`} className="txt-compact-small text-ui-fg-interactive">
              {t("customerWidget.memberSyncLog")}
            </Link>
          </div>
        </>
      )}
      <Points customerId={customer.id} />
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.side.after", id: "smaregi:customer-member" })

export default CustomerSmaregiWidget
