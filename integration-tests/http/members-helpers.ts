import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { type FakeSmaregiPlatform, startFakeSmaregiPlatform } from "../../dev/fake-smaregi-platform/server"
import type { FakeRequest } from "../../dev/fake-smaregi/types"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { SmaregiApi } from "../../src/modules/smaregi/transport/types"
import { memberSyncTiming } from "../../src/workflows/members/config"
import { registerCustomer } from "../helpers/auth"

// Short windows so the members suite runs in seconds (documented in the README's member sync section).
export const SYNC_DELAY_MS = 150
// Longer than the coalescing window plus a push: anything still to come would have arrived.
export const QUIET_MS = SYNC_DELAY_MS * 4 + 400
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

// The members suites' shared set-up (both fakes, reset before each test, syncs settled after it) and one view of
// what each API's fake received, so a scenario can run against v2 and the Platform API alike.

export const PLATFORM_CONTRACT = { contractId: "sb_members", clientId: "members-client", clientSecret: "members-secret" }
export const PLATFORM_WEBHOOK_SECRET = "members-webhook-secret-0001"

type Api = Parameters<typeof registerCustomer>[0]

/** A member row Smaregi accepted: its customerId as Smaregi knows it and the fields written. */
export type MemberWrite = { customerId: string | null; fields: Record<string, unknown> }
export type PointWrite = { customerId: string; point: string; pointExpireDate?: string }

export interface MembersTransport {
  readonly api: SmaregiApi
  connect(container: MedusaContainer, settings?: ConnectionSettingsInput): Promise<{ id: string }>
  /** Member creates and updates (not withdrawals or deletions), in the order Smaregi accepted them. */
  writes(): MemberWrite[]
  /** Absolute point balances written. */
  pointWrites(): PointWrite[]
  /** The member as the fake stores it. */
  stored(customerId: string): Record<string, unknown> | undefined
}

export type MembersHarness = {
  readonly fake: FakeSmaregi
  readonly platform: FakeSmaregiPlatform
  transport(api: SmaregiApi): MembersTransport
  register(pk: string, email: string, extra?: Record<string, unknown>): ReturnType<typeof registerCustomer>
}

/** Registers the suite's hooks; the Platform fake is started only with `platform: true`. */
export function membersHarness(api: Api, getContainer: () => MedusaContainer, options: { platform?: boolean } = {}): MembersHarness {
  let fake: FakeSmaregi | undefined
  let platform: FakeSmaregiPlatform | undefined
  beforeAll(async () => {
    fake = await startFakeSmaregi({ port: 0, contracts: [FAKE_CONTRACT] })
    if (options.platform) platform = await startFakeSmaregiPlatform({ port: 0, contracts: [PLATFORM_CONTRACT] })
  })
  afterAll(async () => {
    await fake?.stop()
    await platform?.stop()
  })
  beforeEach(() => {
    fake?.reset()
    platform?.reset()
  })
  afterEach(async () => {
    process.env.SMAREGI_MEMBER_SYNC_DELAY_MS = String(SYNC_DELAY_MS)
    await settleMemberSync(getContainer())
  })
  const harness: MembersHarness = {
    get fake() {
      if (!fake) throw new Error("the fake Smaregi is not started yet")
      return fake
    },
    get platform() {
      if (!platform) throw new Error("the fake Platform API is not started (membersHarness(…, { platform: true }))")
      return platform
    },
    transport: (which) => (which === "v2" ? v2Transport(harness.fake) : platformTransport(harness.platform)),
    register: (pk, email, extra = {}) =>
      registerCustomer(api, pk, { email, first_name: "花子", last_name: "山田", phone: "090-1234-5678", ...extra }),
  }
  return harness
}

function v2Transport(fake: FakeSmaregi): MembersTransport {
  const accepted = () => customerUpds(fake).filter((r) => r.status === 200 && divisionOf(r) === "U").flatMap(rowsOf)
  return {
    api: "v2",
    connect: (container, settings) => memberConnection(container, fake, settings),
    writes: () => accepted().filter((row) => row.status !== "3").map((row) => ({ customerId: row.customerId, fields: row })),
    pointWrites: () =>
      accepted()
        .filter((row) => row.point !== undefined)
        .map((row) => ({ customerId: row.customerId, point: row.point, ...(row.pointExpireDate ? { pointExpireDate: row.pointExpireDate } : {}) })),
    stored: (customerId) => fake.members.get(customerId),
  }
}

const CUSTOMER_PATH = /\/pos\/customers(?:\/(\d+))?$/
const POINT_PATH = /\/pos\/customers\/(\d+)\/point$/

export function platformConnection(container: MedusaContainer, platform: FakeSmaregiPlatform, settings: ConnectionSettingsInput = {}) {
  return smaregiOf(container).createConnection({
    name: "Shibuya (Platform)",
    api: "platform",
    clientSecret: PLATFORM_CONTRACT.clientSecret,
    webhookSecret: PLATFORM_WEBHOOK_SECRET,
    settings: {
      contractId: PLATFORM_CONTRACT.contractId,
      memberSyncEnabled: true,
      customerIdStart: 1000,
      timeoutMs: 2000,
      errorMail: { enabled: true, to: [ERROR_MAIL] },
      platform: { clientId: PLATFORM_CONTRACT.clientId, idUrl: platform.url, apiUrl: platform.url },
      ...settings,
    },
  })
}

function platformTransport(platform: FakeSmaregiPlatform): MembersTransport {
  const stored = () => platform.customersOf(PLATFORM_CONTRACT.contractId)
  const ok = () => platform.requests.filter((r) => r.status === 200)
  return {
    api: "platform",
    connect: (container, settings) => platformConnection(container, platform, settings),
    writes: () =>
      ok().flatMap((r) => {
        const m = CUSTOMER_PATH.exec(r.path)
        if (!m || !((r.method === "POST" && !m[1]) || (r.method === "PATCH" && m[1]))) return []
        const fields = (r.body ?? {}) as Record<string, unknown>
        if (fields.status === "3") return []
        // A create's id is Smaregi's answer, which the log does not keep: the member is found by its code.
        const id = m[1] ?? [...stored().values()].find((c) => c.customerCode === fields.customerCode)?.customerId
        return [{ customerId: id === undefined ? null : String(id), fields }]
      }),
    pointWrites: () =>
      ok().flatMap((r) => {
        const m = POINT_PATH.exec(r.path)
        if (!m || r.method !== "PATCH") return []
        const body = r.body as { point: string; pointExpireDate?: string }
        return [{ customerId: m[1], point: body.point, ...(body.pointExpireDate ? { pointExpireDate: body.pointExpireDate } : {}) }]
      }),
    stored: (customerId) => stored().get(customerId),
  }
}
