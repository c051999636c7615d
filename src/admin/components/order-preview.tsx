import { type MessageKey, reasonLabel, statusLabel, useT } from "../lib/i18n"
import { Badge, Heading, Hint, Table, Text } from "@medusajs/ui"
import type { HeadPreview, OrderPreview } from "../lib/api"
import { formatYen } from "../lib/format"
import { JsonView } from "./json-view"

const OUTCOME: Record<HeadPreview["outcome"], { label: MessageKey; color: "green" | "blue" | "orange" | "grey" | "red" }> = {
  create_order: { label: "preview.createOrder", color: "green" },
  update_order: { label: "preview.updateOrder", color: "blue" },
  cancel_order: { label: "preview.cancelOrder", color: "orange" },
  skip: { label: "preview.skip", color: "grey" },
  fail: { label: "preview.fail", color: "red" },
}

function Amounts({ amounts }: { amounts: Record<string, unknown> }) {
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-1 md:grid-cols-4">
      {Object.entries(amounts)
        .filter(([, v]) => typeof v === "number" || typeof v === "string")
        .map(([k, v]) => (
          <div key={k}>
            <Text size="xsmall" className="text-ui-fg-muted">
              {k}
            </Text>
            <Text size="small">{typeof v === "number" ? formatYen(v) : String(v)}</Text>
          </div>
        ))}
    </div>
  )
}

function HeadPreviewView({ head }: { head: HeadPreview }) {
  const t = useT()
  const known = OUTCOME[head.outcome]
  const outcome = known ? { label: t(known.label), color: known.color } : { label: head.outcome, color: "grey" as const }
  return (
    <div className="flex flex-col gap-y-3" data-preview-head={head.transaction_head_id}>
      <div className="flex flex-wrap items-center gap-2">
        <Heading level="h3">{t("drawer.title", { id: head.transaction_head_id })}</Heading>
        <Badge size="2xsmall" color={outcome.color} data-preview-outcome={head.outcome}>
          {outcome.label}
        </Badge>
        <Badge size="2xsmall" color="grey">
          {t.dynamic(`action.${head.classification.action}`, head.classification.action)}
          {head.classification.reason_code ? ` · ${reasonLabel(t, head.classification.reason_code)}` : ""}
        </Badge>
        {head.existing && (
          <Text size="xsmall" className="text-ui-fg-muted">
            {t("preview.alreadyStored", { status: statusLabel(t, "transaction", head.existing.status) })}
            {head.existing.order_id ? t("preview.orderId", { id: head.existing.order_id }) : ""}
          </Text>
        )}
      </div>
      {head.classification.message && <Text size="small">{head.classification.message}</Text>}
      {head.errors.map((e) => (
        <Hint key={e} variant="error">
          {e}
        </Hint>
      ))}
      {head.lines.length > 0 && (
        <div className="border-ui-border-base overflow-x-auto rounded-md border">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("preview.productCode")}</Table.HeaderCell>
                <Table.HeaderCell>{t("preview.name")}</Table.HeaderCell>
                <Table.HeaderCell>{t("preview.colourSize")}</Table.HeaderCell>
                <Table.HeaderCell>{t("preview.qty")}</Table.HeaderCell>
                <Table.HeaderCell>{t("preview.variant")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {head.lines.map((l) => (
                <Table.Row key={l.transaction_detail_id}>
                  <Table.Cell className="font-mono">{l.product_code ?? "—"}</Table.Cell>
                  <Table.Cell>{l.product_name ?? "—"}</Table.Cell>
                  <Table.Cell>{[l.color, l.size].filter(Boolean).join(" / ") || "—"}</Table.Cell>
                  <Table.Cell>{l.quantity ?? "—"}</Table.Cell>
                  <Table.Cell>
                    {l.problem ? (
                      <span className="text-ui-fg-error">{l.problem}</span>
                    ) : l.kind === "department" ? (
                      `${t("preview.departmentLine")}${l.category_name ? `: ${l.category_name}` : ""}`
                    ) : l.variant_id ? (
                      `${l.product_title ?? ""} · ${l.variant_title ?? ""} (${l.sku ?? l.variant_id})`
                    ) : (
                      "—"
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {head.amounts && <Amounts amounts={head.amounts} />}
      {head.points && (
        <Text size="small">
          {t("preview.points", { spend: head.points.spend, earn: head.points.earn })} — {head.points.would_move ? t("preview.wouldMove") : t("preview.notMoved")}
        </Text>
      )}
      {head.order && (
        <details>
          <summary className="txt-compact-small-plus cursor-pointer">{t("preview.orderToCreate")}</summary>
          <JsonView value={head.order} label={t("preview.mappedOrder")} />
        </details>
      )}
    </div>
  )
}

export function OrderPreviewView({ preview }: { preview: OrderPreview }) {
  const t = useT()
  if (!preview.transactions.length) {
    return <Text size="small">{t("preview.noHead")}</Text>
  }
  return (
    <div className="flex flex-col gap-y-6" data-order-preview>
      {preview.transactions.map((head) => (
        <HeadPreviewView key={head.transaction_head_id} head={head} />
      ))}
    </div>
  )
}
