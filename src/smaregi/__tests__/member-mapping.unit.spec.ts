import { DEFAULT_MEMBER_FIELD_MAPPING, parseSettings } from "../settings"
import { isValidEan13 } from "../ean13"
import {
  type MemberCustomer,
  type MemberMappingSettings,
  buildMemberRow,
  buildWithdrawalRow,
  defaultAddress,
  formatMemberCode,
  fullAddress,
  jstDate,
  memberEligibility,
  payloadHash,
  rankCodeFor,
} from "../member-mapping"

const defaults = parseSettings({})
const SETTINGS: MemberMappingSettings = {
  memberFieldMapping: defaults.memberFieldMapping,
  rankMapping: [],
  sendPoints: false,
  namePlaceholder: defaults.namePlaceholder,
}

const HANAKO: MemberCustomer = {
  id: "cus_01HANAKO",
  email: "hanako.yamada@example.jp",
  first_name: "花子",
  last_name: "山田",
  phone: "090-1234-5678",
  company_name: null,
  metadata: {
    last_name_kana: "やまだ",
    first_name_kana: "ハナコ",
    birthday: "1990/4/1",
    sex: "female",
    mail_receive: true,
    smaregi_member_code: "M000000345",
  },
  addresses: [
    { postal_code: "100-0001", province: "東京都", city: "千代田区", address_1: "千代田1-1", is_default_billing: true },
    {
      postal_code: "150-0001",
      province: "東京都",
      city: "渋谷区",
      address_1: "神宮前1-2-3",
      address_2: "原宿ビル 5F",
      is_default_shipping: true,
    },
  ],
  groups: [{ id: "cusgroup_silver" }, { id: "cusgroup_gold" }],
}

describe("buildMemberRow — the default mapping", () => {
  it("maps a registered Japanese customer to a valid Smaregi row", () => {
    const result = buildMemberRow({ customer: HANAKO, customerId: 345, customerCode: "M000000345", settings: SETTINGS })
    expect(result).toEqual({
      ok: true,
      row: {
        customerId: "345",
        customerCode: "M000000345",
        lastName: "山田",
        firstName: "花子",
        lastKana: "ヤマダ",
        firstKana: "ハナコ",
        mailAddress: "hanako.yamada@example.jp",
        phoneNumber: "090-1234-5678",
        postCode: "1500001",
        address: "東京都渋谷区神宮前1-2-3 原宿ビル 5F",
        birthDate: "1990-04-01",
        sex: "2",
        mailReceiveFlag: "1",
      },
    })
  })

  it.each([
    ["no names at all", { first_name: null, last_name: "" }, { lastName: "未設定", firstName: "未設定" }],
    ["only a last name", { first_name: "  ", last_name: "Smith" }, { lastName: "Smith", firstName: "未設定" }],
    ["both names", { first_name: "John", last_name: "Smith" }, { lastName: "Smith", firstName: "John" }],
  ])("falls back to the name placeholder: %s", (_label, names, expected) => {
    const result = buildMemberRow({
      customer: { id: "cus_1", email: "john@example.com", ...names },
      customerId: "7",
      customerCode: "M000000007",
      settings: SETTINGS,
    })
    expect(result.ok && result.row).toEqual({
      customerId: "7",
      customerCode: "M000000007",
      mailAddress: "john@example.com",
      sex: "0",
      ...expected,
    })
  })

  it("uses the configured placeholder", () => {
    const result = buildMemberRow({
      customer: { id: "cus_1" },
      customerId: "7",
      customerCode: "M7",
      settings: { ...SETTINGS, namePlaceholder: "ゲスト" },
    })
    expect(result.ok && result.row).toMatchObject({ lastName: "ゲスト", firstName: "ゲスト" })
  })

  it("builds the row of a member Smaregi has not created yet (the Platform API assigns the id) with an empty id, checked otherwise alike", () => {
    const pending = buildMemberRow({ customer: HANAKO, customerId: null, customerCode: "M000000345", settings: SETTINGS })
    const known = buildMemberRow({ customer: HANAKO, customerId: "345", customerCode: "M000000345", settings: SETTINGS })
    expect(pending.ok && known.ok).toBe(true)
    if (!pending.ok || !known.ok) return
    expect(pending.row).toEqual({ ...known.row, customerId: "" })
    const broken = buildMemberRow({ customer: { ...HANAKO, email: "hanako@" }, customerId: null, customerCode: "M000000345", settings: SETTINGS })
    expect(!broken.ok && broken.errors.map((e) => e.field)).toEqual(["mailAddress"])
  })

  it.each([
    ["kana with kanji", { metadata: { last_name_kana: "山田" } }, "lastKana", "last_name_kana"],
    ["an impossible birthday", { metadata: { birthday: "1990-02-30" } }, "birthDate", "birthday"],
    ["a letter in the phone", { phone: "090-CALL-ME" }, "phoneNumber", "phone"],
    ["an unknown sex", { metadata: { sex: "x" } }, "sex", "sex"],
    ["a broken e-mail", { email: "hanako@" }, "mailAddress", "email"],
    ["a post code with letters", { addresses: [{ postal_code: "SW1A 1AA", is_default_shipping: true }] }, "postCode", "postal_code"],
  ])("rejects %s with an error naming the Smaregi field and its source", (_label, patch, field, source) => {
    const result = buildMemberRow({
      customer: { ...HANAKO, ...patch, metadata: { ...HANAKO.metadata, ...(patch as MemberCustomer).metadata } },
      customerId: 345,
      customerCode: "M000000345",
      settings: SETTINGS,
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0].field).toBe(field)
    expect(result.errors[0].message).toMatch(new RegExp(`^${field}: .*\\[from .*${source}\\]$`))
  })

  it("rejects an address longer than Smaregi's 85 characters", () => {
    const result = buildMemberRow({
      customer: { id: "c", addresses: [{ province: "東京都", city: "渋谷区", address_1: "神".repeat(90) }] },
      customerId: 1,
      customerCode: "M1",
      settings: SETTINGS,
    })
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(["address"])
  })

  it("applies a custom mapping, first non-empty source wins, nested metadata keys work", () => {
    const result = buildMemberRow({
      customer: { ...HANAKO, phone: null, metadata: { profile: { mobile: "080-1111-2222" }, note: "VIP\n常連" } },
      customerId: 9,
      customerCode: "M9",
      settings: {
        ...SETTINGS,
        memberFieldMapping: [
          { source: "last_name", smaregi: "lastName" },
          { source: "first_name", smaregi: "firstName" },
          { source: "phone", smaregi: "mobileNumber" },
          { source: "metadata.profile.mobile", smaregi: "mobileNumber" },
          { source: "address.city", smaregi: "note2" },
          { source: "metadata.note", smaregi: "note" },
        ],
      },
    })
    expect(result.ok && result.row).toEqual({
      customerId: "9",
      customerCode: "M9",
      lastName: "山田",
      firstName: "花子",
      mobileNumber: "080-1111-2222",
      note2: "渋谷区",
      note: "VIP\n常連",
      sex: "0",
    })
  })

  it.each<[string, MemberCustomer, Partial<MemberMappingSettings>, Record<string, string>]>([
    ["a customer with no metadata at all", { id: "c", first_name: "太郎", last_name: "鈴木", metadata: null }, {}, { sex: "0" }],
    ["metadata without sex", { id: "c", metadata: { birthday: "1990-04-01" } }, {}, { sex: "0", birthDate: "1990-04-01" }],
    ["sex mapped from metadata", { id: "c", metadata: { sex: "male" } }, {}, { sex: "1" }],
    ["sex mapped from a custom source", { id: "c", company_name: "女性" }, { memberFieldMapping: [{ source: "company_name", smaregi: "sex" }] }, { sex: "2" }],
    ["an empty mapping", { id: "c", first_name: "太郎" }, { memberFieldMapping: [] }, { sex: "0", lastName: "未設定", firstName: "未設定" }],
  ])("carries every field customer_upd requires: %s", (_label, customer, patch, expected) => {
    const result = buildMemberRow({ customer, customerId: "12", customerCode: "M12", settings: { ...SETTINGS, ...patch } })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.row).toMatchObject({ customerId: "12", customerCode: "M12", ...expected })
    for (const field of ["customerId", "customerCode", "lastName", "firstName", "sex"] as const) expect(result.row[field]).toBeTruthy()
  })

  it.each([
    ["half-width katakana", { last_name_kana: "ﾔﾏﾀﾞ", first_name_kana: "ﾊﾅｺ" }, { lastKana: "ヤマダ", firstKana: "ハナコ" }],
    ["half-width letters and digits", { last_name_kana: "Yamada", first_name_kana: "Hanako2" }, { lastKana: "Yamada", firstKana: "Hanako2" }],
  ])("accepts kana written in %s", (_label, kana, expected) => {
    const result = buildMemberRow({
      customer: { ...HANAKO, metadata: { ...HANAKO.metadata, ...kana } },
      customerId: 345,
      customerCode: "M000000345",
      settings: SETTINGS,
    })
    expect(result.ok && result.row).toMatchObject(expected)
  })
})

describe("rank (会員ランク)", () => {
  const rankMapping = [
    { customer_group_id: "cusgroup_silver", rank_code: "SILVER", priority: 1 },
    { customer_group_id: "cusgroup_gold", rank_code: "GOLD", priority: 2 },
    { customer_group_id: "cusgroup_staff", rank_code: "STAFF", priority: 2 },
  ]

  it.each([
    [["cusgroup_silver"], "SILVER"],
    [["cusgroup_silver", "cusgroup_gold"], "GOLD"],
    [["cusgroup_gold", "cusgroup_silver"], "GOLD"],
    [["cusgroup_staff", "cusgroup_gold"], "GOLD"],
    [["cusgroup_other"], null],
    [[], null],
  ])("groups %j → %s", (groups, expected) => {
    expect(rankCodeFor(groups, rankMapping)).toBe(expected)
  })

  it("sends the rank of the highest-priority group and omits it when unmapped", () => {
    const ranked = buildMemberRow({ customer: HANAKO, customerId: 1, customerCode: "M1", settings: { ...SETTINGS, rankMapping } })
    expect(ranked.ok && ranked.row.rank).toBe("GOLD")
    const unranked = buildMemberRow({
      customer: { ...HANAKO, groups: [{ id: "cusgroup_other" }] },
      customerId: 1,
      customerCode: "M1",
      settings: { ...SETTINGS, rankMapping },
    })
    expect(unranked.ok && Object.keys(unranked.row)).not.toContain("rank")
  })
})

describe("points (OUT-10)", () => {
  const points = { balance: 1234.9, nearest_expiry: "2027-03-31" }
  const mappingWithPoint = [...DEFAULT_MEMBER_FIELD_MAPPING, { source: "metadata.points", smaregi: "point" }]

  it("sends no point fields when points are off, even if balance and mapping have them", () => {
    const result = buildMemberRow({
      customer: { ...HANAKO, metadata: { ...HANAKO.metadata, points: "99" } },
      customerId: 1,
      customerCode: "M1",
      settings: { ...SETTINGS, memberFieldMapping: mappingWithPoint },
      points,
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.row.point).toBeUndefined()
    expect(result.row.pointExpireDate).toBeUndefined()
  })

  it.each([
    [points, { point: "1234", pointExpireDate: "2027-03-31" }],
    [{ balance: 0, nearest_expiry: null }, { point: "0" }],
    [{ balance: 10, nearest_expiry: "2027-03-30T15:00:00.000Z" }, { point: "10", pointExpireDate: "2027-03-31" }],
    [{ balance: -5, nearest_expiry: null }, { point: "0" }],
  ])("sends the absolute balance %j when points are on", (balance, expected) => {
    const result = buildMemberRow({
      customer: HANAKO,
      customerId: 1,
      customerCode: "M1",
      settings: { ...SETTINGS, sendPoints: true },
      points: balance,
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect({ point: result.row.point, pointExpireDate: result.row.pointExpireDate }).toEqual({
      pointExpireDate: undefined,
      ...expected,
    })
  })
})

describe("addresses", () => {
  it.each([
    [[], null],
    [[{ city: "A" }, { city: "B", is_default_billing: true }], "B"],
    [[{ city: "A", is_default_billing: true }, { city: "B", is_default_shipping: true }], "B"],
    [[{ city: "A" }, { city: "B" }], "A"],
  ])("default address of %j is %s", (addresses, city) => {
    expect(defaultAddress(addresses)?.city ?? null).toBe(city)
  })

  it.each([
    [{ province: "大阪府", city: "大阪市北区", address_1: "梅田3-1-1", address_2: "" }, "大阪府大阪市北区梅田3-1-1"],
    [{ province: "Tokyo", city: "Shibuya-ku", address_1: "1-2-3 Jingumae", address_2: "Apt 5" }, "Tokyo Shibuya-ku 1-2-3 Jingumae Apt 5"],
    [{ province: "東京都", city: "渋谷区", address_1: "神宮前 1-2-3", address_2: "\n原宿ビル\t5F " }, "東京都渋谷区神宮前 1-2-3 原宿ビル 5F"],
    [{ city: "札幌市", address_1: null }, "札幌市"],
    [null, ""],
  ])("full address of %j", (address, expected) => {
    expect(fullAddress(address)).toBe(expected)
  })
})

describe("formatMemberCode", () => {
  it.each([
    [345, { format: "prefixed", prefix: "M", digits: 9 }, "M000000345"],
    [1, { format: "prefixed", prefix: "", digits: 6 }, "000001"],
    [1234567, { format: "prefixed", prefix: "WEB-", digits: 4 }, "WEB-1234567"],
    [345, { format: "ean13", prefix: "29", digits: 9 }, "2900000003453"],
    [1, { format: "ean13", prefix: "", digits: 9 }, "0000000000017"],
  ] as const)("%s with %j → %s", (id, format, expected) => {
    const code = formatMemberCode(id, format)
    expect(code).toBe(expected)
    if (format.format === "ean13") expect(isValidEan13(code)).toBe(true)
  })

  it.each([
    [1, { format: "ean13", prefix: "M2", digits: 9 }, /must be digits/],
    [12345678901, { format: "ean13", prefix: "29", digits: 9 }, /does not fit/],
    [1, { format: "prefixed", prefix: "ABCDEFGHIJ", digits: 19 }, /longer than 20/],
    ["12a", { format: "prefixed", prefix: "M", digits: 9 }, /must be digits/],
  ] as const)("refuses %s with %j", (id, format, message) => {
    expect(() => formatMemberCode(id, format)).toThrow(message)
  })
})

describe("withdrawal and hashing", () => {
  it("marks the last pushed row withdrawn with the leave date", () => {
    const result = buildWithdrawalRow({
      customerId: "345",
      customerCode: "M000000345",
      lastPayload: { customerId: "345", customerCode: "M000000345", lastName: "山田", firstName: "花子", sex: "2", status: "0" },
      leaveDate: "2026-05-10",
      namePlaceholder: "未設定",
    })
    expect(result).toEqual({
      ok: true,
      row: { customerId: "345", customerCode: "M000000345", lastName: "山田", firstName: "花子", sex: "2", status: "3", leaveDate: "2026-05-10" },
    })
  })

  it("a withdrawal row carries no points (the last pushed balance is stale), and goes without an id when it has none", () => {
    const lastPayload = { customerId: "345", lastName: "山田", firstName: "花子", sex: "2", point: "500", mile: "3", pointExpireDate: "2027-03-31" }
    const row = { customerCode: "M000000345", lastName: "山田", firstName: "花子", sex: "2", status: "3", leaveDate: "2026-05-10" }
    expect(buildWithdrawalRow({ customerId: "345", customerCode: "M000000345", lastPayload, leaveDate: "2026-05-10", namePlaceholder: "未設定" })).toEqual({
      ok: true,
      row: { customerId: "345", ...row },
    })
    expect(buildWithdrawalRow({ customerId: null, customerCode: "M000000345", lastPayload, leaveDate: "2026-05-10", namePlaceholder: "未設定" })).toEqual({
      ok: true,
      row: { customerId: "", ...row },
    })
  })

  it.each<[string, Record<string, unknown> | null, Record<string, string>]>([
    ["no last payload (linked, never pushed)", null, { lastName: "ゲスト", firstName: "ゲスト", sex: "0" }],
    ["a payload from before sex was sent", { customerId: "345", lastName: "山田", firstName: "花子" }, { lastName: "山田", firstName: "花子", sex: "0" }],
    ["a payload with only a last name", { lastName: "山田", sex: "1" }, { lastName: "山田", firstName: "ゲスト", sex: "1" }],
  ])("a withdrawal row carries every required field: %s", (_label, lastPayload, expected) => {
    const result = buildWithdrawalRow({ customerId: "345", customerCode: "M000000345", lastPayload, leaveDate: "2026-05-10", namePlaceholder: "ゲスト" })
    expect(result).toEqual({
      ok: true,
      row: { customerId: "345", customerCode: "M000000345", status: "3", leaveDate: "2026-05-10", ...expected },
    })
  })

  it.each([
    ["2026-05-10T14:59:59.000Z", "2026-05-10"],
    ["2026-05-10T15:00:00.000Z", "2026-05-11"],
  ])("JST date of %s is %s", (iso, expected) => {
    expect(jstDate(new Date(iso))).toBe(expected)
  })

  it("hashes equal rows equally regardless of key order and differently for any changed value", () => {
    const a = payloadHash({ customerId: "1", lastName: "山田", firstName: "花子" })
    expect(payloadHash({ firstName: "花子", customerId: "1", lastName: "山田" })).toBe(a)
    expect(payloadHash({ customerId: "1", lastName: "山田", firstName: "花" })).not.toBe(a)
    expect(payloadHash({ customerId: "1", lastName: "山田", firstName: "花子", rank: "GOLD" })).not.toBe(a)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe("memberEligibility", () => {
  it.each([
    [{ has_account: false, groups: [{ id: "cusgroup_ok" }] }, "cusgroup_ok", { eligible: false, reason: "guest" }],
    [{ has_account: null }, null, { eligible: false, reason: "guest" }],
    [{ has_account: true }, null, { eligible: true }],
    [{ has_account: true, groups: [{ id: "cusgroup_other" }] }, null, { eligible: true }],
    [{ has_account: true }, "cusgroup_ok", { eligible: false, reason: "not_approved" }],
    [{ has_account: true, groups: [] }, "cusgroup_ok", { eligible: false, reason: "not_approved" }],
    [{ has_account: true, groups: [{ id: "cusgroup_other" }] }, "cusgroup_ok", { eligible: false, reason: "not_approved" }],
    [{ has_account: true, groups: [{ id: "cusgroup_other" }, { id: "cusgroup_ok" }] }, "cusgroup_ok", { eligible: true }],
  ])("%j with approval group %s → %j", (customer, group, expected) => {
    expect(memberEligibility(customer, group)).toEqual(expected)
  })
})
