import { normaliseOptionValue, pickVariantByVariation, type CandidateVariant } from "../lib/variant-match"

const tshirt: CandidateVariant[] = ["Navy", "White"].flatMap((color) =>
  ["S", "M", "L"].map((size) => ({
    id: `v_${color}_${size}`,
    title: `${color} / ${size}`,
    sku: null,
    options: [
      { title: "Color", value: color },
      { title: "Size", value: size },
    ],
  }))
)
const MAPPING = { color: "Color", size: "Size" }

describe("pickVariantByVariation (バリエーション)", () => {
  it.each<[string, { color?: string | null; size?: string | null }, string]>([
    ["exact values", { color: "Navy", size: "M" }, "v_Navy_M"],
    ["surrounding spaces", { color: " White ", size: "L\u3000" }, "v_White_L"],
    ["full-width letters (NFKC)", { color: "Ｎａｖｙ", size: "Ｓ" }, "v_Navy_S"],
  ])("%s", (_name, detail, id) => {
    expect(pickVariantByVariation("product TSHIRT", tshirt, detail, MAPPING)).toEqual({ ok: true, variant: expect.objectContaining({ id }) })
  })

  it.each<[string, CandidateVariant[], { color?: string | null; size?: string | null }, string]>([
    ["no variant with the values", tshirt, { color: "Red", size: "M" }, 'product TSHIRT has no variant with Color="Red", Size="M"'],
    ["only one axis sent", tshirt, { color: "Navy", size: null }, 'product TSHIRT has 3 variants with Color="Navy"; check the variation mapping (option titles)'],
    ["no axis sent", tshirt, { color: null, size: "" }, "product TSHIRT has 6 variants and Smaregi sent no color/size to choose one"],
    ["no variants", [], { color: "Navy", size: "M" }, "product TSHIRT has no variants"],
  ])("refuses: %s", (_name, variants, detail, message) => {
    expect(pickVariantByVariation("product TSHIRT", variants, detail, MAPPING)).toEqual({ ok: false, message })
  })

  it("takes the single variant of a product without options", () => {
    const single = [{ id: "v1", title: "Default", sku: null, options: [] }]
    expect(pickVariantByVariation("p", single, { color: null, size: null }, MAPPING)).toMatchObject({ ok: true, variant: { id: "v1" } })
    expect(pickVariantByVariation("p", single, { color: "Navy", size: "M" }, MAPPING)).toMatchObject({ ok: true, variant: { id: "v1" } })
  })

  it("lets an axis the product does not vary by pass (size-only products)", () => {
    const sizes = ["S", "M"].map((s) => ({ id: `v_${s}`, title: s, sku: null, options: [{ title: "Size", value: s }] }))
    expect(pickVariantByVariation("p", sizes, { color: "Navy", size: "M" }, MAPPING)).toMatchObject({ ok: true, variant: { id: "v_M" } })
  })

  it("follows the configured option titles", () => {
    const ja = tshirt.map((v) => ({ ...v, options: v.options.map((o) => ({ ...o, title: o.title === "Color" ? "カラー" : "サイズ" })) }))
    expect(pickVariantByVariation("p", ja, { color: "Navy", size: "L" }, { color: "カラー", size: "サイズ" })).toMatchObject({
      ok: true,
      variant: { id: "v_Navy_L" },
    })
  })

  it("an unmapped axis is ignored", () => {
    expect(pickVariantByVariation("p", tshirt, { color: "Navy", size: "L" }, { color: null, size: "Size" })).toMatchObject({
      ok: false,
      message: 'p has 2 variants with Size="L"; check the variation mapping (option titles)',
    })
  })
})

describe("normaliseOptionValue", () => {
  it.each<[string | null | undefined, string]>([
    ["ＸＬ", "XL"],
    ["  M ", "M"],
    ["ｶﾗｰ", "カラー"],
    [null, ""],
    [undefined, ""],
  ])("%j → %j", (input, output) => {
    expect(normaliseOptionValue(input)).toBe(output)
  })
})
