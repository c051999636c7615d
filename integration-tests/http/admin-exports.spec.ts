import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SMAREGI_MODULE } from "../../src/modules/smaregi"
import type SmaregiModuleService from "../../src/modules/smaregi/service"
import { adminHeaders } from "../helpers/auth"
import { medusaIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120_000)

const BOM = [0xef, 0xbb, 0xbf]

type Api = { get: (url: string, config?: unknown) => Promise<{ status: number; data: any; headers: Record<string, string> }> }

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ",") row.push(cell), (cell = "")
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ""
      i++
    } else cell += c
  }
  if (cell || row.length) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`)
  return rows
}

async function download(api: Api, container: MedusaContainer, url: string) {
  const res = await api.get(url, { ...(await adminHeaders(container)), responseType: "arraybuffer", validateStatus: () => true })
  const bytes = Buffer.from(res.data as ArrayBuffer)
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${bytes.toString("utf8")}`)
  expect([...bytes.subarray(0, 3)]).toEqual(BOM)
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString("utf8"))
  const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
  return { res, header, records }
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const smaregi = () => getContainer().resolve<SmaregiModuleService>(SMAREGI_MODULE)

    async function transactions() {
      const shibuya = await smaregi().createConnection({ name: "Shibuya" })
      const ginza = await smaregi().createConnection({ name: "Ginza" })
      const row = (connection_id: string, head: string, status: string, extra: Record<string, unknown> = {}) => ({
        connection_id,
        transaction_head_id: head,
        status,
        head: {},
        details: [],
        ...extra,
      })
      await smaregi().createSmaregiTransactions([
        row(shibuya.id, "9001", "failed", {
          reason_code: "create_failed",
          reason: 'unknown product code "4901234567894", see mapping\nsecond line',
          store_id: "1",
          total: "-1100",
        }),
        row(shibuya.id, "9002", "imported", { store_id: "1", customer_code: "M000001000", total: "5500" }),
        row(ginza.id, "9003", "failed", { reason_code: "invalid_data", reason: "=cmd|' /C calc'!A0", store_id: "2" }),
      ] as any)
      return { shibuya, ginza }
    }

    describe("GET /admin/smaregi/transactions/export", () => {
      it("is the filtered list as CSV: UTF-8 with BOM, a header row, quoted commas, quotes and line breaks", async () => {
        const container = getContainer()
        const { shibuya } = await transactions()
        const { res, header, records } = await download(api, container, "/admin/smaregi/transactions/export?status=failed")
        expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8")
        expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="smaregi-transactions-\d{8}-\d{4}\.csv"$/)
        expect(header.slice(0, 6)).toEqual(["id", "transaction_head_id", "status", "action", "reason_code", "reason"])
        expect(records.map((r) => r.transaction_head_id).sort()).toEqual(["9001", "9003"])
        const tx = records.find((r) => r.transaction_head_id === "9001")!
        expect(tx).toMatchObject({
          status: "failed",
          reason_code: "create_failed",
          reason: 'unknown product code "4901234567894", see mapping\nsecond line',
          store_id: "1",
          total: "-1100",
          connection_id: shibuya.id,
          order_id: "",
        })
        expect(tx.created_at).toMatch(/^\d{4}-\d\d-\d\dT/)
        // A spreadsheet must not run text from the register as a formula.
        expect(records.find((r) => r.transaction_head_id === "9003")!.reason).toBe("'=cmd|' /C calc'!A0")
      })

      it("takes the list's filters: connection, search, several statuses", async () => {
        const container = getContainer()
        const { shibuya, ginza } = await transactions()
        const heads = async (query: string) =>
          (await download(api, container, `/admin/smaregi/transactions/export${query}`)).records.map((r) => r.transaction_head_id).sort()
        expect(await heads("")).toEqual(["9001", "9002", "9003"])
        expect(await heads(`?connection_id=${ginza.id}`)).toEqual(["9003"])
        expect(await heads(`?connection_id=${shibuya.id}&status=failed`)).toEqual(["9001"])
        expect(await heads("?q=M000001")).toEqual(["9002"])
        expect(await heads("?status=imported,failed")).toEqual(["9001", "9002", "9003"])
        expect(await heads("?status=canceled")).toEqual([])
        // The list route gives the same rows for the same filter.
        const listed = await api.get(`/admin/smaregi/transactions?connection_id=${shibuya.id}&status=failed`, await adminHeaders(container))
        expect(listed.data.transactions.map((t: { transaction_head_id: string }) => t.transaction_head_id)).toEqual(["9001"])
      })

      it("exports every row, past one page of the stream", async () => {
        const connection = await smaregi().createConnection({ name: "Big" })
        await smaregi().createSmaregiTransactions(
          Array.from({ length: 1203 }, (_, i) => ({
            connection_id: connection.id,
            transaction_head_id: String(100000 + i),
            status: "imported",
            head: {},
            details: [],
          })) as any
        )
        const { records } = await download(api, getContainer(), "/admin/smaregi/transactions/export")
        expect(records).toHaveLength(1203)
        expect(new Set(records.map((r) => r.transaction_head_id)).size).toBe(1203)
      })

      it("refuses an unknown status with 400, and anyone without an admin session with 401", async () => {
        const bad = await api.get("/admin/smaregi/transactions/export?status=lost", { ...(await adminHeaders(getContainer())), validateStatus: () => true })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/status: lost is not one of/)
        const anonymous = await api.get("/admin/smaregi/transactions/export", { validateStatus: () => true })
        expect(anonymous.status).toBe(401)
      })
    })

    describe("GET /admin/smaregi/members/export", () => {
      async function members() {
        const container = getContainer()
        const connection = await smaregi().createConnection({ name: "Shibuya" })
        const [hanako, taro] = await container.resolve(Modules.CUSTOMER).createCustomers([
          { email: "hanako@example.jp", last_name: "山田", first_name: "花子", has_account: true },
          { email: "taro,jr@example.jp", last_name: 'O"Brien', first_name: "太郎", has_account: true },
        ])
        await smaregi().createSmaregiMembers([
          { connection_id: connection.id, customer_id: hanako.id, smaregi_customer_id: "1000", customer_code: "M000001000", status: "synced" },
          {
            connection_id: connection.id,
            customer_id: taro.id,
            smaregi_customer_id: "1001",
            customer_code: "M000001001",
            status: "failed",
            last_error_code: "41",
            last_error: "入力値が不正です。\n(lastName:必須項目です)",
          },
        ] as any)
        return { connection, hanako, taro }
      }

      it("is the filtered member list as CSV with the customer's e-mail and names", async () => {
        const container = getContainer()
        const { taro } = await members()
        const { res, header, records } = await download(api, container, "/admin/smaregi/members/export?status=failed")
        expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8")
        expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="smaregi-members-\d{8}-\d{4}\.csv"$/)
        expect(header).toEqual([
          "id",
          "customer_code",
          "smaregi_customer_id",
          "status",
          "customer_id",
          "email",
          "last_name",
          "first_name",
          "linked_existing",
          "attempts",
          "last_error_code",
          "last_error",
          "next_attempt_at",
          "requested_at",
          "last_synced_at",
          "connection_id",
          "created_at",
          "updated_at",
        ])
        expect(records).toHaveLength(1)
        expect(records[0]).toMatchObject({
          customer_code: "M000001001",
          status: "failed",
          customer_id: taro.id,
          email: "taro,jr@example.jp",
          last_name: 'O"Brien',
          first_name: "太郎",
          linked_existing: "false",
          last_error_code: "41",
          last_error: "入力値が不正です。\n(lastName:必須項目です)",
        })
      })

      it("takes the list's filters: search by member code or e-mail, connection", async () => {
        const container = getContainer()
        const { connection } = await members()
        const codes = async (query: string) =>
          (await download(api, container, `/admin/smaregi/members/export${query}`)).records.map((r) => r.customer_code).sort()
        expect(await codes("")).toEqual(["M000001000", "M000001001"])
        expect(await codes("?q=hanako")).toEqual(["M000001000"])
        expect(await codes("?q=1001")).toEqual(["M000001001"])
        expect(await codes(`?connection_id=${connection.id}&status=synced`)).toEqual(["M000001000"])
        expect(await codes("?connection_id=smconn_none")).toEqual([])
      })

      it("refuses an unknown status with 400, and anyone without an admin session with 401", async () => {
        const bad = await api.get("/admin/smaregi/members/export?status=lost", { ...(await adminHeaders(getContainer())), validateStatus: () => true })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/status/)
        const anonymous = await api.get("/admin/smaregi/members/export", { validateStatus: () => true })
        expect(anonymous.status).toBe(401)
      })
    })
  },
})
