import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedDemoStore, type DemoStore } from "../../dev/seed/demo-store"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import { sql } from "../helpers/sql"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import type { ConnectionSettingsInput } from "../../src/smaregi/settings"
import { encodeForm, makePushBody } from "../../src/smaregi/__fixtures__/push-bodies"
import type { SmaregiTransaction } from "../../src/smaregi/transaction-schema"
import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../dev/fake-smaregi-platform/server"
import { toPlatformTransaction } from "../../dev/pos/platform-transaction"

export const AGREEMENT_ID = "shop-agreement-0001"
export const FORM = { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ status: number; data: any }>
  defaults: { baseURL?: string }
}

/** How register sales reach the store: v2 pushes the whole transaction, the Platform API sends ids to re-read. */
export const TRANSPORTS = ["v2", "platform"] as const
export type SalesTransport = (typeof TRANSPORTS)[number]

export const PLATFORM = {
  contractId: "sb_sales_in",
  clientId: "sales-in-client",
  clientSecret: "sales-in-client-secret",
  webhookSecret: "sales-in-webhook-secret-0001",
  secretHeader: "X-Smaregi-Webhook-Secret",
} as const

/**
 * The fake Platform API for a spec file: started before its first test, emptied of transactions and requests
 * before each (tokens stay, as the store keeps its cached one), stopped after the last.
 */
export function usePlatformFake(): () => FakeSmaregiPlatform {
  let fake: FakeSmaregiPlatform | undefined
  beforeAll(async () => {
    fake = await startFakeSmaregiPlatform({
      contracts: [{ contractId: PLATFORM.contractId, clientId: PLATFORM.clientId, clientSecret: PLATFORM.clientSecret }],
    })
  })
  afterAll(async () => {
    await fake?.stop()
  })
  beforeEach(() => fake?.clearData())
  return () => {
    if (!fake) throw new Error("usePlatformFake: the fake starts in beforeAll")
    return fake
  }
}

export type TransportOption = { transport: "v2" } | { transport: "platform"; fake: FakeSmaregiPlatform }

/** The harness option for a transport; the Platform one uses the file's fake (usePlatformFake). */
export function transportOption(transport: SalesTransport, fake: () => FakeSmaregiPlatform): TransportOption {
  return transport === "v2" ? { transport } : { transport, fake: fake() }
}

export type TxRow = {
  id: string
  status: string
  reason_code: string | null
  reason: string | null
  order_id: string | null
  applied_upd_date_time: string | null
  upd_date_time: string | null
  attempts: number
}

export type SalesHarness = {
  container: MedusaContainer
  store: DemoStore
  smaregi: SmaregiModuleService
  /** Raw SQL for set-up and assertions (the store's own connection). */
  sql: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>
  connectionId: string
  /** v2: the form-encoded push. Platform: the sales stored in the fake, then one ID-only webhook naming them. */
  push: (txs: SmaregiTransaction[], opts?: { agreementId?: string }) => Promise<{ status: number; data: any }>
  row: (headId: string) => Promise<TxRow | null>
  /** polls until the head's row has been processed `count` times in total (events after `received`) */
  settled: (headId: string, opts?: { events?: number; timeoutMs?: number }) => Promise<TxRow>
  events: (headId: string) => Promise<Array<{ type: string; reason_code: string | null; message: string | null; upd_date_time: string | null }>>
  order: (orderId: string) => Promise<any>
  stock: (sku: string, locationId?: string) => Promise<number>
  createMember: (customerId: string, smaregiCustomerId: string, customerCode: string) => Promise<void>
  updateSettings: (settings: ConnectionSettingsInput) => Promise<void>
}

export async function salesHarness(
  container: MedusaContainer,
  api: Api,
  settings: ConnectionSettingsInput = {},
  option: TransportOption = { transport: "v2" }
): Promise<SalesHarness> {
  const store = await seedDemoStore(container)
  const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
  const base = { allowedSources: ["127.0.0.1", "::1"], salesChannelId: store.salesChannelId, regionId: store.regionId }
  const connection = await smaregi.createConnection(
    option.transport === "v2"
      ? { name: "Shibuya", agreementSecret: AGREEMENT_ID, settings: { ...base, ...settings } }
      : {
          name: "Shibuya",
          api: "platform",
          clientSecret: PLATFORM.clientSecret,
          webhookSecret: PLATFORM.webhookSecret,
          settings: {
            ...base,
            contractId: PLATFORM.contractId,
            platform: { clientId: PLATFORM.clientId, idUrl: option.fake.url, apiUrl: option.fake.url },
            ...settings,
          },
        }
  )
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const row = async (headId: string): Promise<TxRow | null> => {
    const [found] = await smaregi.listSmaregiTransactions({ connection_id: connection.id, transaction_head_id: headId })
    return (found as unknown as TxRow) ?? null
  }
  const events = async (headId: string) => {
    const list = await smaregi.listSmaregiTransactionEvents(
      { connection_id: connection.id, transaction_head_id: headId },
      { order: { created_at: "ASC" } }
    )
    return list as unknown as Array<{ type: string; reason_code: string | null; message: string | null; upd_date_time: string | null }>
  }
  const settled = async (headId: string, opts: { events?: number; timeoutMs?: number } = {}): Promise<TxRow> => {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000)
    for (;;) {
      // Events first: a run writes the row's status before (or with) its event, so a row read afterwards is at
      // least that fresh. Read the other way round, a stale status passed once the event landed in between.
      const done = (await events(headId)).filter((e) => e.type !== "received" && e.type !== "replayed").length
      const r = await row(headId)
      if (r && r.status !== "received" && done >= (opts.events ?? 1)) return r
      if (Date.now() > deadline) {
        throw new Error(`transaction ${headId} not processed in time: ${JSON.stringify({ row: r, events: await events(headId) })}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    container,
    store,
    smaregi,
    sql: (text: string, params?: unknown[]) => sql(container, text, params),
    connectionId: connection.id,
    push:
      option.transport === "v2"
        ? (txs, opts = {}) =>
            api.post("/hooks/smaregi/transactions", encodeForm(makePushBody(txs, { agreementId: opts.agreementId ?? AGREEMENT_ID })), {
              headers: FORM,
            })
        : platformPush(api, option.fake),
    row,
    settled,
    events,
    order: async (orderId: string) => {
      const { data } = await query.graph({
        entity: "order",
        fields: [
          "id",
          "status",
          "email",
          "customer_id",
          "sales_channel_id",
          "region_id",
          "created_at",
          "total",
          "metadata",
          "no_notification",
          "items.id",
          "items.title",
          "items.variant_id",
          "items.variant_sku",
          "items.quantity",
          "items.unit_price",
          "items.is_tax_inclusive",
          "items.adjustments.amount",
          "items.adjustments.description",
          "items.tax_lines.rate",
          "shipping_methods.amount",
          "shipping_methods.name",
          "payment_collections.status",
          "payment_collections.amount",
          "payment_collections.payments.provider_id",
          "payment_collections.payments.amount",
          "payment_collections.payments.captured_at",
        ],
        filters: { id: orderId },
      })
      return data[0]
    },
    stock: async (sku: string, locationId?: string) => {
      const levels = await container.resolve(Modules.INVENTORY).listInventoryLevels({
        inventory_item_id: store.inventoryItems[sku],
        location_id: locationId ?? store.stockLocationId,
      })
      return Number(levels[0]?.stocked_quantity ?? NaN)
    },
    createMember: async (customerId, smaregiCustomerId, customerCode) => {
      await smaregi.createSmaregiMembers({
        connection_id: connection.id,
        customer_id: customerId,
        smaregi_customer_id: smaregiCustomerId,
        customer_code: customerCode,
        status: "synced",
      })
    },
    updateSettings: async (next) => {
      await smaregi.updateConnection(connection.id, { settings: next })
    },
  }
}

/** Stores the sales in the fake (Platform shapes) and sends the webhook: `created` for a new id, else `edited`. */
function platformPush(api: Api, fake: FakeSmaregiPlatform): SalesHarness["push"] {
  const known = new Set<string>()
  const url = `${String(api.defaults.baseURL).replace(/\/$/, "")}/hooks/smaregi/platform`
  return async (txs, opts = {}) => {
    if (opts.agreementId !== undefined) throw new Error("agreementId belongs to the v2 push; a Platform webhook names its contract")
    const ids = fake.seedTransactions(txs.map(toPlatformTransaction), PLATFORM.contractId)
    const edited = ids.every((id) => known.has(id))
    ids.forEach((id) => known.add(id))
    const answer = await fake.sendWebhook({
      url,
      contractId: PLATFORM.contractId,
      event: "pos:transactions",
      action: edited ? "edited" : "created",
      ids,
      secret: PLATFORM.webhookSecret,
      secretHeader: PLATFORM.secretHeader,
    })
    return { status: answer.status, data: JSON.parse(answer.body) }
  }
}

/** Every event published on the bus while recording (a "*" subscriber sees grouped workflow events too). */
export function recordEvents(container: MedusaContainer): { events: Array<{ name: string; data: any }>; stop: () => void } {
  const bus = container.resolve(Modules.EVENT_BUS)
  const events: Array<{ name: string; data: any }> = []
  const subscriberId = `sales-in-spy-${Math.random()}`
  const spy = async (event: { name: string; data: unknown }) => {
    events.push({ name: event.name, data: event.data })
  }
  bus.subscribe("*", spy as never, { subscriberId })
  return { events, stop: () => void bus.unsubscribe("*", spy as never, { subscriberId }) }
}

/** Workflow events are published after the workflow ends, a moment after its rows are written. */
export async function waitForEvent(events: Array<{ name: string }>, name: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!events.some((e) => e.name === name)) {
    if (Date.now() > deadline) throw new Error(`event ${name} not published; saw ${events.map((e) => e.name).join(", ")}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
