import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Receipt, Sparkles } from "@medusajs/icons"
import { Badge, Button, Container, DataTable, createDataTableColumnHelper, toast, useDataTable } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { DryRunModal } from "../../../components/dry-run-modal"
import { StatusFilterToolbar } from "../../../components/status-filter-toolbar"
import { TransactionStatusBadge } from "../../../components/status-badges"
import { TransactionDrawer } from "../../../components/transaction-drawer"
import { type SmaregiTransaction, transactionsApi } from "../../../lib/api"
import { formatDateTime, formatSmaregiTime, formatYen } from "../../../lib/format"
import { useConfirmedMutation } from "../../../lib/use-confirmed-mutation"
import { useOpenId } from "../../../lib/use-open-id"
import { useStatusFilteredList } from "../../../lib/use-status-filtered-list"
import { ExportCsvButton } from "../../../components/export-csv-button"

const STATUSES = ["received", "imported", "updated", "canceled", "skipped", "failed", "needs_attention"]
const humanStatus = (status: string) => status.replace("_", " ")

const column = createDataTableColumnHelper<SmaregiTransaction>()

const columns = [
  column.accessor("transaction_head_id", {
    header: "Transaction",
    cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
  }),
  column.accessor("status", {
    header: "Status",
    cell: ({ row }) => (
      <div className="flex items-center gap-x-1">
        <TransactionStatusBadge status={row.original.status} />
        {row.original.points_drift && (
          <Badge size="2xsmall" color="orange" title="The register moved more points than the web ledger held" data-points-drift>
            points drift
          </Badge>
        )}
      </div>
    ),
  }),
  column.accessor("reason", {
    header: "Reason",
    maxSize: 320,
    cell: ({ row }) => (
      <span className="text-ui-fg-subtle block max-w-[320px] truncate" title={row.original.reason ?? undefined}>
        {row.original.reason ?? row.original.reason_code ?? ""}
      </span>
    ),
  }),
  column.accessor("store_id", { header: "Store", cell: ({ getValue }) => getValue() ?? "—" }),
  column.accessor("customer_code", { header: "Member", cell: ({ getValue }) => getValue() ?? "—" }),
  column.accessor("total", { header: "Total", cell: ({ getValue }) => formatYen(getValue()) }),
  column.accessor("transaction_date_time", { header: "Sale time", cell: ({ getValue }) => formatSmaregiTime(getValue()) }),
  column.accessor("created_at", { header: "Received", cell: ({ getValue }) => formatDateTime(getValue()) }),
  column.accessor("order_id", {
    header: "Order",
    cell: ({ getValue }) => {
      const id = getValue()
      return id ? (
        <Link to={`/orders/${id}`} className="text-ui-fg-interactive" onClick={(e) => e.stopPropagation()}>
          View order
        </Link>
      ) : (
        "—"
      )
    },
  }),
]

const TransactionsPage = () => {
  const [openId, setOpenId] = useOpenId()
  const [dryRunOpen, setDryRunOpen] = useState(false)

  const { connections, connectionId, filter, table: tableState } = useStatusFilteredList({
    resource: "transactions",
    list: transactionsApi.list,
    rows: (page) => page.transactions,
    statuses: STATUSES,
    statusLabel: "Status",
    statusOptionLabel: humanStatus,
  })

  const replayFailed = useConfirmedMutation({
    confirm: {
      title: "Replay all failed transactions?",
      description: "Each failed sale is processed again with the current settings. Sales that still cannot be imported stay failed.",
      confirmText: "Replay",
    },
    mutationFn: () => transactionsApi.replayFailed(connectionId),
    onSuccess: (result) => {
      const stillFailed = result.results.filter((r) => r.status === "failed").length
      const message = `Replayed ${result.replayed}: ${result.replayed - stillFailed} done, ${stillFailed} still failed${
        result.remaining > 0 ? ` (${result.remaining} more to replay)` : ""
      }`
      if (stillFailed) toast.warning(message)
      else toast.success(message)
    },
    invalidate: ["smaregi", "transactions"],
  })

  const table = useDataTable({ columns, ...tableState, onRowClick: (_event, row) => setOpenId(row.id) })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <StatusFilterToolbar
          title="Smaregi transactions"
          description="Every sale the registers pushed (取引), what became of it and why."
          searchPlaceholder="Transaction ID, store, member code"
        >
          <Button size="small" variant="secondary" onClick={() => setDryRunOpen(true)}>
            <Sparkles />
            Dry run
          </Button>
          <Button size="small" variant="secondary" onClick={replayFailed.run} isLoading={replayFailed.isPending}>
            <ArrowPath />
            Replay all failed
          </Button>
          <ExportCsvButton path="/admin/smaregi/transactions/export" filter={filter} />
        </StatusFilterToolbar>
        <DataTable.Table
          emptyState={{
            empty: { heading: "No transaction yet", description: "Sales appear here as soon as a register pushes them." },
            filtered: { heading: "No match", description: "No transaction matches the filter or search." },
          }}
        />
        <DataTable.Pagination />
      </DataTable>
      <TransactionDrawer id={openId} onClose={() => setOpenId(null)} connections={connections} />
      <DryRunModal open={dryRunOpen} onOpenChange={setDryRunOpen} connections={connections} />
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Transactions", icon: Receipt })

export default TransactionsPage
