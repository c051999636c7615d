import { Badge, Heading, Hint, Table, Text } from "@medusajs/ui"
import type { HeadPreview, OrderPreview } from "../lib/api"
import { formatYen } from "../lib/format"
import { JsonView } from "./json-view"

const OUTCOME: Record<HeadPreview["outcome"], { label: string; color: "green" | "blue" | "orange" | "grey" | "red" }> = {
  create_order: { label: "Would create an order", color: "green" },
  update_order: { label: "Would update the order", color: "blue" },
  cancel_order: { label: "Would cancel the order", color: "orange" },
  skip: { label: "Would be skipped", color: "grey" },
  fail: { label: "Would fail", color: "red" },
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
  const outcome = OUTCOME[head.outcome] ?? { label: head.outcome, color: "grey" as const }
  return (
    <div className="flex flex-col gap-y-3" data-preview-head={head.transaction_head_id}>
      <div className="flex flex-wrap items-center gap-2">
        <Heading level="h3">Transaction {head.transaction_head_id}</Heading>
        <Badge size="2xsmall" color={outcome.color} data-preview-outcome={head.outcome}>
          {outcome.label}
        </Badge>
        <Badge size="2xsmall" color="grey">
          {head.classification.action}
          {head.classification.reason_code ? ` · ${head.classification.reason_code}` : ""}
        </Badge>
        {head.existing && (
          <Text size="xsmall" className="text-ui-fg-muted">
            already stored as {head.existing.status}
            {head.existing.order_id ? ` (order ${head.existing.order_id})` : ""}
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
                <Table.HeaderCell>Product code</Table.HeaderCell>
                <Table.HeaderCell>Name</Table.HeaderCell>
                <Table.HeaderCell>Colour / size</Table.HeaderCell>
                <Table.HeaderCell>Qty</Table.HeaderCell>
                <Table.HeaderCell>Medusa variant</Table.HeaderCell>
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
                      `部門売り (custom line, no variant)${l.category_name ? `: ${l.category_name}` : ""}`
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
          Points: spend {head.points.spend}, earn {head.points.earn} — {head.points.would_move ? "would move" : "not moved (points off or no member)"}
        </Text>
      )}
      {head.order && (
        <details>
          <summary className="txt-compact-small-plus cursor-pointer">Order that would be created</summary>
          <JsonView value={head.order} label="Mapped order" />
        </details>
      )}
    </div>
  )
}

export function OrderPreviewView({ preview }: { preview: OrderPreview }) {
  if (!preview.transactions.length) {
    return <Text size="small">The payload holds no transaction head.</Text>
  }
  return (
    <div className="flex flex-col gap-y-6" data-order-preview>
      {preview.transactions.map((head) => (
        <HeadPreviewView key={head.transaction_head_id} head={head} />
      ))}
    </div>
  )
}
