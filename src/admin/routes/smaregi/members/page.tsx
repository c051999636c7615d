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
import { MemberStatusBadge, STATUSES } from "../../../components/status-badges"
import { type SmaregiMember, errorMessage, membersApi } from "../../../lib/api"
import { formatDateTime } from "../../../lib/format"
import { type Translate, paginationTranslations, reasonLabel, statusLabel, useT } from "../../../lib/i18n"
import { useConfirmedMutation } from "../../../lib/use-confirmed-mutation"
import { useOpenId } from "../../../lib/use-open-id"
import { useStatusFilteredList } from "../../../lib/use-status-filtered-list"
import { ExportCsvButton } from "../../../components/export-csv-button"

function customerName(m: SmaregiMember): string {
  const c = m.customer
  if (!c) return m.customer_id
  const name = [c.last_name, c.first_name].filter(Boolean).join(" ")
  return name || c.email || m.customer_id
}

export function resyncMessage(t: Translate, r: { member: SmaregiMember; queued: boolean; skipped: string | null }): string {
  const code = r.member.customer_code
  if (r.skipped) return t("members.notPushed", { code, why: reasonLabel(t, r.skipped) })
  if (r.member.status === "synced") return t("members.isSynced", { code })
  return t("members.beingPushed", { code })
}

function useResync() {
  const t = useT()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => membersApi.resync(id),
    onSuccess: async (r) => {
      toast[r.skipped ? "warning" : "success"](resyncMessage(t, r))
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "members"] })
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "member"] })
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
}

function MemberDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT()
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
              <Heading>{t("members.drawerTitle", { code: member?.customer_code ?? "" })}</Heading>
            </Drawer.Title>
            {member && <MemberStatusBadge status={member.status} />}
          </div>
          <Drawer.Description className="sr-only">{t("members.drawerDescription")}</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          {error && <Hint variant="error">{errorMessage(error)}</Hint>}
          {member && (
            <>
              <div className="grid grid-cols-[10rem_1fr] gap-y-1">
                <Text size="small" className="text-ui-fg-subtle">{t("members.customer")}</Text>
                <Link to={`/customers/${member.customer_id}`} className="txt-compact-small text-ui-fg-interactive">
                  {customerName(member)}
                </Link>
                <Text size="small" className="text-ui-fg-subtle">{t("members.smaregiCustomerId")}</Text>
                <Text size="small">{member.smaregi_customer_id ?? "—"}</Text>
                <Text size="small" className="text-ui-fg-subtle">{t("members.linkedExisting")}</Text>
                <Text size="small">{member.linked_existing ? t("common.yes") : t("common.no")}</Text>
                <Text size="small" className="text-ui-fg-subtle">{t("members.attempts")}</Text>
                <Text size="small">{member.attempts}</Text>
                <Text size="small" className="text-ui-fg-subtle">{t("members.lastSynced")}</Text>
                <Text size="small">{formatDateTime(member.last_synced_at)}</Text>
                <Text size="small" className="text-ui-fg-subtle">{t("members.nextAttempt")}</Text>
                <Text size="small">{formatDateTime(member.next_attempt_at)}</Text>
              </div>
              {member.last_error && (
                <Hint variant="error">
                  {member.last_error_code ? <span data-error-code={member.last_error_code}>{reasonLabel(t, member.last_error_code)}: </span> : ""}
                  {member.last_error}
                </Hint>
              )}
              <div>
                <Button size="small" onClick={() => resync.mutate(member.id)} isLoading={resync.isPending}>
                  <ArrowPath />
                  {t("members.resync")}
                </Button>
              </div>
              {member.last_payload && (
                <div className="flex flex-col gap-y-1">
                  <Text size="small" weight="plus">{t("members.lastPushedRow")}</Text>
                  <JsonView value={member.last_payload} label={t("members.lastPushedRow")} />
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
  const t = useT()
  const resync = useResync()
  const [openId, setOpenId] = useOpenId()

  const { connections, connectionId, filter, table: tableState } = useStatusFilteredList({
    resource: "members",
    list: membersApi.list,
    rows: (page) => page.members,
    statuses: STATUSES.member,
    statusLabel: t("members.colSyncState"),
    statusOptionLabel: (status) => statusLabel(t, "member", status),
  })

  const columns = useMemo(
    () => [
      column.accessor("customer_id", {
        header: t("members.colCustomer"),
        cell: ({ row }) => (
          <Link to={`/customers/${row.original.customer_id}`} className="text-ui-fg-interactive" onClick={(e) => e.stopPropagation()}>
            {customerName(row.original)}
          </Link>
        ),
      }),
      column.accessor("customer.email", { header: t("members.colEmail"), cell: ({ row }) => row.original.customer?.email ?? "—" }),
      column.accessor("customer_code", { header: t("members.colMemberCode"), cell: ({ getValue }) => <span className="font-mono">{getValue()}</span> }),
      column.accessor("status", { header: t("members.colSyncState"), cell: ({ getValue }) => <MemberStatusBadge status={getValue()} /> }),
      column.accessor("last_error", {
        header: t("members.colLastError"),
        cell: ({ getValue }) => (
          <span className="text-ui-fg-subtle block max-w-[280px] truncate" title={getValue() ?? undefined}>
            {getValue() ?? ""}
          </span>
        ),
      }),
      column.accessor("attempts", { header: t("members.colAttempts") }),
      column.accessor("last_synced_at", { header: t("members.colLastSynced"), cell: ({ getValue }) => formatDateTime(getValue()) }),
      column.action({
        actions: [
          { label: t("members.resync"), icon: <ArrowPath />, onClick: ({ row }) => resync.mutate(row.original.id) },
          { label: t("common.details"), onClick: ({ row }) => setOpenId(row.original.id) },
        ],
      }),
    ],
    [resync, setOpenId, t]
  )

  const resyncFailed = useConfirmedMutation({
    confirm: {
      title: t("members.resyncConfirmTitle"),
      description: t("members.resyncConfirmDescription"),
      confirmText: t("members.resync"),
    },
    mutationFn: () => membersApi.resyncFailed(connectionId),
    onSuccess: (r) => toast.success(t("members.resyncRequested", { queued: r.queued, failed: r.failed })),
    invalidate: ["smaregi", "members"],
  })

  const table = useDataTable({ columns, ...tableState, onRowClick: (_event, row) => setOpenId(row.id) })

  return (
    <div className="flex flex-col gap-y-3">
      <PendingLinksPanel connectionId={connectionId} />
      <Container className="divide-y p-0">
        <DataTable instance={table}>
          <StatusFilterToolbar
            title={t("members.title")}
            description={t("members.description")}
            searchPlaceholder={t("members.search")}
          >
            <Button size="small" variant="secondary" onClick={resyncFailed.run} isLoading={resyncFailed.isPending}>
              <ArrowPath />
              {t("members.resyncAllFailed")}
            </Button>
            <ExportCsvButton path="/admin/smaregi/members/export" filter={filter} />
          </StatusFilterToolbar>
          <DataTable.Table
            emptyState={{
              empty: { heading: t("members.emptyHeading"), description: t("members.emptyDescription") },
              filtered: { heading: t("common.noMatch"), description: t("members.filteredDescription") },
            }}
          />
          <DataTable.Pagination translations={paginationTranslations(t)} />
        </DataTable>
      </Container>
      <BackfillPanel connections={connections} />
      <MemberDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  )
}

export const config = defineRouteConfig({ label: "nav.members", translationNs: "smaregi", icon: Users })

export default MembersPage
