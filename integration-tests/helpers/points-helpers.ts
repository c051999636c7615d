import type { Event, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import type { DemoStore } from "../../dev/seed/demo-store"

/** Counts the messages of one event the app emits while a test runs. */
export function collectEvents<T = Record<string, unknown>>(container: MedusaContainer, eventName: string) {
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const received: T[] = []
  const subscriberId = `test-collector-${eventName}-${Math.random().toString(36).slice(2)}`
  const handler = async (msg: Event<unknown>) => {
    received.push(msg.data as T)
  }
  eventBus.subscribe(eventName, handler, { subscriberId })
  return {
    received,
    /** Waits until deliveries stop arriving, then returns everything received. */
    async settle(quietMs = 250): Promise<T[]> {
      let seen = -1
      while (seen !== received.length) {
        seen = received.length
        await new Promise((r) => setTimeout(r, quietMs))
      }
      return [...received]
    },
    clear() {
      received.length = 0
    },
    stop() {
      eventBus.unsubscribe(eventName, handler, { subscriberId })
    },
  }
}

export async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const v = await probe()
    if (ok(v) || Date.now() - started > timeoutMs) return v
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** A 5,500 yen order (one custom line) for a customer, on the web channel unless told otherwise. */
export async function createCustomerOrder(
  container: MedusaContainer,
  store: DemoStore,
  input: { customer_id: string; email: string; total?: number; pos?: boolean; metadata?: Record<string, unknown> }
) {
  const { result } = await createOrderWorkflow(container).run({
    input: {
      region_id: store.regionId,
      sales_channel_id: input.pos ? store.salesChannelId : store.webSalesChannelId,
      customer_id: input.customer_id,
      email: input.email,
      currency_code: "jpy",
      no_notification: true,
      metadata: input.metadata,
      items: [{ title: "Gift card", quantity: 1, unit_price: input.total ?? 5500, is_tax_inclusive: true, requires_shipping: false }],
    },
  })
  return result
}

type ErrorResponse = { status: number; data: { message: string; type?: string } }

/** The HTTP error response of a request expected to fail (fails the test if it succeeded). */
export async function errorResponse(request: Promise<unknown>): Promise<ErrorResponse> {
  try {
    await request
  } catch (e) {
    const response = (e as { response?: ErrorResponse }).response
    if (response) return response
    throw e
  }
  throw new Error("expected the request to fail")
}
