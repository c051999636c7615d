import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { FakeSmaregi } from "../../dev/fake-smaregi/server"
import type { FakeRequest } from "../../dev/fake-smaregi/types"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { memberSyncTiming } from "../../src/workflows/members/config"

// Short windows so the members suite runs in seconds (documented in the README's member sync section).
export const SYNC_DELAY_MS = 150
process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = String(SYNC_DELAY_MS)
process.env.SMAREGI_MEMBER_RETRY_BASE_MS = "100"
process.env.SMAREGI_MEMBER_RETRY_MAX_MS = "400"

export const FAKE_CONTRACT = { contractId: "dev-contract", accessToken: "dev-token" }
export const ERROR_MAIL = "ops@shop.example.jp"

export function smaregiOf(container: MedusaContainer): SmaregiModuleService {
  return container.resolve(SMAREGI_MODULE)
}

export async function memberConnection(container: MedusaContainer, fake: FakeSmaregi, settings: ConnectionSettingsInput = {}) {
  return smaregiOf(container).createConnection({
    name: "Shibuya",
    accessToken: FAKE_CONTRACT.accessToken,
    settings: {
      apiUrl: fake.url,
      contractId: FAKE_CONTRACT.contractId,
      memberSyncEnabled: true,
      customerIdStart: 1000,
      timeoutMs: 500,
      errorMail: { enabled: true, to: [ERROR_MAIL] },
      ...settings,
    },
  })
}

export async function publishableKey(container: MedusaContainer): Promise<string> {
  const apiKeys = container.resolve(Modules.API_KEY)
  const key = await apiKeys.createApiKeys({ title: "members test", type: "publishable", created_by: "test" })
  return key.token
}

type UpdParams = { proc_info: { proc_division: string }; data: Array<{ table_name: string; rows: Array<Record<string, string>> }> }

// Faults meant for the member push name customer_upd (`UPD_ONLY`): the floor read and the new-id check
// (customer_ref) pass them by.
export const customerUpds = (fake: FakeSmaregi): FakeRequest[] => fake.requests.filter((r) => r.procName === "customer_upd")

export const UPD_ONLY = { procedures: ["customer_upd"] }

export const rowsOf = (request: FakeRequest): Array<Record<string, string>> => (request.params as UpdParams | null)?.data[0].rows ?? []

export const divisionOf = (request: FakeRequest): string => (request.params as UpdParams).proc_info.proc_division

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

export async function memberOf(container: MedusaContainer, customerId: string) {
  const [member] = await smaregiOf(container).listSmaregiMembers({ customer_id: customerId })
  return member
}

export async function waitForMemberStatus(container: MedusaContainer, customerId: string, status: string, timeoutMs?: number) {
  return waitFor(
    async () => {
      const member = await memberOf(container, customerId)
      return member?.status === status ? member : undefined
    },
    `member of ${customerId} to be ${status}`,
    timeoutMs
  )
}

/** Resolves when no backfill's lease is held (every runner has stopped, paused or finished). */
export async function memberBackfillsIdle(container: MedusaContainer, timeoutMs = 60_000): Promise<boolean> {
  return until(async () => (await smaregiOf(container).records().backfills.leased()) === 0, timeoutMs)
}

/**
 * Resolves when no connection has a sync wake due within `horizonMs` and no member is held by a run in flight
 * (claimed for the lease and not yet recorded).
 */
export async function memberSyncIdle(container: MedusaContainer, options: { timeoutMs?: number; horizonMs?: number } = {}): Promise<boolean> {
  const horizon = options.horizonMs ?? 60_000
  const records = () => smaregiOf(container).records()
  return until(
    async () => (await records().wakes.dueWithin(horizon)) === 0 && (await records().members.claimed(memberSyncTiming().leaseMs)) === 0,
    options.timeoutMs ?? 30_000
  )
}

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await probe()) return true
    await sleep(50)
  }
  return false
}

/** Lets scheduled syncs and backfills finish before the database is reset. */
export async function settleMemberSync(container: MedusaContainer) {
  await memberSyncIdle(container, { timeoutMs: 20_000, horizonMs: 5_000 })
  await memberBackfillsIdle(container, 20_000)
}
