import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { orderPointsWorkflow } from "../workflows/points/order-points"

export default async function pointsOnlineEarning({ event, container }: SubscriberArgs<{ id: string }>) {
  await orderPointsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled"],
  context: { subscriberId: "points-online-earning" },
}
