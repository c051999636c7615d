import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Receipt, Sparkles } from "@medusajs/icons"
import { Badge, Button, Container, DataTable, createDataTableColumnHelper, toast, useDataTable } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { DryRunModal } from "../../../components/dry-run-modal"
import { StatusFilterToolbar } from "../../../components/status-filter-toolbar"
import { STATUSES, TransactionStatusBadge } from "../../../components/status-badges"
import { TransactionDrawer } from "../../../components/transaction-drawer"
import { type SmaregiTransaction, transactionsApi } from "../../../lib/api"
import { formatDateTime, formatSmaregiTime, formatYen } from "../../../lib/format"
import { type Translate, paginationTranslations, reasonLabel, statusLabel, useT } from "../../../lib/i18n"
import { useConfirmedMutation } from "../../../lib/use-confirmed-mutation"
import { useOpenId } from "../../../lib/use-open-id"
import { useStatusFilteredList } from "../../../lib/use-status-filtered-list"
import { ExportCsvButton } from "../../../components/export-csv-button"


const column = createDataTableColumnHelper<SmaregiTransaction>()

const columnsFor = (t: Translate) => [
  column.accessor("transaction_head_id", {
    header: t("transactions.colTransaction"),
    cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
  }),
  column.accessor("status", {
    header: t("transactions.colStatus"),
    cell: ({ row }) => (
      <div className="flex items-center gap-x-1">
        <TransactionStatusBadge status={row.original.status} />
        {row.original.points_drift && (
          <Badge size="2xsmall" color="orange" title={t("transactions.pointsDriftTitle")} data-points-drift>
            {t("transactions.pointsDrift")}
          </Badge>
        )}
      </div>
    ),
  }),
  column.accessor("reason", {
    header: t("transactions.colReason"),
    maxSize: 320,
    cell: ({ row }) => (
      <span className="text-ui-fg-subtle block max-w-[320px] truncate" title={row.original.reason ?? undefined} data-reason-code={row.original.reason_code ?? undefined}>
        {row.original.reason_code ? reasonLabel(t, row.original.reason_code) : row.original.reason ?? ""}
      </span>
    ),
  }),
  column.accessor("store_id", { header: t("transactions.colStore"), cell: ({ getValue }) => getValue() ?? "—" }),
  column.accessor("customer_code", { header: t("transactions.colMember"), cell: ({ getValue }) => getValue() ?? "—" }),
  column.accessor("total", { header: t("transactions.colTotal"), cell: ({ getValue }) => formatYen(getValue()) }),
  column.accessor("transaction_date_time", { header: t("transactions.colSaleTime"), cell: ({ getValue }) => formatSmaregiTime(getValue()) }),
  column.accessor("created_at", { header: t("transactions.colReceived"), cell: ({ getValue }) => formatDateTime(getValue()) }),
  column.accessor("order_id", {
    header: t("transactions.colOrder"),
    cell: ({ getValue }) => {
      const id = getValue()
      return id ? (
        <Link to={`/orders/${id}`} className="text-ui-fg-interactive" onClick={(e) => e.stopPropagation()}>
          {t("transactions.viewOrder")}
        </Link>
      ) : (
        "—"
      )
    },
  }),
]

const TransactionsPage = () => {
  const t = useT()
  const columns = useMemo(() => columnsFor(t), [t])
  const [openId, setOpenId] = useOpenId()
  const [dryRunOpen, setDryRunOpen] = useState(false)

  const { connections, connectionId, filter, table: tableState } = useStatusFilteredList({
    resource: "transactions",
    list: transactionsApi.list,
    rows: (page) => page.transactions,
    statuses: STATUSES.transaction,
    statusLabel: t("transactions.colStatus"),
    statusOptionLabel: (status) => statusLabel(t, "transaction", status),
  })

  const replayFailed = useConfirmedMutation({
    confirm: {
      title: t("transactions.replayConfirmTitle"),
      description: t("transactions.replayConfirmDescription"),
      confirmText: t("transactions.replay"),
    },
    mutationFn: () => transactionsApi.replayFailed(connectionId),
    onSuccess: (result) => {
      const stillFailed = result.results.filter((r) => r.status === "failed").length
      const message =
        t("transactions.replayedSummary", { replayed: result.replayed, done: result.replayed - stillFailed, stillFailed }) +
        (result.remaining > 0 ? t("transactions.replayedRemaining", { remaining: result.remaining }) : "")
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
          title={t("transactions.title")}
          description={t("transactions.description")}
          searchPlaceholder={t("transactions.search")}
        >
          <Button size="small" variant="secondary" onClick={() => setDryRunOpen(true)}>
            <Sparkles />
            {t("transactions.dryRun")}
          </Button>
          <Button size="small" variant="secondary" onClick={replayFailed.run} isLoading={replayFailed.isPending}>
            <ArrowPath />
            {t("transactions.replayAllFailed")}
          </Button>
          <ExportCsvButton path="/admin/smaregi/transactions/export" filter={filter} />
        </StatusFilterToolbar>
        <DataTable.Table
          emptyState={{
            empty: { heading: t("transactions.emptyHeading"), description: t("transactions.emptyDescription") },
            filtered: { heading: t("common.noMatch"), description: t("transactions.filteredDescription") },
          }}
        />
        <DataTable.Pagination translations={paginationTranslations(t)} />
      </DataTable>
      <TransactionDrawer id={openId} onClose={() => setOpenId(null)} connections={connections} />
      <DryRunModal open={dryRunOpen} onOpenChange={setDryRunOpen} connections={connections} />
    </Container>
  )
}

export const config = defineRouteConfig({ label: "nav.transactions", translationNs: "smaregi", icon: Receipt })

export default TransactionsPage
