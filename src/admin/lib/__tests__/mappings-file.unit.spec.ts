import ja from "../../i18n/ja"
import { translatorFrom } from "../i18n"
import { DEFAULT_ORDER_FIELD_MAPPING, parseSettings } from "../../../smaregi/settings"
import { MappingsFileError, exportMappings, fromStoreRows, mappingsFromFile, toStoreRows } from "../mappings-file"

describe("mappings import/export", () => {
  const settings = parseSettings({
    storeLocations: { "1": "sloc_shibuya", "2": "sloc_umeda" },
    rankMapping: [{ customer_group_id: "cusgroup_gold", rank_code: "GOLD", priority: 10 }],
    productCodeMatch: { attribute: "product_metadata", metadataKey: "smaregi_product_code" },
  })

  it("round-trips an export through an import", () => {
    const file = JSON.parse(JSON.stringify(exportMappings(settings)))
    expect(mappingsFromFile(file)).toEqual({
      fieldMapping: settings.fieldMapping,
      memberFieldMapping: settings.memberFieldMapping,
      rankMapping: [{ customer_group_id: "cusgroup_gold", rank_code: "GOLD", priority: 10 }],
      storeLocations: { "1": "sloc_shibuya", "2": "sloc_umeda" },
      variationMapping: { color: "Color", size: "Size" },
      productCodeMatch: { attribute: "product_metadata", metadataKey: "smaregi_product_code" },
    })
  })

  it.each([
    ["the default field mapping download (a bare array)", DEFAULT_ORDER_FIELD_MAPPING, { fieldMapping: DEFAULT_ORDER_FIELD_MAPPING }],
    [
      "a whole connection",
      { connection: true, settings: { rankMapping: [], mode: "create_only" } },
      { rankMapping: [] },
    ],
    ["a partial export", { storeLocations: { "3": "sloc_x" } }, { storeLocations: { "3": "sloc_x" } }],
  ])("reads %s", (_name, json, expected) => {
    expect(mappingsFromFile(json)).toEqual(expected)
  })

  it.each([
    ["no mapping at all", { name: "x" }, /none of fieldMapping/],
    ["a list that is not a list", { fieldMapping: { smaregi: "total" } }, /fieldMapping must be a list/],
    ["an object that is a list", { storeLocations: [["1", "sloc"]] }, /storeLocations must be an object/],
    ["a string", "fieldMapping", /not a JSON object/],
  ])("refuses %s", (_name, json, message) => {
    expect(() => mappingsFromFile(json)).toThrow(message)
  })

  it.each([
    [{ name: "x" }, /^ファイルに fieldMapping, .* のいずれも含まれていません$/],
    [{ fieldMapping: { smaregi: "total" } }, /^fieldMapping は配列である必要があります$/],
    [{ storeLocations: [["1", "sloc"]] }, /^storeLocations はオブジェクトである必要があります$/],
    ["fieldMapping", /^ファイルがJSONのオブジェクトまたは配列ではありません$/],
  ])("words the refusal of %j in Japanese from its code", (json, japanese) => {
    const t = translatorFrom(ja, "ja")
    let refusal: unknown
    try {
      mappingsFromFile(json)
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(MappingsFileError)
    const { code, vars, message } = refusal as MappingsFileError
    expect(t.dynamic(`mappingsFile.${code}`, message, vars)).toMatch(japanese)
  })

  it("turns the store → location record into editable rows and back", () => {
    const rows = toStoreRows({ "1": "sloc_a", "10": "sloc_b" })
    expect(rows).toEqual([
      { storeId: "1", locationId: "sloc_a" },
      { storeId: "10", locationId: "sloc_b" },
    ])
    expect(fromStoreRows([...rows, { storeId: " 7 ", locationId: null }])).toEqual({ "1": "sloc_a", "10": "sloc_b", "7": "" })
  })
})
