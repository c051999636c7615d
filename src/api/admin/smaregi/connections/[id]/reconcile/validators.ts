import { z } from "@medusajs/framework/zod"
import { isJstDate } from "../../../../../../smaregi/reconcile-windows"

const jstDate = (field: string) =>
  z.string().refine(isJstDate, { message: `${field} must be a real date YYYY-MM-DD (JST)` })

/** No body: pull from the watermark to now. `from` (and optionally `to`, default today): import past sales. */
export const AdminStartSmaregiPull = z
  .strictObject({ from: jstDate("from").optional(), to: jstDate("to").optional() })
  .refine((b) => b.from !== undefined || b.to === undefined, { message: "from is required when to is given", path: ["from"] })
  .refine((b) => !b.from || !b.to || b.from <= b.to, { message: "from must not be after to", path: ["from"] })
export type AdminStartSmaregiPullType = z.infer<typeof AdminStartSmaregiPull>
