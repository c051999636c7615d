/** English labels of the settings form, by the field path the API names in a refusal. */
const LABELS: Record<string, string> = {
  name: "Name",
  enabled: "Enabled",
  agreement_secret: "Agreement secret",
  access_token: "Access token",
  allowedSources: "Allowed sources",
  allowAnySource: "Allow any source",
  trustedProxies: "Trusted proxies",
  apiUrl: "API URL",
  contractId: "Contract ID",
  rateLimitPerSecond: "API calls per second",
  timeoutMs: "Request timeout",
  importEnabled: "Import sales",
  mode: "Mode",
  importTarget: "Import target",
  "importTarget.memberOnly": "Members' sales only",
  "importTarget.storeIds": "Only these Smaregi stores",
  nonMemberPolicy: "Sales without a known member",
  salesChannelId: "Sales channel",
  regionId: "Region",
  currencyCode: "Currency",
  productCodeMatch: "Product code matches",
  "productCodeMatch.metadataKey": "Product code metadata key",
  variationMapping: "Variation mapping",
  fieldMapping: "Order field mapping",
  lineNameSource: "Line names",
  inventoryEnabled: "Reserve inventory",
  storeLocations: "Store → stock location",
  pointsOnCreate: "Move points on new sales",
  pointsOnUpdate: "Move points on edited sales",
  reconcileEnabled: "Reconciliation",
  memberSyncEnabled: "Sync members",
  memberFieldMapping: "Member field mapping",
  rankMapping: "Rank mapping",
  customerIdStart: "First Smaregi customer ID",
  memberCode: "Member code format",
  metadataKeys: "Customer metadata keys",
  approvalCustomerGroupId: "Approval customer group",
  approvalMetadataKey: "Approval flag (removed)",
  linkExistingBy: "Link existing Smaregi members by",
  deletionPolicy: "When a customer is deleted",
  sendPoints: "Send balances to Smaregi",
  memberBatchSize: "Members per request",
  namePlaceholder: "Placeholder for missing names",
  errorMail: "Error e-mail",
  "errorMail.to": "Error e-mail recipients",
  "errorMail.transactionTemplate": "Sale failure e-mail template",
  "errorMail.memberTemplate": "Member failure e-mail template",
  errorFeed: "Admin notification feed",
}

/** `settings.fieldMapping.2.target` → `Order field mapping, row 3 (target)`. */
export function fieldLabel(path: string): string {
  const parts = path.replace(/^settings\./, "").split(".")
  for (let n = parts.length; n > 0; n--) {
    const label = LABELS[parts.slice(0, n).join(".")]
    if (!label) continue
    const rest = parts.slice(n)
    // storeLocations is keyed by Smaregi store id, the other lists by position.
    const keyed = parts[n - 1] === "storeLocations"
    const row = !rest.length ? "" : keyed ? `, store ${rest.shift()}` : /^\d+$/.test(rest[0]) ? `, row ${Number(rest.shift()) + 1}` : ""
    return `${label}${row}${rest.length ? ` (${rest.join(".")})` : ""}`
  }
  return path
}
