import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatSmaregiTime, formatYen } from "../lib/format"
import { useT } from "../lib/i18n"

type PosMetadata = {
  transaction_head_id?: string
  store_id?: string | null
  store_code?: string | null
  terminal_id?: string | null
  terminal_tran_id?: string | null
  terminal_tran_date_time?: string | null
  staff_name?: string | null
  customer_code?: string | null
  total?: number | string | null
  tax_include?: string | null
  tax_exclude?: number | string | null
  payment?: { cash_total?: string | null; credit_total?: string | null; others?: Array<{ name: string | null; amount: string | null }> }
  points?: { spend?: string | null; earn?: string | null }
}

function str(v: unknown): string | null {
  return v === null || v === undefined || v === "" ? null : String(v)
}

/** POS origin from `smaregi_pos` (written by the import), falling back to the default field-mapping keys. */
function posOf(metadata: Record<string, unknown> | null | undefined): (PosMetadata & { transaction_head_id: string }) | null {
  if (!metadata) return null
  const pos = (metadata.smaregi_pos && typeof metadata.smaregi_pos === "object" ? metadata.smaregi_pos : {}) as PosMetadata
  const headId = str(pos.transaction_head_id) ?? str(metadata.smaregi_transaction_head_id)
  if (!headId) return null
  return {
    ...pos,
    transaction_head_id: headId,
    store_id: str(pos.store_id) ?? str(metadata.smaregi_store_id),
    terminal_id: str(pos.terminal_id) ?? str(metadata.smaregi_terminal_id),
    terminal_tran_id: str(pos.terminal_tran_id) ?? str(metadata.smaregi_terminal_tran_id),
    terminal_tran_date_time: str(pos.terminal_tran_date_time) ?? str(metadata.smaregi_sale_date_time),
    staff_name: str(pos.staff_name) ?? str(metadata.smaregi_staff_name),
    customer_code: str(pos.customer_code) ?? str(metadata.smaregi_customer_code),
    total: pos.total ?? str(metadata.smaregi_total),
    tax_include: str(pos.tax_include) ?? str(metadata.smaregi_tax_include),
    tax_exclude: pos.tax_exclude ?? str(metadata.smaregi_tax_exclude),
  }
}

function Line({ label, value, mono }: { label: string; value: string | null | undefined; mono?: boolean }) {
  return (
    <div className="grid grid-cols-2 items-start gap-x-2 px-6 py-2">
      <Text size="small" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small" className={`break-all text-right ${mono ? "font-mono" : ""}`}>
        {value ?? "—"}
      </Text>
    </div>
  )
}

const OrderSmaregiWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const t = useT()
  const metadata = order.metadata as Record<string, unknown> | null | undefined
  const pos = posOf(metadata)
  if (!pos) return null
  const m = metadata ?? {}
  const payments = [
    pos.payment?.cash_total && pos.payment.cash_total !== "0" ? t("orderWidget.cash", { amount: formatYen(pos.payment.cash_total) }) : null,
    pos.payment?.credit_total && pos.payment.credit_total !== "0" ? t("orderWidget.card", { amount: formatYen(pos.payment.credit_total) }) : null,
    ...(pos.payment?.others ?? []).map((o) => (o.amount && o.amount !== "0" ? `${o.name ?? t("orderWidget.other")} ${formatYen(o.amount)}` : null)),
  ].filter(Boolean)
  return (
    <Container className="divide-y p-0" data-widget="smaregi-order">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("orderWidget.title")}</Heading>
        <Link to={`/smaregi/transactions?q=${encodeURIComponent(pos.transaction_head_id)}`} className="txt-compact-small text-ui-fg-interactive">
          {t("orderWidget.transactionLog")}
        </Link>
      </div>
      <div className="py-2">
        <Line label={t("orderWidget.transactionId")} value={pos.transaction_head_id} mono />
        <Line label={t("orderWidget.store")} value={[pos.store_id, pos.store_code].filter(Boolean).join(" · ") || null} />
        <Line label={t("orderWidget.register")} value={pos.terminal_id} />
        <Line label={t("orderWidget.registerTransaction")} value={pos.terminal_tran_id} />
        <Line label={t("orderWidget.saleTime")} value={formatSmaregiTime(pos.terminal_tran_date_time)} />
        {pos.staff_name && <Line label={t("orderWidget.staff")} value={pos.staff_name} />}
        {pos.customer_code && <Line label={t("orderWidget.member")} value={pos.customer_code} mono />}
      </div>
      <div className="py-2">
        {str(m.smaregi_subtotal) && <Line label={t("orderWidget.subtotal")} value={formatYen(str(m.smaregi_subtotal))} />}
        {str(m.smaregi_point_discount) && str(m.smaregi_point_discount) !== "0" && (
          <Line label={t("orderWidget.pointDiscount")} value={formatYen(str(m.smaregi_point_discount))} />
        )}
        {str(m.smaregi_coupon_discount) && str(m.smaregi_coupon_discount) !== "0" && (
          <Line label={t("orderWidget.couponDiscount")} value={formatYen(str(m.smaregi_coupon_discount))} />
        )}
        <Line label={t("orderWidget.taxIncluded")} value={formatYen(pos.tax_include)} />
        {pos.tax_exclude !== null && pos.tax_exclude !== undefined && String(pos.tax_exclude) !== "0" && (
          <Line label={t("orderWidget.taxExcluded")} value={formatYen(pos.tax_exclude)} />
        )}
        <Line label={t("orderWidget.smaregiTotal")} value={formatYen(pos.total)} />
        {payments.length > 0 && <Line label={t("orderWidget.paid")} value={payments.join(", ")} />}
        {(pos.points?.spend || pos.points?.earn) && (
          <Line label={t("orderWidget.points")} value={t("orderWidget.pointsValue", { spend: pos.points?.spend ?? 0, earn: pos.points?.earn ?? 0 })} />
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side.after", id: "smaregi:order-pos-origin" })

export default OrderSmaregiWidget
