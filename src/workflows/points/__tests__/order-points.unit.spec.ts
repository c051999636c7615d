import { orderPointsTarget, type OrderForPoints } from "../steps/plan-order-points"

const order = (over: Partial<OrderForPoints> = {}): OrderForPoints => ({
  id: "order_01",
  customer_id: "cus_01",
  status: "pending",
  item_total: 5500,
  metadata: null,
  has_account: true,
  ...over,
})
const on = { enabled: true, ratePercent: 5 }

describe("orderPointsTarget (PTS-3)", () => {
  it.each([
    ["a live web order earns the rate of its item total", order(), on, { version: "1", earn: 275 }],
    ["fractions are rounded down", order({ item_total: 1999 }), on, { version: "1", earn: 99 }],
    ["a 0% rate earns nothing but still counts as placed", order(), { enabled: true, ratePercent: 0 }, { version: "1", earn: 0 }],
    ["earning off: skipped", order(), { enabled: false, ratePercent: 5 }, { skip: "online earning is off" }],
    ["a canceled order takes everything back, even with earning off", order({ status: "canceled" }), { enabled: false, ratePercent: 5 }, { version: "2", earn: 0 }],
    ["a POS import never earns here", order({ metadata: { smaregi_transaction_head_id: "88001" } }), on, { skip: "POS order" }],
    ["a canceled POS import is left to IN-15", order({ status: "canceled", metadata: { smaregi_transaction_head_id: "1" } }), on, { skip: "POS order" }],
    ["a guest order earns nothing", order({ has_account: false }), on, { skip: "guest order" }],
    ["an order without customer earns nothing", order({ customer_id: null }), on, { skip: "guest order" }],
  ])("%s", (_name, input, settings, expected) => {
    expect(orderPointsTarget(input, settings)).toEqual(expected)
  })
})
