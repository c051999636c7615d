import { randomFillSync } from "node:crypto"

// Crockford base32, as in ULID.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const POOL_BYTES = 4096
const RANDOM_BYTES = 10

let pool = Buffer.alloc(0)
let offset = POOL_BYTES

function randomBytes10(): Buffer {
  if (offset + RANDOM_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES))
    offset = 0
  }
  const bytes = pool.subarray(offset, offset + RANDOM_BYTES)
  offset += RANDOM_BYTES
  return bytes
}

/**
 * A ULID (48-bit millisecond time + 80 random bits, 26 characters) like Medusa's `generateEntityId`, from one
 * pooled random read instead of the `ulid` package's 16 one-byte reads: ids are minted on the webhook's hot path.
 */
export function ulid(now = Date.now()): string {
  let time = ""
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  const bytes = randomBytes10()
  let random = ""
  // 80 bits → 16 groups of 5 bits, most significant first.
  let acc = 0
  let bits = 0
  for (const byte of bytes) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      random += ALPHABET[(acc >> bits) & 31]
    }
    acc &= (1 << bits) - 1
  }
  return time + random
}

/** `<prefix>_<ulid>`, the shape of Medusa's entity ids. */
export function entityId(prefix: string, now?: number): string {
  return `${prefix}_${ulid(now)}`
}

/** The millisecond timestamp encoded in a ULID. */
export function ulidTime(id: string): number {
  return [...id.slice(0, 10)].reduce((n, c) => n * 32 + ALPHABET.indexOf(c), 0)
}
