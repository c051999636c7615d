import type { Context } from "@medusajs/framework/types"

export type Row = Record<string, unknown>
export type Sql = { execute: (sql: string, params?: unknown[]) => Promise<Row[]> }

export const sqlOf = (ctx: Context): Sql => (ctx.transactionManager ?? ctx.manager) as unknown as Sql
