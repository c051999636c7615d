import { ArrowPath, Sparkles } from "@medusajs/icons"
import { Button, Drawer, Heading, Hint, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { Link } from "react-router-dom"
import { type Connection, type OrderPreview, envelopeOf, errorMessage, transactionsApi } from "../lib/api"
import { formatDateTime, formatSmaregiTime, formatYen } from "../lib/format"
import { JsonView } from "./json-view"
import { OrderPreviewView } from "./order-preview"
import { humanize, reasonLabel, statusLabel, useT } from "../lib/i18n"
import { TransactionStatusBadge } from "./status-badges"

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
  const t = useT()
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
        toast.error(t("drawer.replayedStill", { status: statusLabel(t, "transaction", transaction.status), reason: transaction.reason ?? t("drawer.seeEvents") }))
      } else {
        toast.success(t("drawer.replayed", { status: statusLabel(t, "transaction", transaction.status) }))
      }
      setPreview(null)
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["smaregi", "transaction", id] }),
        queryClient.invalidateQueries({ queryKey: ["smaregi", "transactions"] }),
      ])
    },
    onError: (e) => toast.error(t("drawer.replayFailed", { message: errorMessage(e) })),
  })

  const previewMapping = useMutation({
    mutationFn: () => {
      const tx = data?.transaction
      if (!tx) throw new Error(t("drawer.notLoaded"))
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
              <Heading>{t("drawer.title", { id: tx?.transaction_head_id ?? "" })}</Heading>
            </Drawer.Title>
            {tx && <TransactionStatusBadge status={tx.status} />}
          </div>
          <Drawer.Description className="sr-only">{t("drawer.description")}</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {isLoading && <Text size="small">{t("common.loading")}</Text>}
          {error && <Hint variant="error">{errorMessage(error)}</Hint>}
          {tx && (
            <>
              <section>
                <Row label={t("common.connection")}>{connection?.name ?? tx.connection_id}</Row>
                <Row label={t("drawer.store")}>{tx.store_id ?? "—"}</Row>
                <Row label={t("drawer.register")}>{String(head.terminalId ?? "—")}</Row>
                <Row label={t("drawer.registerTransaction")}>{String(head.terminalTranId ?? "—")}</Row>
                <Row label={t("drawer.saleTime")}>{formatSmaregiTime((head.terminalTranDateTime as string | undefined) ?? tx.transaction_date_time)}</Row>
                <Row label={t("drawer.member")}>{tx.customer_code ?? "—"}</Row>
                <Row label={t("drawer.total")}>{formatYen(tx.total)}</Row>
                <Row label={t("drawer.received")}>{formatDateTime(tx.created_at)}</Row>
                <Row label={t("drawer.processed")}>{formatDateTime(tx.processed_at)}</Row>
                <Row label={t("drawer.attempts")}>{tx.attempts}</Row>
                <Row label={t("drawer.order")}>
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
                <Heading level="h3">{t("drawer.classification")}</Heading>
                <Row label={t("drawer.action")}>{tx.action ? t.dynamic(`action.${tx.action}`, tx.action) : "—"}</Row>
                <Row label={t("drawer.reasonCode")}>
                  {tx.reason_code ? <span data-reason-code={tx.reason_code}>{reasonLabel(t, tx.reason_code)} ({tx.reason_code})</span> : "—"}
                </Row>
                {tx.points_drift && (
                  <Hint variant="error" data-points-drift>
                    {t("drawer.pointsDrift", {
                      spend: tx.points_drift.spend,
                      earn: tx.points_drift.earn,
                      held: tx.points_drift.debits.map((d) => `${d.balance_before} (${d.kind} ${d.amount})`).join(t("drawer.then")),
                      after: tx.points_drift.balance_after,
                    })}
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
                    {t("drawer.replay")}
                  </Button>
                )}
                <Button size="small" variant="secondary" onClick={() => previewMapping.mutate()} isLoading={previewMapping.isPending}>
                  <Sparkles />
                  {t("drawer.previewOrder")}
                </Button>
              </section>
              {preview && (
                <section className="flex flex-col gap-y-2">
                  <Heading level="h3">{t("drawer.mappedResult")}</Heading>
                  <OrderPreviewView preview={preview} />
                </section>
              )}
              <section className="flex flex-col gap-y-2">
                <Heading level="h3">{t("drawer.events")}</Heading>
                <div className="border-ui-border-base overflow-x-auto rounded-md border">
                  <Table>
                    <Table.Header>
                      <Table.Row>
                        <Table.HeaderCell>{t("drawer.time")}</Table.HeaderCell>
                        <Table.HeaderCell>{t("drawer.event")}</Table.HeaderCell>
                        <Table.HeaderCell>{t("drawer.reason")}</Table.HeaderCell>
                        <Table.HeaderCell>updDateTime</Table.HeaderCell>
                      </Table.Row>
                    </Table.Header>
                    <Table.Body>
                      {(data?.events ?? []).map((e) => (
                        <Table.Row key={e.id}>
                          <Table.Cell>{formatDateTime(e.created_at)}</Table.Cell>
                          <Table.Cell>{t.dynamic(`event.${e.type}`, humanize(e.type))}</Table.Cell>
                          <Table.Cell className="max-w-[16rem] whitespace-normal">
                            {[e.reason_code && reasonLabel(t, e.reason_code), e.message].filter(Boolean).join(" — ") || "—"}
                          </Table.Cell>
                          <Table.Cell>{formatSmaregiTime(e.upd_date_time)}</Table.Cell>
                        </Table.Row>
                      ))}
                    </Table.Body>
                  </Table>
                </div>
              </section>
              <section className="flex flex-col gap-y-2">
                <Heading level="h3">{t("drawer.rawData")}</Heading>
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
