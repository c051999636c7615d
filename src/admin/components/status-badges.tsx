import { StatusBadge } from "@medusajs/ui"

type Color = "green" | "red" | "blue" | "orange" | "grey" | "purple"

const TRANSACTION_COLORS: Record<string, Color> = {
  received: "blue",
  imported: "green",
  updated: "green",
  canceled: "grey",
  skipped: "grey",
  failed: "red",
  needs_attention: "orange",
}

const MEMBER_COLORS: Record<string, Color> = {
  pending: "orange",
  synced: "green",
  failed: "red",
  withdrawn: "grey",
  deleted: "grey",
  link_pending: "purple",
}

const BACKFILL_COLORS: Record<string, Color> = { running: "blue", stopped: "orange", completed: "green", failed: "red" }

const PULL_COLORS: Record<string, Color> = { running: "blue", done: "green", failed: "red" }

export function humanize(status: string): string {
  const text = status.replace(/_/g, " ")
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function TransactionStatusBadge({ status }: { status: string }) {
  return (
    <StatusBadge color={TRANSACTION_COLORS[status] ?? "grey"} data-status={status}>
      {humanize(status)}
    </StatusBadge>
  )
}

export function MemberStatusBadge({ status }: { status: string }) {
  return (
    <StatusBadge color={MEMBER_COLORS[status] ?? "grey"} data-status={status}>
      {humanize(status)}
    </StatusBadge>
  )
}

export function BackfillStatusBadge({ status }: { status: string }) {
  return (
    <StatusBadge color={BACKFILL_COLORS[status] ?? "grey"} data-status={status}>
      {humanize(status)}
    </StatusBadge>
  )
}

export function PullStatusBadge({ status }: { status: string }) {
  return (
    <StatusBadge color={PULL_COLORS[status] ?? "grey"} data-status={status}>
      {humanize(status)}
    </StatusBadge>
  )
}
