import type { HttpGroup } from "../helpers/runner"

// Each group boots Medusa once for its spec files; two groups run side by side. Files that seed the demo
// store in every test share a seeded group; the members files set sync timings before boot, so they
// share one; everything unclaimed (admin, security, new files) falls into "admin".
export const HTTP_GROUPS: HttpGroup[] = [
  { name: "sales", match: /^sales-in(\.|-cancel|-skips|-resume)/, seedDemoStore: true },
  { name: "intake", match: /^(sales-in-(?!cancel|skips|resume)|bad-input|webhook|platform)/, seedDemoStore: true },
  { name: "points", match: /^(points-|barcode)/, seedDemoStore: true },
  { name: "members", match: /^members-/ },
  { name: "admin", match: null },
]
