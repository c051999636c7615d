// The fake Platform API's public shapes (see server.ts).

import type { Json } from "./http"

export type FakePlatformContract = {
  contractId: string
  clientId: string
  clientSecret: string
  /** Bulk writes and point/add need プレミアムプラス / フードビジネス / リテールビジネス. */
  plan?: "standard" | "premium-plus" | "food-business" | "retail-business"
}

export type FakePlatformOptions = {
  port?: number
  host?: string
  contracts?: FakePlatformContract[]
  /** expires_in of new tokens (default 3600). */
  tokenTtlSeconds?: number
  /** Per contract and per second; null = no limit (default). */
  readPerSecond?: number | null
  writePerSecond?: number | null
  retryAfterSeconds?: number
}

export type FakePlatformRequest = {
  time: number
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | null
  status: number | null
}

export type PlatformFault = {
  /** Answer this status with a problem+json body (429 and 503 carry Retry-After). */
  status: number
  title?: string
  detail?: string
  retryAfterSeconds?: number
  /** Only requests whose "METHOD /path" (path without the contract) matches. */
  match?: string
  /** How many matching requests it hits (default 1, -1 = until cleared). */
  times?: number
}

export type WebhookDelivery = {
  url: string
  contractId?: string
  event: "pos:transactions" | "pos:customers" | string
  action: string
  ids: string[]
  eventId?: string
  secretHeader?: string
  secret?: string | null
  /** Overrides of the JSON body (e.g. to send a malformed one). */
  body?: unknown
}

export type WebhookResult = { status: number; body: string; eventId: string }


export interface FakeSmaregiPlatform {
  /** Base URL serving both the id endpoints (idUrl) and the API (apiUrl). */
  readonly url: string
  readonly port: number
  readonly requests: FakePlatformRequest[]
  readonly rateLimitViolations: number
  customersOf(contractId?: string): Map<string, Json>
  /** Seeds Platform-shaped transactions (head fields, `details`, `depositOthers`); returns their ids. */
  seedTransactions(transactions: Json[], contractId?: string): string[]
  seedCustomers(customers: Json[], contractId?: string): string[]
  setPlan(plan: NonNullable<FakePlatformContract["plan"]>, contractId?: string): void
  setRateLimits(limits: { readPerSecond?: number | null; writePerSecond?: number | null; retryAfterSeconds?: number }): void
  setTokenTtl(seconds: number): void
  /** Makes every issued token expired. */
  expireTokens(): void
  tokensIssued(): number
  fault(spec: PlatformFault): void
  clearFaults(): void
  sendWebhook(delivery: WebhookDelivery): Promise<WebhookResult>
  /** Forgets stored transactions and customers, the request log and faults; issued tokens and limits stay. */
  clearData(): void
  reset(): void
  stop(): Promise<void>
}
