import {
  adminLink,
  configuredNotificationChannels,
  emailPayload,
  escapeHtml,
  memberFailureNotice,
  transactionFailureNotice,
  type TransactionFailure,
} from "../failure-notices"

const failure: TransactionFailure = {
  connectionName: "渋谷店",
  transactionId: "smtx_01ABC",
  transactionHeadId: "5401",
  storeId: "1",
  terminalId: "2",
  terminalTranId: "77",
  saleDateTime: "2026-11-28T10:15:00+09:00",
  reasonCode: "create_failed",
  reason: 'unknown product code "4901234567894": no variant has SKU "4901234567894"',
}

describe("adminLink", () => {
  it.each([
    [undefined, "http://localhost:9000/app/smaregi/transactions?id=smtx_1"],
    ["", "http://localhost:9000/app/smaregi/transactions?id=smtx_1"],
    ["   ", "http://localhost:9000/app/smaregi/transactions?id=smtx_1"],
    ["http://localhost:9000/app", "http://localhost:9000/app/smaregi/transactions?id=smtx_1"],
    ["http://localhost:9000/app/", "http://localhost:9000/app/smaregi/transactions?id=smtx_1"],
    ["http://localhost:9000/app///", "http://localhost:9000/app/smaregi/transactions?id=smtx_1"],
    ["https://admin.shop.example.jp", "https://admin.shop.example.jp/smaregi/transactions?id=smtx_1"],
    ["https://shop.example.jp/dashboard/", "https://shop.example.jp/dashboard/smaregi/transactions?id=smtx_1"],
  ])("MEDUSA_ADMIN_URL %j → %s", (base, expected) => {
    expect(adminLink(base, "transactions", "smtx_1")).toBe(expected)
  })

  it("encodes the id and names the members page", () => {
    expect(adminLink("http://a/app", "members", "a b&c")).toBe("http://a/app/smaregi/members?id=a+b%26c")
  })
})

describe("escapeHtml", () => {
  it.each([
    ["<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"],
    ['a & "b"', "a &amp; &quot;b&quot;"],
    ["ネイビー", "ネイビー"],
  ])("%s", (input, expected) => expect(escapeHtml(input)).toBe(expected))
})

describe("transactionFailureNotice", () => {
  const notice = transactionFailureNotice(failure, "https://admin.example.jp/app/")

  it("links straight to the transaction", () => {
    expect(notice.link).toBe("https://admin.example.jp/app/smaregi/transactions?id=smtx_01ABC")
  })

  it.each([
    ["subject", "5401"],
    ["subject", "unknown product code"],
    ["text", "取引ID / Transaction: 5401"],
    ["text", "理由 / Reason: [create_failed] unknown product code"],
    ["text", "店舗ID / Store: 1"],
    ["text", "端末 / 端末取引ID (Terminal / terminal transaction): 2 / 77"],
    ["text", "渋谷店"],
    ["text", "管理画面で開く / Open in admin: https://admin.example.jp/app/smaregi/transactions?id=smtx_01ABC"],
    ["text", "could not be imported"],
    ["html", '<a href="https://admin.example.jp/app/smaregi/transactions?id=smtx_01ABC">'],
    ["html", "unknown product code &quot;4901234567894&quot;"],
    ["html", "取引 5401"],
    ["html", '<meta charset="utf-8">'],
  ] as const)("%s contains %j", (part, expected) => {
    expect(notice.content[part]).toContain(expected)
  })

  it("escapes what comes from the register in the html", () => {
    const hostile = transactionFailureNotice({ ...failure, reason: '<img src=x onerror="alert(1)">', connectionName: "A&B" })
    expect(hostile.content.html).not.toContain("<img")
    expect(hostile.content.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;")
    expect(hostile.content.html).toContain("A&amp;B")
  })

  it("keeps the subject on one line and at most 200 characters", () => {
    const long = transactionFailureNotice({ ...failure, reason: `line one\nline two ${"x".repeat(400)}` })
    expect(long.content.subject).not.toMatch(/\n/)
    expect(long.content.subject.length).toBe(200)
    expect(long.content.subject.endsWith("…")).toBe(true)
  })

  it("leaves out the rows it does not know", () => {
    const bare = transactionFailureNotice({ ...failure, storeId: null, terminalId: null, terminalTranId: null, saleDateTime: null })
    expect(bare.content.text).not.toContain("店舗ID")
    expect(bare.content.text).not.toContain("端末")
    expect(bare.content.html).not.toContain("店舗ID")
  })

  it("gives the admin feed a title and a description", () => {
    expect(notice.feed).toEqual({
      title: "スマレジ取引 5401 の取込エラー / Smaregi transaction 5401 failed",
      description: `[create_failed] ${failure.reason} (渋谷店)`,
    })
  })
})

describe("memberFailureNotice", () => {
  const hanako = {
    memberId: "smmem_1",
    customerId: "cus_1",
    customerCode: "M000001000",
    customerName: "山田 花子",
    customerEmail: "hanako@example.jp",
    errorCode: "41",
    error: "入力値が不正です。(lastName:必須項目です)",
  }
  const taro = { memberId: "smmem_2", customerId: "cus_2", customerCode: "M000001001", errorCode: null, error: null }

  it("one member: links to the member and names the customer and the reason", () => {
    const notice = memberFailureNotice("渋谷店", [hanako], "http://localhost:9000/app")
    expect(notice.link).toBe("http://localhost:9000/app/smaregi/members?id=smmem_1")
    expect(notice.content.subject).toBe("[Smaregi] 会員連携エラー M000001000 / member sync failed (渋谷店)")
    for (const part of ["M000001000", "山田 花子", "<hanako@example.jp>", "[41] 入力値が不正です。(lastName:必須項目です)", notice.link]) {
      expect(notice.content.text).toContain(part)
    }
    expect(notice.content.html).toContain('<a href="http://localhost:9000/app/smaregi/members?id=smmem_1">')
    expect(notice.content.html).toContain("&lt;hanako@example.jp&gt;")
    expect(notice.feed.description).toBe("M000001000: [41] 入力値が不正です。(lastName:必須項目です) (渋谷店)")
  })

  it("several members: each with its own link, the notice linking to the failed list", () => {
    const notice = memberFailureNotice("渋谷店", [hanako, taro])
    expect(notice.link).toBe("http://localhost:9000/app/smaregi/members?status=failed")
    expect(notice.content.subject).toBe("[Smaregi] 会員連携エラー 2件 / member sync failed (渋谷店)")
    expect(notice.content.text).toContain("http://localhost:9000/app/smaregi/members?id=smmem_1")
    expect(notice.content.text).toContain("http://localhost:9000/app/smaregi/members?id=smmem_2")
    expect(notice.content.text).toContain("会員コード M000001001 (customer cus_2)")
    expect(notice.content.text).toContain("理由 / Reason: [?]")
    expect(notice.content.html).toContain('href="http://localhost:9000/app/smaregi/members?id=smmem_2"')
    expect(notice.feed.title).toBe("スマレジ会員連携エラー 2件 / Smaregi member sync failed")
  })

  it("refuses an empty list", () => {
    expect(() => memberFailureNotice("x", [])).toThrow("no failed member")
  })
})

describe("emailPayload", () => {
  const notice = transactionFailureNotice(failure)
  const data = { transaction_head_id: "5401" }

  it.each([
    [null, { template: "smaregi-transaction-failed", content: notice.content }],
    [undefined, { template: "smaregi-transaction-failed", content: notice.content }],
    ["", { template: "smaregi-transaction-failed", content: notice.content }],
    ["d-0123456789abcdef", { template: "d-0123456789abcdef", content: undefined }],
  ])("template id %j", (templateId, expected) => {
    const payload = emailPayload(notice, { templateId, defaultTemplate: "smaregi-transaction-failed", data })
    expect(payload.template).toBe(expected.template)
    expect(payload.content).toEqual(expected.content)
    expect("content" in payload).toBe(!!expected.content)
    expect(payload.data).toEqual({ transaction_head_id: "5401", subject: notice.content.subject, admin_link: notice.link })
  })
})

describe("configuredNotificationChannels", () => {
  const local = (channels: unknown) => ({ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels } })
  it.each([
    ["nothing", undefined, []],
    ["no notification module", { cart: { resolve: "@medusajs/medusa/cart" } }, []],
    [
      "email only (the resolved config, keyed by module)",
      { notification: { resolve: "@medusajs/medusa/notification", options: { providers: [local(["email"])] } } },
      ["email"],
    ],
    [
      "email and feed from two providers",
      { notification: { resolve: "@medusajs/medusa/notification", options: { providers: [local(["email"]), local(["feed"])] } } },
      ["email", "feed"],
    ],
    [
      "a custom key, found by its resolve",
      { notices: { resolve: "@medusajs/notification", options: { providers: [local(["feed", "sms"])] } } },
      ["feed", "sms"],
    ],
    ["the array form of defineConfig", [{ resolve: "@medusajs/medusa/notification", options: { providers: [local(["feed"])] } }], ["feed"]],
    ["a provider without channels", { notification: { options: { providers: [{ resolve: "x" }, local("feed")] } } }, []],
    ["a disabled module", { notification: false }, []],
  ])("%s", (_name, modules, expected) => {
    expect([...configuredNotificationChannels(modules)].sort()).toEqual(expected)
  })
})
