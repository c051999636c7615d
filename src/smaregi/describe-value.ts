export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

export function describeType(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  if (typeof value === "string") return value.trim() === "" ? "an empty string" : "a string"
  if (typeof value === "object") return "an object"
  return typeof value
}
