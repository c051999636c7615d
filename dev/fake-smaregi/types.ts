// The fake v2 API's shared shapes (see server.ts for the FakeSmaregi interface).

export type FakeContract = { contractId: string; accessToken: string }

export type FakeRow = Record<string, string | null>

export type FakeRequest = {
  time: number
  method: string
  path: string
  procName: string | null
  params: unknown
  headers: Array<[string, string]>
  status: number | null
  errorCode: number | null
}

export type FaultSpec = {
  latencyMs?: number
  status?: 500 | 503 | 429
  smaregiError?: { code: number; message?: string; description?: string; httpStatus?: number }
  drop?: boolean
  stallMs?: number
  /** Answer verbatim (e.g. a 200 without `result`). */
  respond?: { status: number; body: unknown; headers?: Record<string, string> }
  /** How many following requests the fault hits (default 1; -1 = until reset/clearFaults). */
  times?: number
  /** Only requests for these procedures (proc_name) meet the fault and count against `times`; others pass it by. */
  procedures?: string[]
  rateLimitPerSecond?: number | null
  retryAfterSeconds?: number
  disabledProcedures?: string[]
}

export type SeedTransaction = { head: Record<string, unknown>; details?: Array<Record<string, unknown>> }

export type FakeStats = {
  requests: number
  rateLimitViolations: number
  maxObservedPerSecond: number
  members: number
  transactions: number
}

export type ContractData = { members: Map<string, FakeRow>; heads: FakeRow[]; details: FakeRow[] }

export type Answer = { status: number; body: unknown; headers?: Record<string, string> }
