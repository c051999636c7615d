import type { Translate } from "./i18n"

/** `settings.fieldMapping.2.target` → `Order field mapping, row 3 (target)`: labels are the dictionaries' `field.*` (dots as `_`). */
export function fieldLabel(t: Translate, path: string): string {
  const parts = path.replace(/^settings\./, "").split(".")
  for (let n = parts.length; n > 0; n--) {
    const label = t.dynamic(`field.${parts.slice(0, n).join("_")}`, "")
    if (!label) continue
    const rest = parts.slice(n)
    // storeLocations is keyed by Smaregi store id, the other lists by position.
    const keyed = parts[n - 1] === "storeLocations"
    const row = !rest.length
      ? ""
      : keyed
        ? t("fieldRow.store", { store: rest.shift() as string })
        : /^\d+$/.test(rest[0])
          ? t("fieldRow.row", { n: Number(rest.shift()) + 1 })
          : ""
    return `${label}${row}${rest.length ? ` (${rest.join(".")})` : ""}`
  }
  return path
}
