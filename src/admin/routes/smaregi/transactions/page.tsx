import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Receipt, Sparkles } from "@medusajs/icons"
import {
  Button,
  Container,
  DataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
  Heading,
  Text,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useMemo, useState } from "react"
import { Link, useSearchParams } from "react-router-dom"
import { DryRunModal } from "../../../components/dry-run-modal"
import { TransactionStatusBadge } from "../../../components/status-badges"
import { TransactionDrawer } from "../../../components/transaction-drawer"
import { type SmaregiTransaction, errorMessage, smaregiApi, transactionsApi } from "../../../lib/api"
import { formatDateTime, formatSmaregiTime, formatYen } from "../../../lib/format"

const PAGE_SIZE = 20
const STATUSES = ["received", "imported", "updated", "canceled", "skipped", "failed", "needs_attention"]

const column = createDataTableColumnHelper<SmaregiTransaction>()
const filter = createDataTableFilterHelper<SmaregiTransaction>()

const columns = [
  column.accessor("transaction_head_id", {
    header: "Transaction",
    cell: ({ getValue }) => <span className="font-mono">{getValue()}</span>,
  }),
  column.accessor("status", { header: "Status", cell: ({ getValue }) => <TransactionStatusBadge status={getValue()} /> }),
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
  const queryClient = useQueryClient()
  const prompt = usePrompt()
  const [params] = useSearchParams()
  const [search, setSearch] = useState(params.get("q") ?? "")
  const [filtering, setFiltering] = useState<DataTableFilteringState>(params.get("status") ? { status: params.get("status") } : {})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [openId, setOpenId] = useState<string | null>(null)
  const [dryRunOpen, setDryRunOpen] = useState(false)

  const { data: connections = [] } = useQuery({ queryKey: ["smaregi", "connections"], queryFn: smaregiApi.connections })

  const status = typeof filtering.status === "string" ? filtering.status : undefined
  const connectionId = typeof filtering.connection_id === "string" ? filtering.connection_id : undefined
  const { data, isLoading } = useQuery({
    queryKey: ["smaregi", "transactions", { search, status, connectionId, pagination }],
    queryFn: () =>
      transactionsApi.list({
        q: search || undefined,
        status,
        connection_id: connectionId,
        limit: pagination.pageSize,
        offset: pagination.pageIndex * pagination.pageSize,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  })

  const filters = useMemo(
    () => [
      filter.accessor("status", {
        type: "radio",
        label: "Status",
        options: STATUSES.map((s) => ({ label: s.replace("_", " "), value: s })),
      }),
      ...(connections.length > 1
        ? [
            filter.accessor("connection_id", {
              type: "radio",
              label: "Connection",
              options: connections.map((c) => ({ label: c.name, value: c.id })),
            }),
          ]
        : []),
    ],
    [connections]
  )

  const replayFailed = useMutation({
    mutationFn: () => transactionsApi.replayFailed(connectionId),
    onSuccess: (result) => {
      const stillFailed = result.results.filter((r) => r.status === "failed").length
      const message = `Replayed ${result.replayed}: ${result.replayed - stillFailed} done, ${stillFailed} still failed${
        result.remaining > 0 ? ` (${result.remaining} more to replay)` : ""
      }`
      if (stillFailed) toast.warning(message)
      else toast.success(message)
      void queryClient.invalidateQueries({ queryKey: ["smaregi", "transactions"] })
    },
    onError: (error) => toast.error(errorMessage(error)),
  })

  const confirmReplayFailed = async () => {
    const ok = await prompt({
      title: "Replay all failed transactions?",
      description: "Each failed sale is processed again with the current settings. Sales that still cannot be imported stay failed.",
      confirmText: "Replay",
      cancelText: "Cancel",
    })
    if (ok) replayFailed.mutate()
  }

  const table = useDataTable({
    columns,
    data: data?.transactions ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    filters,
    filtering: { state: filtering, onFilteringChange: setFiltering },
    search: { state: search, onSearchChange: setSearch },
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_event, row) => setOpenId(row.id),
  })

  return (
    <Container className="divide-y p-0">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>Smaregi transactions</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Every sale the registers pushed (取引), what became of it and why.
            </Text>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <DataTable.FilterMenu tooltip="Filter" />
            <DataTable.Search placeholder="Transaction ID, store, member code" />
            <Button size="small" variant="secondary" onClick={() => setDryRunOpen(true)}>
              <Sparkles />
              Dry run
            </Button>
            <Button size="small" variant="secondary" onClick={confirmReplayFailed} isLoading={replayFailed.isPending}>
              <ArrowPath />
              Replay all failed
            </Button>
          </div>
        </DataTable.Toolbar>
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
