import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { Modules } from "@medusajs/framework/utils"
import { type FakeSmaregi, startFakeSmaregi } from "../../dev/fake-smaregi/server"
import { buildTransaction } from "../../src/smaregi/__fixtures__/sales"
import { adminHeaders, registerCustomer } from "../helpers/auth"
import { medusaIntegrationTestRunner } from "../helpers/runner"
import { type OutboxMessage, readOutbox } from "../providers/notification-outbox/service"
import { FAKE_CONTRACT, UPD_ONLY, memberConnection, publishableKey, settleMemberSync, waitFor, waitForMemberStatus } from "./members-helpers"
import { salesHarness } from "./sales-in.helpers"

jest.setTimeout(180_000)

// Read by medusa-config.ts when the app loads: e-mail goes to the raw-content provider stub, feed to a provider.
const outboxDir = mkdtempSync(path.join(tmpdir(), "smaregi-outbox-"))
const OUTBOX = path.join(outboxDir, "outbox.jsonl")
const saved = { outbox: process.env.SMAREGI_TEST_NOTIFICATION_OUTBOX, adminUrl: process.env.MEDUSA_ADMIN_URL }
process.env.SMAREGI_TEST_NOTIFICATION_OUTBOX = OUTBOX
// A trailing slash, as merchants write it: the links must not double it.
process.env.MEDUSA_ADMIN_URL = "https://admin.shop.example.jp/app/"
const ADMIN = "https://admin.shop.example.jp/app"

const line = (productCode: string) => ({ productCode, color: "Navy", size: "M", price: 5500, quantity: 1 })

async function delivered(count: number): Promise<OutboxMessage[]> {
  return waitFor(async () => {
    const messages = readOutbox(OUTBOX)
    return messages.length >= count ? messages : undefined
  }, `${count} delivered e-mail(s)`)
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"))

medusaIntegrationTestRunner({
  seedDemoStore: true,
  testSuite: ({ api, getContainer }) => {
    let fake: FakeSmaregi

    beforeAll(async () => {
      fake = await startFakeSmaregi({ port: 0, contracts: [FAKE_CONTRACT] })
    })
    afterAll(async () => {
      await fake.stop()
      rmSync(outboxDir, { recursive: true, force: true })
      for (const [key, value] of [
        ["SMAREGI_TEST_NOTIFICATION_OUTBOX", saved.outbox],
        ["MEDUSA_ADMIN_URL", saved.adminUrl],
      ] as const) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    })
    beforeEach(() => {
      rmSync(OUTBOX, { force: true })
      fake.reset()
    })
    afterEach(async () => {
      await settleMemberSync(getContainer())
    })

    const feedNotices = async () =>
      getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" }, { order: { created_at: "ASC" } })

    describe("a sale that cannot be imported (IN-17)", () => {
      it("mails every address a raw-content message with subject, text, html and the transaction's link, and posts to the admin feed", async () => {
        const container = getContainer()
        const h = await salesHarness(container, api, { errorMail: { enabled: true, to: ["ops@example.jp", "owner@example.jp"] } })
        await h.push([buildTransaction({ id: "7401", lines: [line("4901234567894")] })])
        const failed = await h.settled("7401")
        expect(failed.status).toBe("failed")

        const messages = await delivered(2)
        expect(messages.map((m) => m.to).sort()).toEqual(["ops@example.jp", "owner@example.jp"])
        const link = `${ADMIN}/smaregi/transactions?id=${failed.id}`
        for (const message of messages) {
          expect(message).toMatchObject({ kind: "content", channel: "email" })
          if (message.kind !== "content") throw new Error("expected a raw-content message")
          expect(message.subject).toContain("7401")
          expect(message.subject).toContain('unknown product code "4901234567894"')
          expect(message.text).toContain(`取引ID / Transaction: 7401`)
          expect(message.text).toContain(failed.reason!)
          expect(message.text).toContain(link)
          expect(hrefs(message.html!)).toEqual([link])
          expect(message.html).toContain("取引 7401")
          expect(message.data).toMatchObject({ transaction_head_id: "7401", admin_link: link })
        }

        // The link's id is the transaction the admin route serves.
        const id = new URL(link).searchParams.get("id")
        const opened = await api.get(`/admin/smaregi/transactions/${id}`, await adminHeaders(container))
        expect(opened.data.transaction).toMatchObject({ transaction_head_id: "7401", status: "failed" })

        const feed = await feedNotices()
        expect(feed).toHaveLength(1)
        expect(feed[0]).toMatchObject({
          channel: "feed",
          template: "admin-ui",
          status: "success",
          resource_type: "smaregi_transaction",
          resource_id: failed.id,
          data: {
            title: "スマレジ取引 7401 の取込エラー / Smaregi transaction 7401 failed",
            description: `[create_failed] ${failed.reason} (Shibuya)`,
          },
        })
        // The admin's bell lists it.
        const listed = await api.get("/admin/notifications?channel=feed", await adminHeaders(container))
        expect(listed.data.notifications.map((n: { id: string }) => n.id)).toContain(feed[0].id)
      })

      it("with a template id configured sends the template and its data instead of content", async () => {
        const h = await salesHarness(getContainer(), api, {
          errorMail: { enabled: true, to: ["ops@example.jp"], transactionTemplate: "d-0123456789abcdef" },
        })
        await h.push([buildTransaction({ id: "7402", lines: [line("NO-SUCH-CODE")] })])
        const failed = await h.settled("7402")
        const [message] = await delivered(1)
        expect(message).toMatchObject({
          kind: "template",
          templateId: "d-0123456789abcdef",
          data: {
            transaction_head_id: "7402",
            reason_code: "create_failed",
            reason: failed.reason,
            admin_link: `${ADMIN}/smaregi/transactions?id=${failed.id}`,
            subject: expect.stringContaining("7402"),
          },
        })
      })

      it("error mail off: the admin feed only; feed switched off as well: nothing", async () => {
        const h = await salesHarness(getContainer(), api, { errorMail: { enabled: false, to: [] } })
        await h.push([buildTransaction({ id: "7403", lines: [line("NO-SUCH-CODE")] })])
        expect((await h.settled("7403")).status).toBe("failed")
        expect((await feedNotices()).map((n) => n.resource_id)).toEqual([(await h.row("7403"))!.id])

        await h.updateSettings({ errorFeed: false })
        await h.push([buildTransaction({ id: "7404", lines: [line("NO-SUCH-CODE")] })])
        expect((await h.settled("7404")).status).toBe("failed")
        expect(await feedNotices()).toHaveLength(1)
        expect(readOutbox(OUTBOX)).toEqual([])
      })
    })

    describe("a member Smaregi refuses (OUT-9)", () => {
      it("mails the member's link, the customer and Smaregi's reason, and posts to the admin feed", async () => {
        const container = getContainer()
        await memberConnection(container, fake)
        fake.fault({ smaregiError: { code: 41, message: "入力値が不正です。(lastName:必須項目です)" }, ...UPD_ONLY })
        const pk = await publishableKey(container)
        const { customer } = await registerCustomer(api, pk, { email: "refused@example.jp", first_name: "花子", last_name: "山田" })
        const member = await waitForMemberStatus(container, customer.id, "failed")

        const [message] = await delivered(1)
        if (message.kind !== "content") throw new Error(`expected a raw-content message, got ${JSON.stringify(message)}`)
        const link = `${ADMIN}/smaregi/members?id=${member.id}`
        expect(message.to).toBe("ops@shop.example.jp")
        expect(message.subject).toBe(`[Smaregi] 会員連携エラー ${member.customer_code} / member sync failed (Shibuya)`)
        expect(message.text).toContain(`会員コード ${member.customer_code} — 山田 花子 <refused@example.jp>`)
        expect(message.text).toContain("[41] 入力値が不正です。(lastName:必須項目です)")
        expect(message.text).toContain(link)
        expect(hrefs(message.html!)).toEqual([link, link])

        const opened = await api.get(`/admin/smaregi/members/${new URL(link).searchParams.get("id")}`, await adminHeaders(container))
        expect(opened.data.member).toMatchObject({ customer_id: customer.id, status: "failed" })

        const feed = await waitFor(async () => {
          const list = await feedNotices()
          return list.length ? list : undefined
        }, "the member's feed notice")
        expect(feed).toHaveLength(1)
        expect(feed[0]).toMatchObject({
          template: "admin-ui",
          status: "success",
          resource_type: "smaregi_member",
          resource_id: member.id,
          data: { title: `スマレジ会員 ${member.customer_code} の連携エラー / Smaregi member sync failed` },
        })
      })
    })
  },
})
