import type { HttpGroup } from "../helpers/runner"

// Each group boots Medusa once for its spec files; two groups run side by side, the longest first
// (integration-tests/helpers/sequencer.js), so groups of about equal length finish together. Files that seed
// the demo store in every test share seeded groups; members files set sync timings before boot, so they only
// share groups with each other; a file that changes the app's configuration before boot gets its own;
// everything unclaimed (admin, security, new files) falls into "admin".
export const HTTP_GROUPS: HttpGroup[] = [
  { name: "sales", match: /^sales-in(\.|-cancel|-skips|-resume)/, seedDemoStore: true },
  { name: "pull", match: /^(sales-in-(pull|reconcile|pending)|bad-input)/, seedDemoStore: true },
  { name: "intake", match: /^(sales-in-(?!cancel|skips|resume|pull|reconcile|pending)|webhook|platform)/, seedDemoStore: true },
  { name: "points", match: /^points-/, seedDemoStore: true },
  { name: "barcode", match: /^barcode/, seedDemoStore: true },
  { name: "members", match: /^members-(?!existing|backfill)/ },
  { name: "members-contract", match: /^members-(existing|backfill)/ },
  // Routes e-mail to a stub provider and sets MEDUSA_ADMIN_URL before its app boots.
  { name: "notices", match: /^failure-notices/, seedDemoStore: true },
  { name: "admin", match: null },
]
