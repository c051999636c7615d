import { stockDelta, type StockMove } from "../lib/order-input"

const move = (detail: string, item: string, quantity: number, location = "sloc_1"): StockMove => ({
  detail_id: detail,
  sku: null,
  inventory_item_id: item,
  location_id: location,
  quantity,
})

describe("stockDelta (a register edit's stock movement)", () => {
  it.each<[string, StockMove[], StockMove[], Array<[string, string, number]>]>([
    ["nothing changed", [move("1", "iitem_a", 2)], [move("1", "iitem_a", 2)], []],
    ["a quantity raised", [move("1", "iitem_a", 2)], [move("1", "iitem_a", 3)], [["iitem_a", "sloc_1", 1]]],
    ["a line removed", [move("1", "iitem_a", 2), move("2", "iitem_b", 1)], [move("1", "iitem_a", 2)], [["iitem_b", "sloc_1", -1]]],
    ["a line added", [move("1", "iitem_a", 2)], [move("1", "iitem_a", 2), move("3", "iitem_c", 1)], [["iitem_c", "sloc_1", 1]]],
    ["the same item on two lines nets out", [move("1", "iitem_a", 2)], [move("1", "iitem_a", 1), move("2", "iitem_a", 1)], []],
    ["another location is another level", [move("1", "iitem_a", 2)], [move("1", "iitem_a", 2, "sloc_2")], [["iitem_a", "sloc_1", -2], ["iitem_a", "sloc_2", 2]]],
    ["inventory switched off before: everything is new", [], [move("1", "iitem_a", 2)], [["iitem_a", "sloc_1", 2]]],
  ])("%s", (_name, before, after, expected) => {
    expect(stockDelta(before, after).map((m) => [m.inventory_item_id, m.location_id, m.quantity])).toEqual(expected)
  })
})
