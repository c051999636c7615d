import type { SmaregiRow } from "../../../smaregi/client"
import type { CustomerRow } from "../../../smaregi/customer-fields"
import type { PullWindow } from "../../../smaregi/reconcile-windows"

/**
 * The Smaregi API as the rest of the plugin sees it. One transport per connection: `v2` speaks the legacy
 * スマレジAPI (form-encoded `proc_name` calls), `platform` the Platform API (OAuth2, REST). Rows come back in
 * v2 field names (camelCase, string values, JST wall-clock datetimes) whichever API answered, so parsing,
 * classification and mapping stay the same. Credentials, rate limits and retries live behind it.
 */
export interface SmaregiTransport {
  readonly api: SmaregiApi
  readonly capabilities: TransportCapabilities

  /** Every transaction head whose `field` lies in the closed window, all pages, in Smaregi's order. */
  readHeadsByWindow(field: TransactionRangeField, window: PullWindow): Promise<SmaregiRow[]>
  /** The detail rows of these transactions, grouped by head id; a head Smaregi does not know is absent. */
  readDetailsByHeadIds(headIds: readonly string[]): Promise<Map<string, SmaregiRow[]>>

  findMembers(query: MemberQuery): Promise<MemberPage>
  /** The highest customerId the contract holds, or null when it has no members. */
  highestCustomerId(): Promise<string | null>
  /**
   * Creates or updates (`upsert`) or withdraws (`delete`) these members; returns their ids in Smaregi. `points[i]`
   * says how row i's balance changed, for an API that writes points apart from the member (Platform); v2 sends the row's.
   */
  writeMembers(rows: readonly CustomerRow[], mode: MemberWriteMode, points?: ReadonlyArray<PointChange | null>): Promise<WrittenMember[]>
  /** Sets a member's absolute point balance. Refused with a TransportUnsupportedError when `capabilities.setPoints` is false. */
  setPoints(customerId: string, points: number, expireDate?: string | null): Promise<void>

  /** A cheap authenticated read: proves the credentials and reports how many members the contract has. */
  ping(): Promise<{ memberCount: number }>
}

export type SmaregiApi = "v2" | "platform"
export type { SmaregiRow }
export type TransactionRangeField = "updDateTime" | "transactionDateTime"
export type MemberWriteMode = "upsert" | "delete"
/** `created`: the write made a new member (Platform re-creates one deleted in Smaregi), whose balance starts at 0. */
export type WrittenMember = { customerId: string; customerCode: string; created?: true }
/**
 * A member's balance as the row carries it, and `delta`: how much of it Smaregi does not hold yet (movements made
 * off the register since the last write), or null when unknown (first write): then only the absolute balance fits.
 */
export type PointChange = { delta: number | null }

/** Platform features that need the プレミアムプラス / フードビジネス / リテールビジネス plans. */
export const PLAN_FEATURES = ["point_add", "bulk_write"] as const
export type PlanFeature = (typeof PLAN_FEATURES)[number]

/** What the connection knows of its contract's plan; the module keeps it durably. */
export interface PlanFeatureGate {
  /** The feature was refused recently: do not call it, use the fallback. */
  lacks(feature: PlanFeature): boolean
  /** A gated call was refused (403): remember it and show it in the admin. */
  recordLacking(feature: PlanFeature): Promise<void>
  /** A gated call went through: forget an earlier refusal. */
  recordAvailable(feature: PlanFeature): Promise<void>
}

export type TransportCapabilities = {
  /** Smaregi assigns customerId on create (Platform); otherwise the plugin allocates it (v2). */
  assignsCustomerId: boolean
  /** Several members per write call. */
  bulkMemberWrite: boolean
  /** An absolute point balance can be written on its own (outside the member row). */
  setPoints: boolean
}

/** What each API can do; a transport reports its own, and code that has only the connection's `api` reads it here. */
export const TRANSPORT_CAPABILITIES: Record<SmaregiApi, TransportCapabilities> = {
  v2: { assignsCustomerId: false, bulkMemberWrite: true, setPoints: false },
  // Bulk writes and point/add need premium plans (and bulk answers asynchronously): single calls only.
  platform: { assignsCustomerId: true, bulkMemberWrite: false, setPoints: true },
}

/** Which members to read; `fields` narrows the columns (v2 names), all when omitted. */
export type MemberQuery = { fields?: readonly string[] } & (
  | { customerIds: readonly string[] }
  /** Every member whose customerId lies in [from, to]. */
  | { customerIdsBetween: { from: string; to: string } }
  | { match: MemberMatch }
  | { after: string | null; limit: number }
)
/** Members whose field equals the value exactly (one field per query). */
export type MemberMatch =
  | { mailAddress: string }
  | { phoneNumber: string }
  | { mobileNumber: string }
  | { customerCode: string }
export type MemberPage = { rows: SmaregiRow[]; totalCount: number }

export class TransportUnsupportedError extends Error {
  constructor(
    readonly api: SmaregiApi,
    readonly operation: string
  ) {
    super(`The Smaregi ${api === "v2" ? "API v2" : "Platform API"} connection cannot ${operation}`)
    this.name = "TransportUnsupportedError"
  }
}

/** The connection lacks what the API needs (contract id, access token): set them in Settings › Smaregi. */
export class SmaregiNotConfiguredError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "SmaregiNotConfiguredError"
  }
}
