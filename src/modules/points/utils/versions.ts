const NUMERIC = /^-?\d+(\.\d+)?$/

/** Orders source versions: numbers numerically, timestamps (e.g. Smaregi updDateTime) by time, else as text. */
export function compareVersions(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) return Math.sign(Number(a) - Number(b))
  const ta = Date.parse(a.includes("T") ? a : a.replace(" ", "T"))
  const tb = Date.parse(b.includes("T") ? b : b.replace(" ", "T"))
  if (Number.isFinite(ta) && Number.isFinite(tb)) return Math.sign(ta - tb)
  return a < b ? -1 : a > b ? 1 : 0
}
