import { CUSTOMER_FIELD_NAMES, type CustomerRow } from "../../customer-fields"
import { PLATFORM_CUSTOMER_FIELDS, needsPoints, pickFields, platformCustomerBody, platformCustomerToRow } from "../customer-fields"

describe("PLATFORM_CUSTOMER_FIELDS", () => {
  it.each<[string, string]>([
    ["customerId", "path"],
    ["customerCode", "body"],
    ["customerNo", "body"],
    ["rank", "body"],
    ["staffRank", "body"],
    ["lastName", "body"],
    ["firstKana", "body"],
    ["mailAddress3", "body"],
    ["sex", "body"],
    ["birthDate", "body"],
    ["pointExpireDate", "body"],
    ["entryDate", "body"],
    ["leaveDate", "body"],
    ["mailReceiveFlag", "body"],
    ["status", "body"],
    ["storeId", "body"],
    ["point", "point"],
    ["mile", "point"],
    ["lastComeDateTime", "server"],
    ["insDateTime", "server"],
    ["updDateTime", "server"],
  ])("%s travels as %s", (field, route) => expect(PLATFORM_CUSTOMER_FIELDS[field as keyof typeof PLATFORM_CUSTOMER_FIELDS]).toBe(route))

  it("covers every v2 customer field", () => {
    for (const field of CUSTOMER_FIELD_NAMES) expect(PLATFORM_CUSTOMER_FIELDS[field]).toBeDefined()
  })
})

describe("platformCustomerBody", () => {
  it.each<[string, CustomerRow, Record<string, string>]>([
    [
      "a new member: the code we allocate goes, the id does not",
      { customerId: "", customerCode: "M0001", lastName: "山田", firstName: "太郎", sex: "1" },
      { customerCode: "M0001", lastName: "山田", firstName: "太郎", sex: "1" },
    ],
    [
      "a withdrawal: status and leave date as strings",
      { customerId: "12", customerCode: "M0001", lastName: "山田", firstName: "太郎", status: "3", leaveDate: "2026-05-01" },
      { customerCode: "M0001", lastName: "山田", firstName: "太郎", status: "3", leaveDate: "2026-05-01" },
    ],
    [
      "points, miles and the last visit never travel with the member",
      { customerId: "12", customerCode: "M1", point: "120", mile: "3", lastComeDateTime: "2026-05-01 10:00:00", pointExpireDate: "2027-03-31" },
      { customerCode: "M1", pointExpireDate: "2027-03-31" },
    ],
    ["blank values are left out", { customerId: "12", customerCode: "M1", note: " ", rank: "" }, { customerCode: "M1" }],
  ])("%s", (_name, row, body) => expect(platformCustomerBody(row)).toEqual(body))

})

describe("platformCustomerToRow", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown> | null | undefined, Record<string, string | null>]>([
    [
      "strings kept, server date-times in JST, unknown keys dropped",
      { customerId: "7", customerCode: "M7", sex: "2", birthDate: "1990-01-02", lastComeDateTime: "2026-05-01T01:00:00Z", updDateTime: "2026-05-02T10:00:00+09:00", customerGroups: [], extra: "x" },
      undefined,
      { customerId: "7", customerCode: "M7", sex: "2", birthDate: "1990-01-02", lastComeDateTime: "2026-05-01 10:00:00", updDateTime: "2026-05-02 10:00:00" },
    ],
    ["numbers become strings, null stays null", { customerId: 8, customerCode: "M8", storeId: null }, undefined, { customerId: "8", customerCode: "M8", storeId: null }],
    [
      "points only from the point record, never from the customer",
      { customerId: "9", customerCode: "M9", point: "999" },
      { customerId: "9", point: "120", mile: "0", pointExpireDate: "2027-03-31" },
      { customerId: "9", customerCode: "M9", point: "120", mile: "0", pointExpireDate: "2027-03-31" },
    ],
    ["no point record: null points", { customerId: "9", customerCode: "M9", point: "999" }, {}, { customerId: "9", customerCode: "M9", point: null, mile: null }],
  ])("%s", (_name, customer, points, row) => expect(platformCustomerToRow(customer, points)).toEqual(row))
})

describe("pickFields and needsPoints", () => {
  it("keeps the asked-for fields, null when missing", () => {
    expect(pickFields({ customerId: "1", customerCode: "M1", rank: "A" }, ["customerId", "point"])).toEqual({ customerId: "1", point: null })
    expect(pickFields({ customerId: "1" })).toEqual({ customerId: "1" })
  })

  it.each<[readonly string[] | undefined, boolean]>([
    [undefined, true],
    [["customerId", "point"], true],
    [["customerId", "mile"], true],
    [["customerId", "pointExpireDate"], false],
  ])("%j → %s", (fields, expected) => expect(needsPoints(fields)).toBe(expected))
})
