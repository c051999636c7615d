import { clientIp, ipAllowed, normalizeAddress, parseCidr, parseIp } from "../ip-allowlist"

const LB = ["10.0.0.0/8"]
const CHAIN = ["10.0.0.5", "192.0.2.9"]

describe("clientIp", () => {
  it.each<[string, { remoteAddress: string | undefined; forwardedFor: string | string[] | undefined }, string[], string | null]>([
    ["no proxy trusted: the socket address, the header ignored", { remoteAddress: "203.0.113.7", forwardedFor: "198.51.100.1" }, [], "203.0.113.7"],
    ["no proxy: an IPv4-mapped socket address", { remoteAddress: "::ffff:127.0.0.1", forwardedFor: undefined }, [], "127.0.0.1"],
    ["no proxy: IPv6 loopback", { remoteAddress: "::1", forwardedFor: undefined }, [], "::1"],
    ["socket not a trusted proxy: a spoofed header is ignored", { remoteAddress: "198.51.100.66", forwardedFor: "203.0.113.50" }, LB, "198.51.100.66"],
    ["trusted proxy: the right-most entry", { remoteAddress: "10.0.0.5", forwardedFor: "192.0.2.9, 198.51.100.1" }, LB, "198.51.100.1"],
    ["a client-written left entry is not trusted", { remoteAddress: "10.0.0.5", forwardedFor: "203.0.113.50, 198.51.100.7" }, LB, "198.51.100.7"],
    ["trusted hops in the header are skipped", { remoteAddress: "10.0.0.5", forwardedFor: "203.0.113.50, 192.0.2.9" }, CHAIN, "203.0.113.50"],
    ["a trusted proxy's own entry is skipped whatever its position", { remoteAddress: "10.0.0.5", forwardedFor: "198.51.100.1, 10.0.0.9" }, LB, "198.51.100.1"],
    ["mapped socket of a trusted proxy", { remoteAddress: "::ffff:10.0.0.5", forwardedFor: "198.51.100.1" }, LB, "198.51.100.1"],
    ["trusted proxy, header missing: the socket", { remoteAddress: "::ffff:10.0.0.5", forwardedFor: undefined }, LB, "10.0.0.5"],
    ["every entry trusted: the leftmost", { remoteAddress: "10.0.0.5", forwardedFor: "10.1.1.1, 10.2.2.2" }, LB, "10.1.1.1"],
    ["repeated headers joined", { remoteAddress: "10.0.0.5", forwardedFor: ["192.0.2.9", "198.51.100.1"] }, LB, "198.51.100.1"],
    ["mapped entry in the header", { remoteAddress: "10.0.0.5", forwardedFor: "::ffff:192.0.2.44" }, LB, "192.0.2.44"],
    ["IPv4 with a port", { remoteAddress: "10.0.0.5", forwardedFor: "192.0.2.44:51234" }, LB, "192.0.2.44"],
    ["bracketed IPv6 with a port", { remoteAddress: "10.0.0.5", forwardedFor: "[2001:db8::1]:443" }, LB, "2001:db8::1"],
    ["IPv6 proxy range", { remoteAddress: "fd00::7", forwardedFor: "2001:db8::1" }, ["fc00::/7"], "2001:db8::1"],
    ["empty entries ignored", { remoteAddress: "10.0.0.5", forwardedFor: "192.0.2.9, , " }, LB, "192.0.2.9"],
    ["garbage entry kept verbatim for the log (and never allowed)", { remoteAddress: "10.0.0.5", forwardedFor: "unknown" }, LB, "unknown"],
    ["no socket address", { remoteAddress: undefined, forwardedFor: "198.51.100.1" }, LB, null],
  ])("%s", (_name, source, trusted, expected) => {
    expect(clientIp(source, trusted)).toBe(expected)
  })
})

describe("ipAllowed", () => {
  it.each([
    ["exact IPv4", "203.0.113.7", ["203.0.113.7"], true],
    ["other IPv4", "203.0.113.8", ["203.0.113.7"], false],
    ["inside /24", "203.0.113.200", ["203.0.113.0/24"], true],
    ["outside /24", "203.0.114.1", ["203.0.113.0/24"], false],
    ["/32 is one address", "192.0.2.1", ["192.0.2.1/32"], true],
    ["/32 excludes its neighbour", "192.0.2.2", ["192.0.2.1/32"], false],
    ["/0 allows every IPv4", "8.8.8.8", ["0.0.0.0/0"], true],
    ["/0 IPv4 does not allow IPv6", "2001:db8::1", ["0.0.0.0/0"], false],
    ["non-aligned range base still masks", "10.1.2.3", ["10.1.2.99/16"], true],
    ["/31 boundary", "192.0.2.3", ["192.0.2.2/31"], true],
    ["/31 outside", "192.0.2.4", ["192.0.2.2/31"], false],
    ["IPv6 loopback", "::1", ["::1"], true],
    ["IPv6 loopback /128", "::1", ["::1/128"], true],
    ["IPv6 in /32", "2001:db8:ffff::42", ["2001:db8::/32"], true],
    ["IPv6 outside /32", "2001:db9::42", ["2001:db8::/32"], false],
    ["IPv6 /0", "fe80::1", ["::/0"], true],
    ["IPv6 case-insensitive", "2001:DB8::A", ["2001:db8::a"], true],
    ["IPv6 full vs compressed form", "2001:0db8:0000:0000:0000:0000:0000:0001", ["2001:db8::1"], true],
    ["mapped client vs IPv4 entry", "::ffff:127.0.0.1", ["127.0.0.1"], true],
    ["mapped client vs IPv4 range", "::ffff:10.9.8.7", ["10.0.0.0/8"], true],
    ["IPv4 client vs mapped entry", "127.0.0.1", ["::ffff:127.0.0.1"], true],
    ["IPv4 client vs mapped /104 range", "10.20.30.40", ["::ffff:10.0.0.0/104"], true],
    ["IPv4 loopback is not IPv6 loopback", "127.0.0.1", ["::1"], false],
    ["second entry matches", "198.51.100.5", ["203.0.113.0/24", "198.51.100.0/24"], true],
    ["empty allow-list", "127.0.0.1", [], false],
    ["garbage client", "not-an-ip", ["0.0.0.0/0", "::/0"], false],
    ["missing client", null, ["0.0.0.0/0"], false],
    ["octet over 255", "256.1.1.1", ["0.0.0.0/0"], false],
    ["garbage entry skipped", "192.0.2.1", ["nonsense", "192.0.2.0/24"], true],
    ["entry with bad prefix never matches", "192.0.2.1", ["192.0.2.0/33"], false],
    ["entry with non-numeric prefix", "192.0.2.1", ["192.0.2.0/abc"], false],
    ["entry with two slashes", "192.0.2.1", ["192.0.2.0/24/8"], false],
    ["client with a zone id", "fe80::1%eth0", ["fe80::/10"], true],
  ])("%s", (_name, ip, list, expected) => {
    expect(ipAllowed(ip, list)).toBe(expected)
  })
})

describe("parseIp / parseCidr / normalizeAddress", () => {
  it.each([
    ["0.0.0.0", { version: 4, value: 0n }],
    ["255.255.255.255", { version: 4, value: 0xffffffffn }],
    ["::", { version: 6, value: 0n }],
    ["::1", { version: 6, value: 1n }],
    ["1::", { version: 6, value: 1n << 112n }],
    ["::ffff:1.2.3.4", { version: 6, value: (0xffffn << 32n) | 0x01020304n }],
    ["1:2:3:4:5:6:7:8", { version: 6, value: 0x00010002000300040005000600070008n }],
    ["1.2.3", null],
    ["1.2.3.4.5", null],
    ["1:2:3:4:5:6:7:8:9", null],
    ["1::2::3", null],
    ["12345::", null],
    ["1.2.3.4::", null],
    ["1:2:3:4:5:6:7::8", null],
    [":1", null],
    ["", null],
    ["g::1", null],
  ])("parseIp(%j)", (text, expected) => {
    expect(parseIp(text)).toEqual(expected)
  })

  it.each([
    ["10.0.0.0/8", { version: 4, value: 0x0a000000n, bits: 8 }],
    ["10.0.0.1", { version: 4, value: 0x0a000001n, bits: 32 }],
    ["::/0", { version: 6, value: 0n, bits: 0 }],
    ["::ffff:10.0.0.0/104", { version: 4, value: 0x0a000000n, bits: 8 }],
    ["::ffff:0:0/95", { version: 6, value: 0xffffn << 32n, bits: 95 }],
    ["10.0.0.0/-1", null],
    ["2001:db8::/129", null],
  ])("parseCidr(%j)", (text, expected) => {
    expect(parseCidr(text)).toEqual(expected)
  })

  it.each([
    [" ::FFFF:192.0.2.1 ", "192.0.2.1"],
    ["::ffff:c000:0201", "192.0.2.1"],
    ["[::1]:8080", "::1"],
    ["192.0.2.1:80", "192.0.2.1"],
    ["FE80::1%en0", "fe80::1"],
    ["garbage ", "garbage"],
  ])("normalizeAddress(%j)", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected)
  })
})
