import type { ConnectionSettings, FieldMappingEntry } from "../../smaregi/settings"

export const MAPPING_KEYS = ["fieldMapping", "memberFieldMapping", "rankMapping", "storeLocations", "variationMapping", "productCodeMatch"] as const
export type MappingKey = (typeof MAPPING_KEYS)[number]
export type Mappings = Partial<Pick<ConnectionSettings, MappingKey>>

/** The mappings of a connection as an export file. */
export function exportMappings(settings: ConnectionSettings): Pick<ConnectionSettings, MappingKey> {
  return {
    fieldMapping: settings.fieldMapping,
    memberFieldMapping: settings.memberFieldMapping,
    rankMapping: settings.rankMapping,
    storeLocations: settings.storeLocations,
    variationMapping: settings.variationMapping,
    productCodeMatch: settings.productCodeMatch,
  }
}

/** Why a file is refused: `code` names the message in the dictionaries (mappingsFile.*), `message` is the English one. */
export class MappingsFileError extends Error {
  constructor(
    readonly code: "notObject" | "noMappings" | "mustBeList" | "mustBeObject",
    readonly vars: Record<string, string>,
    message: string
  ) {
    super(message)
  }
}

/**
 * Mappings from an imported file: an export (`{ fieldMapping, … }`), a connection (`{ settings: { … } }`) or a
 * bare order field mapping array (the "default field mapping" download). Values are checked by the API on save.
 */
export function mappingsFromFile(json: unknown): Mappings {
  if (Array.isArray(json)) return { fieldMapping: json as FieldMappingEntry[] }
  if (!json || typeof json !== "object") throw new MappingsFileError("notObject", {}, "the file is not a JSON object or array")
  const record = json as Record<string, unknown>
  const source = (record.settings && typeof record.settings === "object" ? record.settings : record) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of MAPPING_KEYS) if (source[key] !== undefined) out[key] = source[key]
  if (!Object.keys(out).length) throw new MappingsFileError("noMappings", { keys: MAPPING_KEYS.join(", ") }, `the file holds none of ${MAPPING_KEYS.join(", ")}`)
  for (const key of ["fieldMapping", "memberFieldMapping", "rankMapping"] as const) {
    if (out[key] !== undefined && !Array.isArray(out[key])) throw new MappingsFileError("mustBeList", { key }, `${key} must be a list`)
  }
  for (const key of ["storeLocations", "variationMapping", "productCodeMatch"] as const) {
    if (out[key] !== undefined && (typeof out[key] !== "object" || out[key] === null || Array.isArray(out[key]))) {
      throw new MappingsFileError("mustBeObject", { key }, `${key} must be an object`)
    }
  }
  return out as Mappings
}

export type StoreLocationRow = { storeId: string; locationId: string | null }

export function toStoreRows(record: Record<string, string>): StoreLocationRow[] {
  return Object.entries(record).map(([storeId, locationId]) => ({ storeId, locationId }))
}

export function fromStoreRows(rows: StoreLocationRow[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const row of rows) out[row.storeId.trim()] = row.locationId ?? ""
  return out
}
