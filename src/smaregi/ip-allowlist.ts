export type IpVersion = 4 | 6
export type ParsedIp = { version: IpVersion; value: bigint }
export type ParsedCidr = ParsedIp & { bits: number }

export type ClientAddressSource = {
  remoteAddress: string | null | undefined
  forwardedFor: string | string[] | null | undefined
}

/** Loopback and private ranges: what a connection saved with the old `trustedProxyHops` > 0 trusts. */
export const PRIVATE_PROXY_RANGES = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"] as const

/**
 * The address of the client that sent the request. X-Forwarded-For is read only when the socket peer is
 * one of `trustedProxies`: its entries are walked from the right, skipping trusted proxies, and the first
 * untrusted one is the client (the leftmost entry when every entry is trusted).
 */
export function clientIp(source: ClientAddressSource, trustedProxies: readonly string[]): string | null {
  const socket = source.remoteAddress ? normalizeAddress(source.remoteAddress) : null
  if (!socket || !trustedProxies.length || !ipAllowed(socket, trustedProxies)) return socket
  const header = Array.isArray(source.forwardedFor) ? source.forwardedFor.join(",") : source.forwardedFor ?? ""
  const entries = header
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "")
    .map(normalizeAddress)
  for (let i = entries.length - 1; i >= 0; i--) {
    if (!ipAllowed(entries[i], trustedProxies)) return entries[i]!
  }
  return entries[0] ?? socket
}

/** True when `ip` is one of the single addresses or inside one of the CIDR ranges of `allowList`. */
export function ipAllowed(ip: string | null | undefined, allowList: readonly string[]): boolean {
  if (!ip) return false
  const address = parseIp(normalizeAddress(ip))
  if (!address) return false
  return allowList.some((entry) => {
    const range = parseCidr(entry)
    if (!range || range.version !== address.version) return false
    const width = range.version === 4 ? 32 : 128
    const shift = BigInt(width - range.bits)
    return address.value >> shift === range.value >> shift
  })
}

/**
 * Trims, drops brackets, ports and IPv6 zone ids, and turns IPv4-mapped IPv6 (`::ffff:192.0.2.1`)
 * into plain IPv4. Anything unparseable comes back trimmed, so logs show what was received.
 */
export function normalizeAddress(raw: string): string {
  let s = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s)
  if (bracketed) s = bracketed[1]!
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(s)
  if (v4WithPort) s = v4WithPort[1]!
  s = s.replace(/%.*$/, "").toLowerCase()
  const parsed = parseIp(s)
  if (parsed?.version === 6 && parsed.value >> 32n === 0xffffn) {
    return formatV4(parsed.value & 0xffffffffn)
  }
  return s
}

export function parseIp(text: string): ParsedIp | null {
  if (text.includes(":")) {
    const value = parseV6(text)
    return value === null ? null : { version: 6, value }
  }
  const value = parseV4(text)
  return value === null ? null : { version: 4, value }
}

/** `a.b.c.d`, `a.b.c.d/n`, `v6` or `v6/n`; IPv4-mapped IPv6 ranges of /96 or narrower become IPv4 ranges. */
export function parseCidr(text: string): ParsedCidr | null {
  const parts = text.trim().split("/")
  if (parts.length > 2) return null
  const address = parseIp(parts[0]!.toLowerCase())
  if (!address) return null
  const width = address.version === 4 ? 32 : 128
  let bits = width
  if (parts.length === 2) {
    if (!/^\d{1,3}$/.test(parts[1]!)) return null
    bits = Number(parts[1])
    if (bits > width) return null
  }
  if (address.version === 6 && bits >= 96 && address.value >> 32n === 0xffffn) {
    return { version: 4, value: address.value & 0xffffffffn, bits: bits - 96 }
  }
  return { ...address, bits }
}

function parseV4(text: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (!m) return null
  let value = 0n
  for (const octet of m.slice(1)) {
    const n = Number(octet)
    if (n > 255) return null
    value = (value << 8n) | BigInt(n)
  }
  return value
}

function parseV6(text: string): bigint | null {
  const halves = text.split("::")
  if (halves.length > 2) return null
  const groupsOf = (part: string): number[] | null => {
    if (part === "") return []
    const out: number[] = []
    const pieces = part.split(":")
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseV4(piece)
        if (v4 === null) return null
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn))
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16))
      } else {
        return null
      }
    }
    return out
  }
  const head = groupsOf(halves[0]!)
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : []
  if (!head || !tail) return null
  // An embedded IPv4 tail is only valid at the very end.
  if (halves.length === 2 && halves[0]!.includes(".")) return null
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail]
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".")
}
