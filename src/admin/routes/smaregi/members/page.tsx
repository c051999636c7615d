import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Users } from "@medusajs/icons"
import {
  Button,
  Container,
  DataTable,
  Drawer,
  Heading,
  Hint,
  Text,
  createDataTableColumnHelper,
  toast,
  useDataTable,
} from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { BackfillPanel } from "../../../components/backfill-panel"
import { PendingLinksPanel } from "../../../components/pending-links-panel"
import { JsonView } from "../../../components/json-view"
import { StatusFilterToolbar } from "../../../components/status-filter-toolbar"
import { MemberStatusBadge } from "../../../components/status-badges"
import { type SmaregiMember, errorMessage, membersApi } from "../../../lib/api"
import { formatDateTime } from "../../../lib/format"
import { useConfirmedMutation } from "../../../lib/use-confirmed-mutation"
import { useOpenId } from "../../../lib/use-open-id"
import { useStatusFilteredList } from "../../../lib/use-status-filtered-list"
import { ExportCsvButton } from "../../../components/export-csv-button"

const STATUSES = ["pending", "synced", "failed", "withdrawn", "deleted", "link_pending"]

function customerName(m: SmaregiMember): string {
  const c = m.customer
  if (!c) return m.customer_id
  const name = [c.last_name, c.first_name].filter(Boolean).join(" ")
  return name || c.email || m.customer_id
}

export function resyncMessage(r: { member: SmaregiMember; queued: boolean; skipped: string | null }): string {
  if (r.skipped) return `${r.member.customer_code} was not pushed: ${r.skipped}`
  if (r.member.status === "synced") return `${r.member.customer_code} is synced`
  return `${r.member.customer_code} is being pushed to Smaregi…`
}

function useResync() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => membersApi.resync(id),
    onSuccess: async (r) => {
      toast[r.skipped ? "warning" : "success"](resyncMessage(r))
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "members"] })
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "member"] })
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
}

function MemberDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const resync = useResync()
  const { data: member, error } = useQuery({
    queryKey: ["smaregi", "member", id],
    queryFn: () => membersApi.detail(id as string),
    enabled: !!id,
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 1500 : false),
  })
  return (
    <Drawer open={!!id} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content className="max-w-xl">
        <Drawer.Header>
          <div className="flex items-center gap-x-2">
            <Drawer.Title asChild>
              <Heading>Member {member?.customer_code ?? ""}</Heading>
            </Drawer.Title>
            {member && <MemberStatusBadge status={member.status} />}
          </div>
          <Drawer.Description className="sr-only">Sync state of one Smaregi member</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          {error && <Hint variant="error">{errorMessage(error)}</Hint>}
          {member && (
            <>
              <div className="grid grid-cols-[10rem_1fr] gap-y-1">
                <Text size="small" className="text-ui-fg-subtle">Customer</Text>
                <Link to={`/customers/${member.customer_id}`} className="txt-compact-small text-ui-fg-interactive">
                  {customerName(member)}
                </Link>
                <Text size="small" className="text-ui-fg-subtle">Smaregi customer ID</Text>
                <Text size="small">{member.smaregi_customer_id}</Text>
                <Text size="small" className="text-ui-fg-subtle">Linked existing</Text>
                <Text size="small">{member.linked_existing ? "Yes" : "No"}</Text>
                <Text size="small" className="text-ui-fg-subtle">Attempts</Text>
                <Text size="small">{member.attempts}</Text>
                <Text size="small" className="text-ui-fg-subtle">Last synced</Text>
                <Text size="small">{formatDateTime(member.last_synced_at)}</Text>
                <Text size="small" className="text-ui-fg-subtle">Next attempt</Text>
                <Text size="small">{formatDateTime(member.next_attempt_at)}</Text>
              </div>
              {member.last_error && (
                <Hint variant="error">
                  {member.last_error_code ? `[${member.last_error_code}] ` : ""}
                  {member.last_error}
                </Hint>
              )}
              <div>
                <Button size="small" onClick={() => resync.mutate(member.id)} isLoading={resync.isPending}>
                  <ArrowPath />
                  Resync
                </Button>
              </div>
              {member.last_payload && (
                <div className="flex flex-col gap-y-1">
                  <Text size="small" weight="plus">Last pushed row</Text>
                  <JsonView value={member.last_payload} label="Last pushed row" />
                </div>
              )}
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const column = createDataTableColumnHelper<SmaregiMember>()

const MembersPage = () => {
  const resync = useResync()
  const [openId, setOpenId] = useOpenId()

  const { connections, connectionId, filter, table: tableState } = useStatusFilteredList({
    resource: "members",
    list: membersApi.list,
    rows: (page) => page.members,
    statuses: STATUSES,
    statusLabel: "Sync state",
  })

  const columns = useMemo(
    () => [
      column.accessor("customer_id", {
        header: "Customer",
        cell: ({ row }) => (
          <Link to={`/customers/${row.original.customer_id}`} className="text-ui-fg-interactive" onClick={(e) => e.stopPropagation()}>
            {customerName(row.original)}
          </Link>
        ),
      }),
      column.accessor("customer.email", { header: "E-mail", cell: ({ row }) => row.original.customer?.email ?? "—" }),
      column.accessor("customer_code", { header: "Member code", cell: ({ getValue }) => <span className="font-mono">{getValue()}</span> }),
      column.accessor("status", { header: "Sync state", cell: ({ getValue }) => <MemberStatusBadge status={getValue()} /> }),
      column.accessor("last_error", {
        header: "Last error",
        cell: ({ getValue }) => (
          <span className="text-ui-fg-subtle block max-w-[280px] truncate" title={getValue() ?? undefined}>
            {getValue() ?? ""}
          </span>
        ),
      }),
      column.accessor("attempts", { header: "Attempts" }),
      column.accessor("last_synced_at", { header: "Last synced", cell: ({ getValue }) => formatDateTime(getValue()) }),
      column.action({
        actions: [
          { label: "Resync", icon: <ArrowPath />, onClick: ({ row }) => resync.mutate(row.original.id) },
          { label: "Details", onClick: ({ row }) => setOpenId(row.original.id) },
        ],
      }),
    ],
    [resync, setOpenId]
  )

  const resyncFailed = useConfirmedMutation({
    confirm: {
      title: "Resync all failed members?",
      description: "Every member whose last push failed is pushed again now.",
      confirmText: "Resync",
    },
    mutationFn: () => membersApi.resyncFailed(connectionId),
    onSuccess: (r) => toast.success(`Resync requested for ${r.queued} of ${r.failed} failed member(s)`),
    invalidate: ["smaregi", "members"],
  })

  const table = useDataTable({ columns, ...tableState, onRowClick: (_event, row) => setOpenId(row.id) })

  return (
    <div className="flex flex-col gap-y-3">
      <PendingLinksPanel connectionId={connectionId} />
      <Container className="divide-y p-0">
        <DataTable instance={table}>
          <StatusFilterToolbar
            title="Smaregi members"
            description="Each registered customer as a Smaregi member (会員) and the state of its last push."
            searchPlaceholder="Member code or e-mail"
          >
            <Button size="small" variant="secondary" onClick={resyncFailed.run} isLoading={resyncFailed.isPending}>
              <ArrowPath />
              Resync all failed
            </Button>
            <ExportCsvButton path="/admin/smaregi/members/export" filter={filter} />
          </StatusFilterToolbar>
          <DataTable.Table
            emptyState={{
              empty: { heading: "No member yet", description: "Registered customers appear here once member sync is on." },
              filtered: { heading: "No match", description: "No member matches the filter or search." },
            }}
          />
          <DataTable.Pagination />
        </DataTable>
      </Container>
      <BackfillPanel connections={connections} />
      <MemberDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  )
}

export const config = defineRouteConfig({ label: "Members", icon: Users })

export default MembersPage
