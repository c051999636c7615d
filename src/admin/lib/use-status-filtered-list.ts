import { type DataTableFilter, type DataTableFilteringState, type DataTablePaginationState, createDataTableFilterHelper } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useMemo, useState } from "react"
import { useSearchParams } from "react-router-dom"
import { type Connection, smaregiApi } from "./api"
import { useT } from "./i18n"

const PAGE_SIZE = 20

const asIs = (status: string) => status

const filter = createDataTableFilterHelper<{ status: string; connection_id: string }>()

/** A status radio filter, plus a connection one once there is more than one connection. */
function statusFilters(
  statuses: readonly string[],
  label: string,
  optionLabel: (status: string) => string,
  connections: Connection[],
  connectionLabel: string
): DataTableFilter[] {
  return [
    filter.accessor("status", { type: "radio", label, options: statuses.map((s) => ({ label: optionLabel(s), value: s })) }),
    ...(connections.length > 1
      ? [
          filter.accessor("connection_id", {
            type: "radio",
            label: connectionLabel,
            options: connections.map((c) => ({ label: c.name, value: c.id })),
          }),
        ]
      : []),
  ]
}

type ListQuery = { q: string | undefined; status: string | undefined; connection_id: string | undefined; limit: number; offset: number }

type StatusFilteredListOptions<T, Row> = {
  resource: string
  list: (query: ListQuery) => Promise<T>
  rows: (page: T) => Row[] | undefined
  statuses: readonly string[]
  statusLabel: string
  statusOptionLabel?: (status: string) => string
}

/**
 * A polled admin list behind a status filter (and a connection filter when there are several
 * connections): search and status start from `?q=` and `?status=`. `table` goes into `useDataTable`
 * as is, next to the columns.
 */
export function useStatusFilteredList<T extends { count: number }, Row extends { id: string }>({
  resource,
  list,
  rows,
  statuses,
  statusLabel,
  statusOptionLabel = asIs,
}: StatusFilteredListOptions<T, Row>) {
  const t = useT()
  const [params] = useSearchParams()
  const [search, setSearch] = useState(params.get("q") ?? "")
  const [filtering, setFiltering] = useState<DataTableFilteringState>(params.get("status") ? { status: params.get("status") } : {})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })

  const { data: connections = [] } = useQuery({ queryKey: ["smaregi", "connections"], queryFn: smaregiApi.connections })
  const status = typeof filtering.status === "string" ? filtering.status : undefined
  const connectionId = typeof filtering.connection_id === "string" ? filtering.connection_id : undefined

  const { data, isLoading } = useQuery({
    queryKey: ["smaregi", resource, { search, status, connectionId, pagination }],
    queryFn: () =>
      list({
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
    () => statusFilters(statuses, statusLabel, statusOptionLabel, connections, t("common.connection")),
    [statuses, statusLabel, statusOptionLabel, connections, t]
  )

  return {
    connections,
    connectionId,
    /** What the list shows, for an export of the same rows. */
    filter: { q: search || undefined, status, connection_id: connectionId },
    table: {
      data: (data && rows(data)) ?? [],
      getRowId: (row: Row) => row.id,
      rowCount: data?.count ?? 0,
      isLoading,
      filters,
      filtering: { state: filtering, onFilteringChange: setFiltering },
      search: { state: search, onSearchChange: setSearch },
      pagination: { state: pagination, onPaginationChange: setPagination },
    },
  }
}
