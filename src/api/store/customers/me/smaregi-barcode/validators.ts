import { z } from "@medusajs/framework/zod"
import { BARCODE_IMAGE_FORMATS, BARCODE_LIMITS, BARCODE_TYPES } from "../../../../../smaregi/barcode"

const flag = z
  .enum(["true", "false", "1", "0"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1")

export const StoreGetSmaregiBarcode = z.object({
  format: z.enum(["svg", "png", "json"], { message: "must be svg, png or json" }).default("svg"),
  // With format=json: which image the JSON carries.
  image: z.enum(BARCODE_IMAGE_FORMATS, { message: "must be svg or png" }).default("svg"),
  type: z.enum(BARCODE_TYPES, { message: `must be one of ${BARCODE_TYPES.join(", ")}` }).optional(),
  scale: z.coerce
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .min(BARCODE_LIMITS.scale.min, { message: `must be at least ${BARCODE_LIMITS.scale.min}` })
    .max(BARCODE_LIMITS.scale.max, { message: `must be at most ${BARCODE_LIMITS.scale.max}` })
    .optional(),
  height: z.coerce
    .number({ message: "must be a number" })
    .min(BARCODE_LIMITS.height.min, { message: `must be at least ${BARCODE_LIMITS.height.min} (millimetres)` })
    .max(BARCODE_LIMITS.height.max, { message: `must be at most ${BARCODE_LIMITS.height.max} (millimetres)` })
    .optional(),
  text: flag.optional(),
})

export type StoreGetSmaregiBarcodeType = z.infer<typeof StoreGetSmaregiBarcode>
