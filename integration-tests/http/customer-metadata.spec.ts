import { medusaIntegrationTestRunner } from "../helpers/runner"
import type { ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  customerRowsWriter,
  generatedRowsUpdate,
  mergeCustomerMetadata,
  type MetadataRowsWriter,
  oneByOneWriter,
} from "../../src/workflows/members/customer-metadata"
import { sql } from "../helpers/sql"

jest.setTimeout(120_000)

type Knex = { transaction: () => Promise<{ raw: (q: string, b?: unknown[]) => Promise<unknown>; commit: () => Promise<void> }> }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitForBlockedWrite(container: MedusaContainer): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(20)) {
    const [row] = await sql(
      container,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%update%customer%'`
    )
    if (Number(row.n) > 0) return
  }
  throw new Error("the mirror's write never waited for the concurrent save's row lock")
}

const WRITERS: Array<[string, (c: ICustomerModuleService) => MetadataRowsWriter]> = [
  ["many customers in one module call", customerRowsWriter],
  ["one module call per customer", oneByOneWriter],
]

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    describe("customer metadata mirror", () => {
      describe.each(WRITERS)("%s", (label, writerOf) => {
        const tag = label.replace(/\W+/g, "-")
        const customersOf = () => getContainer().resolve<ICustomerModuleService>(Modules.CUSTOMER)

        it("merges into the stored metadata, leaves deleted customers and customers already holding the values alone", async () => {
          const container = getContainer()
          const customers = customersOf()
          const [kept, holding, deleted] = await customers.createCustomers(
            ["kept", "holding", "deleted"].map((name) => ({
              email: `${name}-${tag}@example.jp`,
              metadata: name === "holding" ? { smaregi_member_code: "M2" } : { favourite: "tea" },
            }))
          )
          await customers.softDeleteCustomers([deleted.id])
          const before = await customers.retrieveCustomer(holding.id)

          const written = await mergeCustomerMetadata(
            container,
            [
              { id: kept.id, patch: { smaregi_member_code: "M1" } },
              { id: holding.id, patch: { smaregi_member_code: "M2" } },
              { id: deleted.id, patch: { smaregi_member_code: "M3" } },
              { id: kept.id, patch: { smaregi_sync_status: "synced" } },
            ],
            writerOf(customers)
          )

          expect(written).toBe(1)
          expect((await customers.retrieveCustomer(kept.id)).metadata).toEqual({ favourite: "tea", smaregi_member_code: "M1", smaregi_sync_status: "synced" })
          expect((await customers.retrieveCustomer(holding.id)).updated_at).toEqual(before.updated_at)
          const [gone] = await sql(container, "SELECT metadata FROM customer WHERE id = ?", [deleted.id])
          expect(gone.metadata).toEqual({ favourite: "tea" })
        })

        it("keeps a key another save committed while the mirror was writing", async () => {
          const container = getContainer()
          const customers = customersOf()
          const made = await customers.createCustomers(
            [1, 2, 3].map((n) => ({ email: `race-${n}-${tag}@example.jp`, metadata: { favourite: "tea" } }))
          )
          const saving = await container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION).transaction()
          await saving.raw(`UPDATE customer SET metadata = metadata || '{"newsletter": true}'::jsonb WHERE id = ?`, [made[1].id])

          const mirror = mergeCustomerMetadata(
            container,
            made.map((c, i) => ({ id: c.id, patch: { smaregi_member_code: `R${i}` } })),
            writerOf(customers)
          )
          await waitForBlockedWrite(container)
          await saving.commit()
          await mirror

          const after = await customers.listCustomers({ id: made.map((c) => c.id) }, { select: ["id", "metadata"] })
          const metadataOf = new Map(after.map((c) => [c.id, c.metadata]))
          expect(metadataOf.get(made[0].id)).toEqual({ favourite: "tea", smaregi_member_code: "R0" })
          expect(metadataOf.get(made[1].id)).toEqual({ favourite: "tea", newsletter: true, smaregi_member_code: "R1" })
          expect(metadataOf.get(made[2].id)).toEqual({ favourite: "tea", smaregi_member_code: "R2" })
        })
      })

      // Without it the mirror still works, one customer at a time, several times slower (docs/performance.md).
      it("finds the customer module's generated one-call update on this Medusa", () => {
        expect(generatedRowsUpdate(getContainer().resolve<ICustomerModuleService>(Modules.CUSTOMER))).toBeInstanceOf(Function)
      })
    })
  },
})
