// Pure: picks the Medusa variant a Smaregi detail line names (商品コードマッピング + バリエーション, IN-9).

export type CandidateVariant = {
  id: string
  title: string | null
  sku: string | null
  options: Array<{ title: string; value: string }>
}

export type VariationAxes = { color: string | null; size: string | null }

export type PickResult = { ok: true; variant: CandidateVariant } | { ok: false; message: string }

export function normaliseOptionValue(value: string | null | undefined): string {
  return (value ?? "").normalize("NFKC").trim()
}

/**
 * When a code names a product, Smaregi's `color` / `size` (the two variation axes) pick the variant
 * through the configured option titles; a product with a single variant needs no axes.
 */
export function pickVariantByVariation(
  productLabel: string,
  variants: CandidateVariant[],
  detail: { color?: string | null; size?: string | null },
  mapping: VariationAxes
): PickResult {
  if (variants.length === 0) return { ok: false, message: `${productLabel} has no variants` }
  const axes = [
    { title: mapping.color, value: detail.color },
    { title: mapping.size, value: detail.size },
  ]
    .map((a) => ({ title: normaliseOptionValue(a.title), value: normaliseOptionValue(a.value) }))
    .filter((a) => a.title !== "" && a.value !== "")
  if (axes.length === 0) {
    if (variants.length === 1) return { ok: true, variant: variants[0] }
    return {
      ok: false,
      message: `${productLabel} has ${variants.length} variants and Smaregi sent no color/size to choose one`,
    }
  }
  // An axis only constrains variants that have an option with its title (a product may vary by size only).
  const matches = variants.filter((v) =>
    axes.every((axis) => {
      const option = v.options.find((o) => normaliseOptionValue(o.title) === axis.title)
      return !option || normaliseOptionValue(option.value) === axis.value
    })
  )
  const wanted = axes.map((a) => `${a.title}=${JSON.stringify(a.value)}`).join(", ")
  if (matches.length === 1) return { ok: true, variant: matches[0] }
  if (matches.length === 0) return { ok: false, message: `${productLabel} has no variant with ${wanted}` }
  return { ok: false, message: `${productLabel} has ${matches.length} variants with ${wanted}; check the variation mapping (option titles)` }
}
