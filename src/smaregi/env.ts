/** A positive number of milliseconds from the environment variable `name`, else `fallback`. */
export function envPositiveMs(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
