import { StatusBadge } from "@medusajs/ui"
import { type StatusKind, statusLabel, useT } from "../lib/i18n"

type Color = "green" | "red" | "blue" | "orange" | "grey" | "purple"

const COLORS: Record<StatusKind, Record<string, Color>> = {
  transaction: {
    received: "blue",
    imported: "green",
    updated: "green",
    canceled: "grey",
    skipped: "grey",
    failed: "red",
    needs_attention: "orange",
  },
  member: { pending: "orange", synced: "green", failed: "red", withdrawn: "grey", deleted: "grey", link_pending: "purple" },
  backfill: { running: "blue", stopped: "orange", completed: "green", failed: "red" },
  pull: { running: "blue", done: "green", failed: "red" },
  import: { running: "blue", done: "green", failed: "red" },
}

/** The statuses each kind shows (and each list filters by), in the order the filter shows them. */
export const STATUSES: Record<StatusKind, string[]> = Object.fromEntries(
  Object.entries(COLORS).map(([kind, colors]) => [kind, Object.keys(colors)])
) as Record<StatusKind, string[]>

function Badge({ kind, status }: { kind: StatusKind; status: string }) {
  const t = useT()
  return (
    <StatusBadge color={COLORS[kind][status] ?? "grey"} data-status={status}>
      {statusLabel(t, kind, status)}
    </StatusBadge>
  )
}

export const TransactionStatusBadge = ({ status }: { status: string }) => <Badge kind="transaction" status={status} />
export const MemberStatusBadge = ({ status }: { status: string }) => <Badge kind="member" status={status} />
export const BackfillStatusBadge = ({ status }: { status: string }) => <Badge kind="backfill" status={status} />
export const PullStatusBadge = ({ status }: { status: string }) => <Badge kind="pull" status={status} />
export const ImportStatusBadge = ({ status }: { status: string }) => <Badge kind="import" status={status} />
