import { parsePlatformWebhook, type PlatformWebhookInput } from "../webhook"

const EVENT_ID = "3f1c2a9e-8d0b-4b7a-9c51-2e6f0a4d7b13"
const headers = (extra: Record<string, string | string[] | undefined> = {}) => ({
  "smaregi-contract-id": "sb_abc123",
  "smaregi-event": "pos:transactions",
  "smaregi-event-id": EVENT_ID,
  "user-agent": "Smaregi-Platform-Api-Webhook/1.0.0",
  "x-smaregi-webhook-secret": "s3cret",
  ...extra,
})
const body = { contractId: "sb_abc123", event: "pos:transactions", action: "created", transactionHeadIds: ["25"] }
const input = (patch: Partial<PlatformWebhookInput> = {}): PlatformWebhookInput => ({ headers: headers(), body: JSON.stringify(body), secret: "s3cret", ...patch })

describe("parsePlatformWebhook", () => {
  it.each<[string, PlatformWebhookInput, Record<string, unknown>]>([
    ["a transactions webhook as raw text", input(), { contractId: "sb_abc123", eventId: EVENT_ID, event: "pos:transactions", action: "created", ids: ["25"] }],
    ["an already parsed body", input({ body }), { ids: ["25"] }],
    ["numeric ids, deduplicated in order", input({ body: { ...body, transactionHeadIds: [27, "25", "27", " 26 "] } }), { ids: ["27", "25", "26"] }],
    ["any action (refetch by id)", input({ body: { ...body, action: "edited" } }), { action: "edited" }],
    [
      "a customers webhook",
      input({ headers: headers({ "smaregi-event": "pos:customers" }), body: { contractId: "sb_abc123", event: "pos:customers", action: "bulk-update", customerIds: ["7", "8"] } }),
      { event: "pos:customers", action: "bulk-update", ids: ["7", "8"] },
    ],
    ["no Smaregi-Event-Id header", input({ headers: headers({ "smaregi-event-id": undefined }) }), { eventId: null }],
    ["no secret configured", input({ secret: null, headers: headers({ "x-smaregi-webhook-secret": undefined }) }), { ids: ["25"] }],
    ["a custom secret header in any case", input({ secretHeader: "X-Shop-Token", headers: headers({ "X-SHOP-TOKEN": "s3cret" }) }), { ids: ["25"] }],
    ["header values as arrays", input({ headers: headers({ "smaregi-event-id": [EVENT_ID, "other"] }) }), { eventId: EVENT_ID }],
    ["the expected contract", input({ contractId: "sb_abc123" }), { contractId: "sb_abc123" }],
  ])("accepts %s", (_name, given, expected) => {
    const result = parsePlatformWebhook(given)
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value).toMatchObject(expected)
  })

  it.each<[string, PlatformWebhookInput, string, RegExp]>([
    ["no secret header", input({ headers: headers({ "x-smaregi-webhook-secret": undefined }) }), "missing_secret", /X-Smaregi-Webhook-Secret header is missing/],
    ["a wrong secret", input({ headers: headers({ "x-smaregi-webhook-secret": "s3creT" }) }), "bad_secret", /does not match/],
    ["a secret of another length", input({ headers: headers({ "x-smaregi-webhook-secret": "s3cret!" }) }), "bad_secret", /does not match/],
    ["the secret in the default header when a custom one is set", input({ secretHeader: "X-Shop-Token" }), "missing_secret", /X-Shop-Token/],
    ["broken JSON", input({ body: "{\"contractId\":" }), "invalid_json", /not valid JSON/],
    ["a JSON array", input({ body: "[]" }), "invalid_body", /JSON object/],
    ["an empty body", input({ body: "" }), "invalid_json", /not valid JSON/],
    ["no body", input({ body: null }), "invalid_body", /JSON object/],
    ["no contractId", input({ body: { ...body, contractId: "" } }), "missing_contract_id", /contractId is missing/],
    ["a header contract that differs", input({ headers: headers({ "smaregi-contract-id": "sb_other" }) }), "contract_mismatch", /sb_other.*sb_abc123/],
    ["another connection's contract", input({ contractId: "sb_mine" }), "unexpected_contract", /not this connection's contract \(sb_mine\)/],
    ["no event", input({ body: { ...body, event: undefined } }), "missing_event", /event is missing/],
    ["a header event that differs", input({ headers: headers({ "smaregi-event": "pos:customers" }) }), "event_mismatch", /pos:customers.*pos:transactions/],
    ["an event we do not handle", input({ headers: headers({ "smaregi-event": "pos:products" }), body: { ...body, event: "pos:products" } }), "unsupported_event", /"pos:products" is not handled/],
    ["no action", input({ body: { ...body, action: 3 } }), "missing_action", /action is missing/],
    ["no ids", input({ body: { ...body, transactionHeadIds: undefined } }), "missing_ids", /transactionHeadIds must be a non-empty array/],
    ["an empty id list", input({ body: { ...body, transactionHeadIds: [] } }), "missing_ids", /non-empty/],
    ["customer ids under the transaction key", input({ body: { ...body, transactionHeadIds: undefined, customerIds: ["7"] } }), "missing_ids", /transactionHeadIds/],
    ["a non-digit id", input({ body: { ...body, transactionHeadIds: ["25", "x26"] } }), "invalid_id", /transactionHeadIds\[1\] must be digits, got "x26"/],
    ["a fractional id", input({ body: { ...body, transactionHeadIds: [2.5] } }), "invalid_id", /got 2.5/],
  ])("refuses %s", (_name, given, code, message) => {
    const result = parsePlatformWebhook(given)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe(code)
    expect(result.error.message).toMatch(message)
  })
})
