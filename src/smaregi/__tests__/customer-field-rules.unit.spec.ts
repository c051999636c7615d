import { isKatakana, isSmaregiKana, toKatakana } from "../customer-field-rules"
import { normalizeCustomerRow } from "../normalize-customer"
import { errorsFor, ID, normalizedValue } from "./customer-row.helpers"

describe("normalizeCustomerRow — valid values per field", () => {
  it.each<[string, unknown, string]>([
    ["customerId", "0000000042", "42"],
    ["customerId", "９９", "99"],
    ["customerId", 9999999999, "9999999999"],
    ["customerCode", "M000000345", "M000000345"],
    ["customerCode", "ＡＢＣ－１", "ABC-1"],
    ["customerCode", "A B!~", "A B!~"],
    ["customerNo", "12345678901234567890", "12345678901234567890"],
    ["rank", "VIP", "VIP"],
    ["staffRank", "S1", "S1"],
    ["lastName", "山田", "山田"],
    ["firstName", "あ".repeat(85), "あ".repeat(85)],
    ["lastKana", "ヤマダ", "ヤマダ"],
    ["lastKana", "ﾔﾏﾀﾞ", "ヤマダ"],
    ["lastKana", "やまだ", "ヤマダ"],
    ["firstKana", "ヴァン・ダイク", "ヴァン・ダイク"],
    ["firstKana", "ジョン　スミス", "ジョン スミス"],
    ["firstKana", "ゆうこー", "ユウコー"],
    ["postCode", "150-0001", "1500001"],
    ["postCode", "〒150-0001", "1500001"],
    ["postCode", "１５０ー０００１", "1500001"],
    ["postCode", 1500001, "1500001"],
    ["address", "東京都渋谷区\r\n神宮前1-2-3", "東京都渋谷区 神宮前1-2-3"],
    ["phoneNumber", "090-1234-5678", "090-1234-5678"],
    ["phoneNumber", "+81 90 1234 5678", "+819012345678"],
    ["faxNumber", "０３－１２３４－５６７８", "03-1234-5678"],
    ["mobileNumber", "(090)1234.5678", "09012345678"],
    ["mailAddress", "taro.yamada+shop@example.co.jp", "taro.yamada+shop@example.co.jp"],
    ["mailAddress2", " Hanako@Example.JP ", "Hanako@Example.JP"],
    ["mailAddress3", "ｔａｒｏ＠example.jp", "taro@example.jp"],
    ["companyName", "株式会社テスト", "株式会社テスト"],
    ["departmentName", "営業部", "営業部"],
    ["managerialPosition", "部長", "部長"],
    ["sex", "0", "0"],
    ["sex", 1, "1"],
    ["sex", "Male", "1"],
    ["sex", "m", "1"],
    ["sex", "F", "2"],
    ["sex", "unknown", "0"],
    ["sex", "女性", "2"],
    ["birthDate", "1990-04-01", "1990-04-01"],
    ["birthDate", "1990/04/01", "1990-04-01"],
    ["birthDate", "1990-4-1", "1990-04-01"],
    ["birthDate", "1990-04-01T00:00:00.000Z", "1990-04-01"],
    ["birthDate", "2000-02-29", "2000-02-29"],
    ["birthDate", new Date("1990-03-31T15:00:00.000Z"), "1990-04-01"],
    ["pointExpireDate", "2027/12/31", "2027-12-31"],
    ["entryDate", "2026-05-10 14:03:22", "2026-05-10"],
    ["leaveDate", "２０２６－０５－１０", "2026-05-10"],
    ["lastComeDateTime", "2026-05-10 14:03:22", "2026-05-10 14:03:22"],
    ["lastComeDateTime", "2026/5/10 9:03", "2026-05-10 09:03:00"],
    ["lastComeDateTime", "2026-05-10T05:03:22.000Z", "2026-05-10 14:03:22"],
    ["lastComeDateTime", "2026-05-10T23:30:00+09:00", "2026-05-10 23:30:00"],
    ["lastComeDateTime", new Date("2026-05-10T15:00:00.000Z"), "2026-05-11 00:00:00"],
    ["point", "0", "0"],
    ["point", 1200, "1200"],
    ["point", "００１２", "12"],
    ["mile", "-30", "-30"],
    ["mile", 5, "5"],
    ["mailReceiveFlag", false, "0"],
    ["mailReceiveFlag", "1", "1"],
    ["mailReceiveFlag", 0, "0"],
    ["mailReceiveFlag", "true", "1"],
    ["note", "一行目\r\n二行目", "一行目\n二行目"],
    ["note2", "メモ", "メモ"],
    ["status", "3", "3"],
    ["status", 4, "4"],
    ["storeId", "1", "1"],
    ["passportNo", "TK1234567", "TK1234567"],
    ["nationality", "日本", "日本"],
    ["alphabetName", "Hanako Yamada", "Hanako Yamada"],
    ["pinCode", "1234", "1234"],
    ["favoriteList", "812,813", "812,813"],
    ["browsingList", "812", "812"],
  ])("%s %p → %p", (field, input, expected) => {
    expect(normalizedValue(field, input)).toBe(expected)
  })

  it.each<[string, unknown]>([
    ["lastName", ""],
    ["lastName", "   "],
    ["lastName", null],
    ["lastName", undefined],
    ["postCode", "　"],
  ])("%s %p is omitted", (field, input) => {
    const result = normalizeCustomerRow({ ...ID, [field]: input })
    expect(result).toEqual({ ok: true, row: { customerId: "345" } })
  })

  it("accepts pointGivingUnitPrice and pointGivingUnit together", () => {
    expect(normalizeCustomerRow({ ...ID, pointGivingUnitPrice: "100", pointGivingUnit: 1 })).toEqual({
      ok: true,
      row: { customerId: "345", pointGivingUnitPrice: "100", pointGivingUnit: "1" },
    })
  })
})

describe("normalizeCustomerRow — invalid values per field", () => {
  it.each<[Record<string, unknown>, string]>([
    [{ lastName: "山田" }, "customerId: is required"],
    [{ customerId: "" }, "customerId: is required"],
    [{ customerId: "12345678901" }, 'customerId: must be at most 10 digits (got "12345678901")'],
    [{ customerId: "0" }, 'customerId: must be a positive number (got "0")'],
    [{ customerId: -1 }, 'customerId: must contain digits only (got "-1")'],
    [{ ...ID, customerCode: "M" + "0".repeat(20) }, 'customerCode: must be at most 20 characters, not 21 (got "M00000000000000000000")'],
    [{ ...ID, customerCode: "会員1" }, 'customerCode: must be printable ASCII (got "会員1")'],
    [{ ...ID, customerNo: "A\u0007B" }, 'customerNo: must be printable ASCII (got "A\\u0007B")'],
    [{ ...ID, rank: "ゴールド" }, 'rank: must be printable ASCII (got "ゴールド")'],
    [{ ...ID, staffRank: "X".repeat(21) }, 'staffRank: must be at most 20 characters, not 21 (got "XXXXXXXXXXXXXXXXXXXXX")'],
    [{ ...ID, lastName: "あ".repeat(86) }, `lastName: must be at most 85 characters, not 86 (got "${"あ".repeat(57)}...")`],
    [{ ...ID, firstKana: "ア".repeat(86) }, `firstKana: must be at most 85 characters, not 86 (got "${"ア".repeat(57)}...")`],
    [{ ...ID, postCode: "ABC-1234" }, 'postCode: must contain digits only (hyphens are removed) (got "ABC-1234")'],
    [{ ...ID, postCode: "12345678901" }, 'postCode: must be at most 10 digits (got "12345678901")'],
    [{ ...ID, address: "あ".repeat(86) }, `address: must be at most 85 characters, not 86 (got "${"あ".repeat(57)}...")`],
    [{ ...ID, phoneNumber: "電話03-1234" }, 'phoneNumber: must contain only digits, + and - (got "電話03-1234")'],
    [{ ...ID, phoneNumber: "0".repeat(21) }, 'phoneNumber: must be at most 20 characters (got "000000000000000000000")'],
    [{ ...ID, mobileNumber: "090+1234" }, 'mobileNumber: must contain only digits, + and - (got "090+1234")'],
    [{ ...ID, faxNumber: "---" }, 'faxNumber: must contain only digits, + and - (got "---")'],
    [{ ...ID, mailAddress: "hanako.example.jp" }, 'mailAddress: must be a valid e-mail address (got "hanako.example.jp")'],
    [{ ...ID, mailAddress2: "hanako@localhost" }, 'mailAddress2: must be a valid e-mail address (got "hanako@localhost")'],
    [{ ...ID, mailAddress3: "はなこ@example.jp" }, 'mailAddress3: must be a valid e-mail address (got "はなこ@example.jp")'],
    [{ ...ID, sex: "3" }, 'sex: must be "0" (unknown), "1" (male) or "2" (female) (got "3")'],
    [{ ...ID, birthDate: "1990-02-30" }, 'birthDate: must be a real calendar date (got "1990-02-30")'],
    [{ ...ID, birthDate: "2001-02-29" }, 'birthDate: must be a real calendar date (got "2001-02-29")'],
    [{ ...ID, birthDate: "1990-13-01" }, 'birthDate: must be a real calendar date (got "1990-13-01")'],
    [{ ...ID, birthDate: "01/04/1990" }, 'birthDate: must be a date YYYY-MM-DD (got "01/04/1990")'],
    [{ ...ID, birthDate: "1990-04/01" }, 'birthDate: must be a date YYYY-MM-DD (got "1990-04/01")'],
    [{ ...ID, birthDate: new Date("invalid") }, "birthDate: is an invalid Date"],
    [{ ...ID, entryDate: "yesterday" }, 'entryDate: must be a date YYYY-MM-DD (got "yesterday")'],
    [{ ...ID, lastComeDateTime: "2026-05-10" }, 'lastComeDateTime: must be a date-time YYYY-MM-DD HH:MM:SS (got "2026-05-10")'],
    [{ ...ID, lastComeDateTime: "2026-05-10 24:00:00" }, 'lastComeDateTime: must be a real date and time (got "2026-05-10 24:00:00")'],
    [{ ...ID, point: "-1" }, 'point: must be at least 0 (got "-1")'],
    [{ ...ID, point: 1.5 }, 'point: must be an integer (got "1.5")'],
    [{ ...ID, point: "1,000" }, 'point: must be an integer (got "1,000")'],
    [{ ...ID, point: Number.NaN }, "point: must be a finite number"],
    [{ ...ID, mile: "many" }, 'mile: must be an integer (got "many")'],
    [{ ...ID, status: "5" }, 'status: must be "0" (active), "1" (suspended), "2" (lost), "3" (withdrawn) or "4" (merged) (got "5")'],
    [{ ...ID, mailReceiveFlag: "yes" }, 'mailReceiveFlag: must be "0" (refuse) or "1" (accept) (got "yes")'],
    [{ ...ID, lastName: true }, "lastName: must not be a boolean"],
    [{ ...ID, lastName: ["山田"] }, "lastName: must be a string (got array)"],
    [{ ...ID, note: { text: "x" } }, "note: must be a string (got object)"],
    [{ ...ID, storeId: "store-1" }, 'storeId: must contain digits only (got "store-1")'],
    [{ ...ID, pointGivingUnitPrice: "100" }, "pointGivingUnit: is required when pointGivingUnitPrice is set"],
    [{ ...ID, pointGivingUnit: "1" }, "pointGivingUnitPrice: is required when pointGivingUnit is set"],
    [{ ...ID, managerFlag: "1" }, "managerFlag: unknown field"],
    [{ ...ID, insDateTime: "2026-01-01 00:00:00" }, "insDateTime: read-only field"],
  ])("%p → %s", (input, expected) => {
    expect(errorsFor(input)).toEqual([expected])
  })
})

describe("normalizeCustomerRow — the v2 spec table's local rules", () => {
  const KANA_ERROR = "must be full-width katakana (ァ-ヶ, ー, ・, spaces) or half-width letters and digits"
  it.each<[string, string, string | { error: string }]>([
    // セイ / メイ: 全角カナ85文字以内（半角英数）
    ["lastKana", "ヤマダ", "ヤマダ"],
    ["lastKana", "Yamada", "Yamada"],
    ["lastKana", "ﾔﾏﾀﾞ", "ヤマダ"],
    ["lastKana", "ヤマダ2", "ヤマダ2"],
    ["firstKana", "ＡＢＣ１", "ABC1"],
    ["firstKana", "John Smith", "John Smith"],
    ["firstKana", "ジョン・Smith 3", "ジョン・Smith 3"],
    ["firstKana", "A".repeat(85), "A".repeat(85)],
    ["firstKana", "山田", { error: `firstKana: ${KANA_ERROR} (got "山田")` }],
    ["lastKana", "Smith-Jones", { error: `lastKana: ${KANA_ERROR} (got "Smith-Jones")` }],
    ["lastKana", "ヤマダ!", { error: `lastKana: ${KANA_ERROR} (got "ヤマダ!")` }],
    ["lastKana", "Ä", { error: `lastKana: ${KANA_ERROR} (got "Ä")` }],
    ["firstKana", "A".repeat(86), { error: `firstKana: must be at most 85 characters, not 86 (got "${"A".repeat(57)}...")` }],
    // storeId ≤ 5 digits
    ["storeId", "12345", "12345"],
    ["storeId", "0001", "1"],
    ["storeId", "123456", { error: 'storeId: must be at most 5 digits (got "123456")' }],
    ["storeId", "0", { error: 'storeId: must be a positive number (got "0")' }],
    // passportNo ≤ 32
    ["passportNo", "P".repeat(32), "P".repeat(32)],
    ["passportNo", "P".repeat(33), { error: `passportNo: must be at most 32 characters, not 33 (got "${"P".repeat(33)}")` }],
    // pinCode: any text ≤ 20
    ["pinCode", "暗証1234", "暗証1234"],
    ["pinCode", "x".repeat(20), "x".repeat(20)],
    ["pinCode", "x".repeat(21), { error: `pinCode: must be at most 20 characters, not 21 (got "${"x".repeat(21)}")` }],
  ])("%s %p → %p", (field, input, expected) => {
    if (typeof expected === "string") expect(normalizedValue(field, input)).toBe(expected)
    else expect(errorsFor({ ...ID, [field]: input })).toEqual([expected.error])
  })

  it.each<[unknown, string | { error: string }]>([
    ["1", "1"],
    ["99999", "99999"],
    [100, "100"],
    ["０５０", "50"],
    ["0", { error: 'must be an integer from 1 to 99999 (got "0")' }],
    ["100000", { error: 'must be an integer from 1 to 99999 (got "100000")' }],
    ["-5", { error: 'must be an integer from 1 to 99999 (got "-5")' }],
    ["1.5", { error: 'must be an integer from 1 to 99999 (got "1.5")' }],
    ["1e3", { error: 'must be an integer from 1 to 99999 (got "1e3")' }],
  ])("pointGivingUnitPrice %p → %p", (input, expected) => {
    const result = normalizeCustomerRow({ ...ID, pointGivingUnitPrice: input, pointGivingUnit: "1" })
    if (typeof expected === "string") expect(result).toEqual({ ok: true, row: { ...ID, pointGivingUnitPrice: expected, pointGivingUnit: "1" } })
    else expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([`pointGivingUnitPrice: ${expected.error}`])
  })
})

describe("kana helpers", () => {
  it.each<[string, string]>([
    ["やまだ はなこ", "ヤマダ ハナコ"],
    ["ｶﾞｯｺｳ", "ガッコウ"],
    ["  ゔぁ ", "ヴァ"],
    ["ABC", "ABC"],
  ])("toKatakana(%p) = %p", (input, expected) => {
    expect(toKatakana(input)).toBe(expected)
  })

  it.each<[string, boolean]>([
    ["ヤマダ", true],
    ["ヤマダ　ハナコ", true],
    ["ヴァン・ダイク", true],
    ["ラーメン", true],
    ["やまだ", false],
    ["ﾔﾏﾀﾞ", false],
    ["Yamada", false],
    ["", false],
  ])("isKatakana(%p) = %p", (input, expected) => {
    expect(isKatakana(input)).toBe(expected)
  })

  it.each<[string, boolean]>([
    ["ヤマダ ハナコ", true],
    ["Yamada", true],
    ["ヤマダ2", true],
    ["ﾔﾏﾀﾞ", false],
    ["やまだ", false],
    ["Smith-Jones", false],
    ["", false],
  ])("isSmaregiKana(%p) = %p", (input, expected) => {
    expect(isSmaregiKana(input)).toBe(expected)
  })
})
