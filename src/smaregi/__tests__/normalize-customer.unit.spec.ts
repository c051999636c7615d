import { missingUpdFields, normalizeCustomerRow, normalizeCustomerUpdRow } from "../normalize-customer"
import { errorsFor } from "./customer-row.helpers"

describe("normalizeCustomerRow — a realistic member", () => {
  it("normalises a full Medusa-derived row to Smaregi formats", () => {
    const result = normalizeCustomerRow({
      customerId: 345,
      customerCode: "M000000345",
      lastName: " 山田 ",
      firstName: "花子",
      lastKana: "やまだ",
      firstKana: "ﾊﾅｺ",
      postCode: "１５０－０００１",
      address: "東京都渋谷区神宮前\n1-2-3",
      phoneNumber: "03 (1234) 5678",
      mailAddress: "hanako@example.jp",
      sex: "female",
      birthDate: "1990/4/1",
      point: 1200,
      pointExpireDate: "2027-03-31T00:00:00.000Z",
      mailReceiveFlag: true,
      rank: "GOLD",
      status: 0,
      entryDate: "",
      note: null,
      mile: undefined,
    })
    expect(result).toEqual({
      ok: true,
      row: {
        customerId: "345",
        customerCode: "M000000345",
        lastName: "山田",
        firstName: "花子",
        lastKana: "ヤマダ",
        firstKana: "ハナコ",
        postCode: "1500001",
        address: "東京都渋谷区神宮前 1-2-3",
        phoneNumber: "0312345678",
        mailAddress: "hanako@example.jp",
        sex: "2",
        birthDate: "1990-04-01",
        point: "1200",
        pointExpireDate: "2027-03-31",
        mailReceiveFlag: "1",
        rank: "GOLD",
        status: "0",
      },
    })
  })

  it("collects every error, each naming its field", () => {
    const errors = errorsFor({ customerId: "12a", lastKana: "山田", sex: "x", foo: "bar", updDateTime: "2026-01-01 00:00:00" })
    expect(errors).toEqual([
      'customerId: must contain digits only (got "12a")',
      'lastKana: must be full-width katakana (ァ-ヶ, ー, ・, spaces) or half-width letters and digits (got "山田")',
      'sex: must be "0" (unknown), "1" (male) or "2" (female) (got "x")',
      "foo: unknown field",
      "updDateTime: read-only field",
    ])
    const result = normalizeCustomerRow({ customerId: "1", lastKana: "山田" })
    expect(result.ok ? [] : result.errors).toEqual([
      {
        field: "lastKana",
        message: 'lastKana: must be full-width katakana (ァ-ヶ, ー, ・, spaces) or half-width letters and digits (got "山田")',
        value: "山田",
      },
    ])
  })
})

describe("normalizeCustomerUpdRow — the fields every customer_upd U row carries", () => {
  const FULL = { customerId: "345", customerCode: "M000000345", lastName: "山田", firstName: "花子", sex: "0" }

  it("accepts a row with the five required fields", () => {
    expect(normalizeCustomerUpdRow(FULL)).toEqual({ ok: true, row: FULL })
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ["no sex", { ...FULL, sex: undefined }, ["sex: is required in customer_upd"]],
    ["blank sex", { ...FULL, sex: " " }, ["sex: is required in customer_upd"]],
    ["no customerCode", { ...FULL, customerCode: null }, ["customerCode: is required in customer_upd"]],
    ["no names", { ...FULL, lastName: "", firstName: undefined }, ["lastName: is required in customer_upd", "firstName: is required in customer_upd"]],
    ["no customerId", { ...FULL, customerId: undefined }, ["customerId: is required"]],
    ["only a customerId", { customerId: "345" }, ["customerCode", "lastName", "firstName", "sex"].map((f) => `${f}: is required in customer_upd`)],
    ["an invalid sex is named once", { ...FULL, sex: "9" }, ['sex: must be "0" (unknown), "1" (male) or "2" (female) (got "9")']],
  ])("%s", (_name, input, messages) => {
    const result = normalizeCustomerUpdRow(input)
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(messages)
  })

  describe("a member whose id Smaregi assigns (idFromSmaregi)", () => {
    const { customerId: _id, ...withoutId } = FULL
    it.each<[string, Record<string, unknown>, string[] | Record<string, unknown>]>([
      ["no id: accepted, sent with an empty id", withoutId, { ...withoutId, customerId: "" }],
      ["a blank id: the same", { ...withoutId, customerId: " " }, { ...withoutId, customerId: "" }],
      ["still every other required field", { ...withoutId, sex: undefined }, ["sex: is required in customer_upd"]],
      ["still checked otherwise", { ...withoutId, mailAddress: "hanako@" }, ["mailAddress"]],
    ])("%s", (_name, input, expected) => {
      const result = normalizeCustomerUpdRow(input, { idFromSmaregi: true })
      if (Array.isArray(expected)) {
        expect(result.ok).toBe(false)
        if (!result.ok) expect(result.errors.map((e) => (expected[0].includes(":") ? e.message : e.field))).toEqual(expected)
      } else {
        expect(result).toEqual({ ok: true, row: expected })
      }
    })
  })

  it.each<[Record<string, unknown>, string[]]>([
    [FULL, []],
    [{ customerId: "1", sex: "0" }, ["customerCode", "lastName", "firstName"]],
    [{ customerId: "1", customerCode: "  ", lastName: null, firstName: "x", sex: 0 }, ["customerCode", "lastName"]],
  ])("missingUpdFields(%p) = %p", (row, missing) => {
    expect(missingUpdFields(row)).toEqual(missing)
  })
})
