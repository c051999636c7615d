import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

type CustomersBody = { from: number; count: number }

/**
 * POST /bench/customers — bench only: `count` registered customers numbered from `from`, written through the
 * customer module (module events only, so no member sync is triggered before the backfill starts).
 */
export async function POST(req: MedusaRequest<CustomersBody>, res: MedusaResponse) {
  const { from, count } = req.body
  const customers = req.scope.resolve<ICustomerModuleService>(Modules.CUSTOMER)
  const created = await customers.createCustomers(
    Array.from({ length: count }, (_, k) => {
      const n = from + k
      return {
        email: `customer${n}@bench.example.jp`,
        first_name: "Taro",
        last_name: `Yamada${n}`,
        phone: `090${String(n).padStart(8, "0")}`,
        has_account: true,
        metadata: { last_name_kana: "ヤマダ", first_name_kana: "タロウ", birthday: "1990-04-01" },
      }
    })
  )
  res.json({ created: created.length })
}
