export type Grant = {
  id: string
  remaining: number
  expires_at: Date | string | null
  created_at: Date | string
  /** Drawn from before any other grant (e.g. the same sale's own earned points). */
  preferred?: boolean
}

export type Consumed = { grant_id: string; net: number; expires_at: Date | string | null; created_at: Date | string }

export type Allocation = { grant_id: string; amount: number }

const time = (d: Date | string | null) => (d === null ? Number.POSITIVE_INFINITY : new Date(d).getTime())

function fifoOrder(a: Omit<Grant, "remaining">, b: Omit<Grant, "remaining">): number {
  return (
    Number(!!b.preferred) - Number(!!a.preferred) ||
    time(a.expires_at) - time(b.expires_at) ||
    time(a.created_at) - time(b.created_at) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/** Takes `amount` points from the earliest-expiring grants first (no expiry last). */
export function planConsumption(grants: Grant[], amount: number): { allocations: Allocation[]; uncovered: number } {
  let left = amount
  const allocations: Allocation[] = []
  for (const g of [...grants].sort(fifoOrder)) {
    if (left <= 0) break
    const take = Math.min(left, g.remaining)
    if (take > 0) {
      allocations.push({ grant_id: g.id, amount: take })
      left -= take
    }
  }
  return { allocations, uncovered: left }
}

/**
 * Gives back up to `amount` points to the grants a source consumed, latest-expiring first, so that the
 * result equals what FIFO would have consumed for the smaller amount.
 */
export function planRestoration(consumed: Consumed[], amount: number): { allocations: Allocation[]; unrestored: number } {
  let left = amount
  const allocations: Allocation[] = []
  for (const c of [...consumed].sort((a, b) => -fifoOrder({ ...a, id: a.grant_id }, { ...b, id: b.grant_id }))) {
    if (left <= 0) break
    const give = Math.min(left, c.net)
    if (give > 0) {
      allocations.push({ grant_id: c.grant_id, amount: give })
      left -= give
    }
  }
  return { allocations, unrestored: left }
}
