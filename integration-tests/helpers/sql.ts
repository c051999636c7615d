import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type Knex = { raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }

/** Raw SQL for test set-up and assertions only; the plugin's own code reaches its tables through module services. */
export async function sql(container: MedusaContainer, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const result = await knex.raw(text, params)
  return result.rows
}
