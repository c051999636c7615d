export const nav = { smaregi: "Smaregi", transactions: "Transactions", members: "Members" }

export const common = {
  cancel: "Cancel",
  create: "Create",
  enabled: "Enabled",
  disabled: "Disabled",
  on: "On",
  off: "Off",
  set: "Set",
  notSet: "Not set",
  yes: "Yes",
  no: "No",
  none: "none",
  never: "never",
  filter: "Filter",
  noMatch: "No match",
  loading: "Loading…",
  exportCsv: "Export CSV",
  paginationOf: "of",
  paginationResults: "results",
  paginationPages: "pages",
  paginationPrev: "Prev",
  paginationNext: "Next",
  exportFailed: "Export failed: {{message}}",
  connection: "Connection",
  details: "Details",
}

export const status = {
  transaction: {
    received: "Received",
    imported: "Imported",
    updated: "Updated",
    canceled: "Canceled",
    skipped: "Skipped",
    failed: "Failed",
    needs_attention: "Needs attention",
  },
  member: { pending: "Pending", synced: "Synced", failed: "Failed", withdrawn: "Withdrawn", deleted: "Deleted", link_pending: "Link pending" },
  backfill: { running: "Running", stopped: "Stopped", completed: "Completed", failed: "Failed" },
  pull: { running: "Running", done: "Done", failed: "Failed" },
  import: { running: "Running", done: "Done", failed: "Failed" },
}

export const action = { create: "Create", update: "Update", cancel: "Cancel", skip: "Skip", classify: "Classify" }

export const event = {
  received: "Received",
  imported: "Imported",
  updated: "Updated",
  canceled: "Canceled",
  skipped: "Skipped",
  failed: "Failed",
  replayed: "Replayed",
  needs_attention: "Needs attention",
}
