import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { ConnectionSettings } from "../../../smaregi/settings"
import { detailKind, unknownDivisionMessage } from "../../../smaregi/classify"
import type { ResolvedVariant, VariantMap } from "../../../smaregi/order-input"
import type { TransactionDetail } from "../../../smaregi/transaction-schema"
import { pickVariantByVariation, type CandidateVariant } from "./variant-match"

export type InventoryLink = { inventory_item_id: string; required_quantity: number }

export type ResolvedSaleVariant = ResolvedVariant & { manageInventory: boolean; inventoryItems: InventoryLink[] }

export type VariantProblem = { detailId: string; productCode: string; message: string }

export type VariantResolution = {
  variants: Record<string, ResolvedSaleVariant>
  problems: VariantProblem[]
}

type VariantRow = {
  id: string
  title: string | null
  sku: string | null
  barcode: string | null
  ean: string | null
  upc: string | null
  manage_inventory: boolean | null
  product_id: string | null
  product?: { id: string; title: string | null; handle: string | null } | null
  options?: Array<{ value: string | null; option?: { title: string | null } | null }> | null
  inventory_items?: Array<{ inventory_item_id: string; required_quantity: number | null }> | null
}

const VARIANT_FIELDS = [
  "id",
  "title",
  "sku",
  "barcode",
  "ean",
  "upc",
  "manage_inventory",
  "product_id",
  "product.id",
  "product.title",
  "product.handle",
  "options.value",
  "options.option.title",
  "inventory_items.inventory_item_id",
  "inventory_items.required_quantity",
]

const VARIANT_ATTRIBUTES = { sku: "SKU", barcode: "barcode", ean: "EAN", upc: "UPC" } as const

/**
 * Resolves every product line's productCode per the connection's product-code and variation mapping.
 * Department lines (部門売り) have no product and are never looked up; a line of an unknown division is a problem.
 */
export async function resolveSaleVariants(
  container: MedusaContainer,
  settings: Pick<ConnectionSettings, "productCodeMatch" | "variationMapping">,
  lines: TransactionDetail[]
): Promise<VariantResolution> {
  const { attribute, metadataKey } = settings.productCodeMatch
  const result: VariantResolution = { variants: {}, problems: [] }
  const problem = (d: TransactionDetail, message: string): void => {
    result.problems.push({ detailId: d.transactionDetailId, productCode: (d.productCode ?? "").trim(), message })
  }
  for (const d of lines) {
    if (detailKind(d) === null) problem(d, unknownDivisionMessage(d))
  }
  const saleLines = lines.filter((d) => detailKind(d) === "product")
  const codes = [...new Set(saleLines.map((d) => (d.productCode ?? "").trim()).filter(Boolean))]

  if (attribute in VARIANT_ATTRIBUTES || attribute === "variant_metadata") {
    const byCode = await variantsByCode(container, attribute, metadataKey, codes)
    for (const d of saleLines) {
      const code = (d.productCode ?? "").trim()
      const found = byCode.get(code) ?? []
      if (!code) problem(d, `TransactionDetail ${d.transactionDetailId} has no productCode`)
      else if (found.length === 0) problem(d, `unknown product code "${code}": ${noMatch(attribute, metadataKey, code)}`)
      else if (found.length > 1) problem(d, `product code "${code}" matches ${found.length} variants (${describe(attribute, metadataKey)})`)
      else result.variants[d.transactionDetailId] = toResolved(found[0])
    }
    return result
  }

  const productsByCode = await productsByCodeLookup(container, attribute, metadataKey, codes)
  for (const d of saleLines) {
    const code = (d.productCode ?? "").trim()
    const products = productsByCode.get(code) ?? []
    if (!code) {
      problem(d, `TransactionDetail ${d.transactionDetailId} has no productCode`)
      continue
    }
    if (products.length !== 1) {
      problem(
        d,
        products.length === 0
          ? `unknown product code "${code}": ${noMatch(attribute, metadataKey, code)}`
          : `product code "${code}" matches ${products.length} products (${describe(attribute, metadataKey)})`
      )
      continue
    }
    const variants = products[0].variants
    const picked = pickVariantByVariation(
      `product code "${code}" (product "${products[0].title ?? products[0].id}")`,
      variants.map(toCandidate),
      d,
      settings.variationMapping
    )
    if (!picked.ok) problem(d, picked.message)
    else result.variants[d.transactionDetailId] = toResolved(variants.find((v) => v.id === picked.variant.id)!)
  }
  return result
}

async function variantsByCode(
  container: MedusaContainer,
  attribute: string,
  metadataKey: string | null,
  codes: string[]
): Promise<Map<string, VariantRow[]>> {
  const map = new Map<string, VariantRow[]>()
  if (codes.length === 0) return map
  let rows: VariantRow[]
  let codeOf: (v: VariantRow) => string | null
  if (attribute === "variant_metadata") {
    const matches = await metadataMatches(container, "product_variant", metadataKey!, codes)
    rows = await queryVariants(container, { id: [...new Set(matches.map((m) => m.id))] })
    const codeById = new Map(matches.map((m) => [m.id, m.code]))
    codeOf = (v) => codeById.get(v.id) ?? null
  } else {
    const field = attribute as keyof typeof VARIANT_ATTRIBUTES
    rows = await queryVariants(container, { [field]: codes })
    codeOf = (v) => v[field]
  }
  for (const row of rows) {
    const code = codeOf(row)?.trim()
    if (!code) continue
    map.set(code, [...(map.get(code) ?? []), row])
  }
  return map
}

type ProductWithVariants = { id: string; title: string | null; variants: VariantRow[] }

async function productsByCodeLookup(
  container: MedusaContainer,
  attribute: string,
  metadataKey: string | null,
  codes: string[]
): Promise<Map<string, ProductWithVariants[]>> {
  const map = new Map<string, ProductWithVariants[]>()
  if (codes.length === 0) return map
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let products: Array<{ id: string; title: string | null; code: string }>
  if (attribute === "product_metadata") {
    const matches = await metadataMatches(container, "product", metadataKey!, codes)
    const { data } = await query.graph({
      entity: "product",
      fields: ["id", "title"],
      filters: { id: [...new Set(matches.map((m) => m.id))] },
    })
    const titles = new Map((data as Array<{ id: string; title: string | null }>).map((p) => [p.id, p.title]))
    products = matches.filter((m) => titles.has(m.id)).map((m) => ({ id: m.id, title: titles.get(m.id) ?? null, code: m.code }))
  } else {
    const { data } = await query.graph({ entity: "product", fields: ["id", "title", "handle"], filters: { handle: codes } })
    products = (data as Array<{ id: string; title: string | null; handle: string }>).map((p) => ({ id: p.id, title: p.title, code: p.handle }))
  }
  const variants = products.length ? await queryVariants(container, { product_id: products.map((p) => p.id) }) : []
  for (const p of products) {
    const entry = { id: p.id, title: p.title, variants: variants.filter((v) => v.product_id === p.id) }
    map.set(p.code, [...(map.get(p.code) ?? []), entry])
  }
  return map
}

async function queryVariants(container: MedusaContainer, filters: Record<string, string[]>): Promise<VariantRow[]> {
  if (Object.values(filters).some((v) => v.length === 0)) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "product_variant", fields: VARIANT_FIELDS, filters })
  return data as unknown as VariantRow[]
}

// query.graph cannot filter inside JSON columns; the product module's list methods can.
async function metadataMatches(
  container: MedusaContainer,
  table: "product" | "product_variant",
  key: string,
  codes: string[]
): Promise<Array<{ id: string; code: string }>> {
  const products = container.resolve(Modules.PRODUCT)
  const filters = { metadata: { [key]: { $in: codes } } } as never
  const rows: Array<{ id: string; metadata?: Record<string, unknown> | null }> =
    table === "product"
      ? await products.listProducts(filters, { select: ["id", "metadata"] })
      : await products.listProductVariants(filters, { select: ["id", "metadata"] })
  return rows.map((r) => ({ id: r.id, code: String(r.metadata?.[key] ?? "") }))
}

function toCandidate(v: VariantRow): CandidateVariant {
  return {
    id: v.id,
    title: v.title,
    sku: v.sku,
    options: (v.options ?? [])
      .filter((o) => o.option?.title && o.value !== null)
      .map((o) => ({ title: o.option!.title!, value: o.value ?? "" })),
  }
}

function toResolved(v: VariantRow): ResolvedSaleVariant {
  return {
    variantId: v.id,
    productId: v.product?.id ?? v.product_id ?? null,
    productTitle: v.product?.title ?? null,
    variantTitle: v.title,
    sku: v.sku,
    manageInventory: !!v.manage_inventory,
    inventoryItems: (v.inventory_items ?? []).map((i) => ({
      inventory_item_id: i.inventory_item_id,
      required_quantity: Number(i.required_quantity ?? 1),
    })),
  }
}

function describe(attribute: string, metadataKey: string | null): string {
  switch (attribute) {
    case "product_handle":
      return "product handle"
    case "variant_metadata":
      return `variant metadata "${metadataKey}"`
    case "product_metadata":
      return `product metadata "${metadataKey}"`
    default:
      return `variant ${VARIANT_ATTRIBUTES[attribute as keyof typeof VARIANT_ATTRIBUTES] ?? attribute}`
  }
}

function noMatch(attribute: string, metadataKey: string | null, code: string): string {
  const has =
    attribute === "product_handle"
      ? `no product has the handle "${code}"`
      : attribute === "product_metadata"
        ? `no product has metadata ${metadataKey} = "${code}"`
        : attribute === "variant_metadata"
          ? `no variant has metadata ${metadataKey} = "${code}"`
          : `no variant has ${describe(attribute, metadataKey).replace(/^variant /, "")} "${code}"`
  return `${has} (product-code mapping: ${describe(attribute, metadataKey)})`
}

/** Only the plain variant map the order builder needs. */
export function variantMap(resolution: VariantResolution): VariantMap {
  return Object.fromEntries(
    Object.entries(resolution.variants).map(([id, v]) => [
      id,
      { variantId: v.variantId, productId: v.productId, productTitle: v.productTitle, variantTitle: v.variantTitle, sku: v.sku },
    ])
  )
}
