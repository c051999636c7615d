import { CUSTOMER_FIELDS, CUSTOMER_FIELD_NAMES } from "../customer-fields"

describe("CUSTOMER_FIELDS", () => {
  it("names every field in Japanese and has no invented flags", () => {
    expect(CUSTOMER_FIELDS.customerCode).toBe("会員コード")
    expect(CUSTOMER_FIELDS.lastKana).toBe("セイ")
    expect(CUSTOMER_FIELD_NAMES).toHaveLength(41)
    expect(CUSTOMER_FIELD_NAMES).not.toContain("managerFlag")
    expect(CUSTOMER_FIELD_NAMES).not.toContain("updDateTime")
  })
})
