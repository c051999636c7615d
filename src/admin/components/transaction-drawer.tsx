import { ArrowPath, Sparkles } from "@medusajs/icons"
import { Button, Drawer, Heading, Hint, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { Link } from "react-router-dom"
import { type Connection, type OrderPreview, envelopeOf, errorMessage, transactionsApi } from "../lib/api"
import { formatDateTime, formatSmaregiTime, formatYen } from "../lib/format"
import { JsonView } from "./json-view"
import { OrderPreviewView } from "./order-preview"
import { TransactionStatusBadge, humanize } from "./status-badges"

const REPLAYABLE = ["failed", "skipped", "needs_attention"]

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-x-4 py-1">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small" className="break-all" as="div">
        {children}
      </Text>
    </div>
  )
}

type TransactionDrawerProps = { id: string | null; onClose: () => void; connections: Connection[] }

export function TransactionDrawer({ id, onClose, connections }: TransactionDrawerProps) {
  const queryClient = useQueryClient()
  const [preview, setPreview] = useState<OrderPreview | null>(null)
  const { data, isLoading, error } = useQuery({
    queryKey: ["smaregi", "transaction", id],
    queryFn: () => transactionsApi.detail(id as string),
    enabled: !!id,
    refetchInterval: (query) => (query.state.data?.transaction.status === "received" ? 2000 : false),
  })

  const replay = useMutation({
    mutationFn: () => transactionsApi.replay(id as string),
    onSuccess: async ({ transaction }) => {
      if (transaction.status === "failed" || transaction.status === "needs_attention") {
        toast.error(`Replayed, still ${transaction.status.replace("_", " ")}: ${transaction.reason ?? "see the events"}`)
      } else {
        toast.success(`Replayed: ${transaction.status}`)
      }
      setPreview(null)
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["smaregi", "transaction", id] }),
        queryClient.invalidateQueries({ queryKey: ["smaregi", "transactions"] }),
      ])
    },
    onError: (e) => toast.error(`Replay failed: ${errorMessage(e)}`),
  })

  const previewMapping = useMutation({
    mutationFn: () => {
      const tx = data?.transaction
      if (!tx) throw new Error("not loaded")
      return transactionsApi.dryRun({ connection_id: tx.connection_id, params: envelopeOf(tx) })
    },
    onSuccess: setPreview,
    onError: (e) => toast.error(errorMessage(e)),
  })

  const tx = data?.transaction
  const head = (tx?.head ?? {}) as Record<string, unknown>
  const orderId = data?.order_id ?? tx?.order_id ?? null
  const connection = connections.find((c) => c.id === tx?.connection_id)

  return (
    <Drawer
      open={!!id}
      onOpenChange={(open) => {
        if (!open) {
          setPreview(null)
          onClose()
        }
      }}
    >
      <Drawer.Content className="max-w-2xl" data-transaction-drawer>
        <Drawer.Header>
          <div className="flex items-center gap-x-2">
            <Drawer.Title asChild>
              <Heading>Transaction {tx?.transaction_head_id ?? ""}</Heading>
            </Drawer.Title>
            {tx && <TransactionStatusBadge status={tx.status} />}
          </div>
          <Drawer.Description className="sr-only">Raw data, classification, events and the order of one Smaregi sale</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {isLoading && <Text size="small">Loading…</Text>}
          {error && <Hint variant="error">{errorMessage(error)}</Hint>}
          {tx && (
            <>
              <section>
                <Row label="Connection">{connection?.name ?? tx.connection_id}</Row>
                <Row label="Store">{tx.store_id ?? "—"}</Row>
                <Row label="Register">{String(head.terminalId ?? "—")}</Row>
                <Row label="Register transaction">{String(head.terminalTranId ?? "—")}</Row>
                <Row label="Sale time">{formatSmaregiTime((head.terminalTranDateTime as string | undefined) ?? tx.transaction_date_time)}</Row>
                <Row label="Member">{tx.customer_code ?? "—"}</Row>
                <Row label="Total">{formatYen(tx.total)}</Row>
                <Row label="Received">{formatDateTime(tx.created_at)}</Row>
                <Row label="Processed">{formatDateTime(tx.processed_at)}</Row>
                <Row label="Attempts">{tx.attempts}</Row>
                <Row label="Order">
                  {orderId ? (
                    <Link to={`/orders/${orderId}`} className="text-ui-fg-interactive" data-order-link>
                      {orderId}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Row>
              </section>
              <section className="flex flex-col gap-y-1">
                <Heading level="h3">Classification</Heading>
                <Row label="Action">{tx.action ?? "—"}</Row>
                <Row label="Reason code">{tx.reason_code ?? "—"}</Row>
                {tx.points_drift && (
                  <Hint variant="error" data-points-drift>
                    Points drift: the register used {tx.points_drift.spend} points and gave {tx.points_drift.earn}, but the web
                    ledger held{" "}
                    {tx.points_drift.debits.map((d) => `${d.balance_before} (${d.kind} ${d.amount})`).join(", then ")}. Recorded
                    anyway; the balance is now {tx.points_drift.balance_after}. Check the member's points in Smaregi and adjust
                    the ledger if needed.
                  </Hint>
                )}
                {tx.reason && (
                  <Hint variant={tx.status === "failed" || tx.status === "needs_attention" ? "error" : "info"} data-transaction-reason>
                    {tx.reason}
                  </Hint>
                )}
              </section>
              <section className="flex flex-wrap gap-2">
                {REPLAYABLE.includes(tx.status) && (
                  <Button size="small" onClick={() => replay.mutate()} isLoading={replay.isPending}>
                    <ArrowPath />
                    Replay
                  </Button>
                )}
                <Button size="small" variant="secondary" onClick={() => previewMapping.mutate()} isLoading={previewMapping.isPending}>
                  <Sparkles />
                  Preview mapped order
                </Button>
              </section>
              {preview && (
                <section className="flex flex-col gap-y-2">
                  <Heading level="h3">Mapped result (with the current settings)</Heading>
                  <OrderPreviewView preview={preview} />
                </section>
              )}
              <section className="flex flex-col gap-y-2">
                <Heading level="h3">Events</Heading>
                <div className="border-ui-border-base overflow-x-auto rounded-md border">
                  <Table>
                    <Table.Header>
                      <Table.Row>
                        <Table.HeaderCell>Time</Table.HeaderCell>
                        <Table.HeaderCell>Event</Table.HeaderCell>
                        <Table.HeaderCell>Reason</Table.HeaderCell>
                        <Table.HeaderCell>updDateTime</Table.HeaderCell>
                      </Table.Row>
                    </Table.Header>
                    <Table.Body>
                      {(data?.events ?? []).map((e) => (
                        <Table.Row key={e.id}>
                          <Table.Cell>{formatDateTime(e.created_at)}</Table.Cell>
                          <Table.Cell>{humanize(e.type)}</Table.Cell>
                          <Table.Cell className="max-w-[16rem] whitespace-normal">
                            {[e.reason_code, e.message].filter(Boolean).join(" — ") || "—"}
                          </Table.Cell>
                          <Table.Cell>{e.upd_date_time ?? "—"}</Table.Cell>
                        </Table.Row>
                      ))}
                    </Table.Body>
                  </Table>
                </div>
              </section>
              <section className="flex flex-col gap-y-2">
                <Heading level="h3">Raw data</Heading>
                <Text size="xsmall" className="text-ui-fg-muted">
                  TransactionHead
                </Text>
                <JsonView value={tx.head} label="TransactionHead" />
                <Text size="xsmall" className="text-ui-fg-muted">
                  TransactionDetail
                </Text>
                <JsonView value={tx.details} label="TransactionDetail" />
              </section>
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
