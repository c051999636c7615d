import type { HttpGroup } from "../helpers/runner"

// Each group boots Medusa once for its spec files; two groups run side by side. Files that seed the demo
// store in every test share a seeded group; the members files set sync timings before boot, so they
// share one; a file that changes the app's configuration before boot gets its own; everything unclaimed (admin, security, new files) falls into "admin".
export const HTTP_GROUPS: HttpGroup[] = [
  { name: "sales", match: /^sales-in(\.|-cancel|-skips|-resume)/, seedDemoStore: true },
  { name: "intake", match: /^(sales-in-(?!cancel|skips|resume)|bad-input|webhook|platform)/, seedDemoStore: true },
  { name: "points", match: /^(points-|barcode)/, seedDemoStore: true },
  { name: "members", match: /^members-/ },
  // Routes e-mail to a stub provider and sets MEDUSA_ADMIN_URL before its app boots.
  { name: "notices", match: /^failure-notices/, seedDemoStore: true },
  { name: "admin", match: null },
]
