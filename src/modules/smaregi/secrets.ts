import crypto from "node:crypto"

const DEV_KEY_SEED = "medusa-plugin-smaregi development key — set SMAREGI_ENCRYPTION_KEY in production"
const HKDF_SALT = "medusa-plugin-smaregi"
/** NODE_ENV values under which the built-in development key is accepted. */
export const DEV_KEY_ENVS = ["development", "test"]

export class SecretBoxKeyError extends Error {}

export type SecretBoxKeys = {
  /** The current key (plugin option encryptionKey or SMAREGI_ENCRYPTION_KEY): seals every new value. */
  current: string | undefined
  /** Earlier keys, only for reading values sealed with them (SMAREGI_ENCRYPTION_KEYS, comma-separated). */
  previous?: string[]
  /** process.env.NODE_ENV */
  nodeEnv: string | undefined
}

type DerivedKey = {
  id: string
  encryption: Buffer
  lookup: Buffer
  /** The v1 format's key (sha256 of the raw key), used for both encryption and lookup before key ids. */
  legacy: Buffer
}

const hkdf = (raw: string, info: string, length: number) =>
  Buffer.from(crypto.hkdfSync("sha256", Buffer.from(raw, "utf8"), HKDF_SALT, info, length))

function derive(raw: string): DerivedKey {
  return {
    id: hkdf(raw, "smaregi key id", 6).toString("hex"),
    encryption: hkdf(raw, "smaregi aes-256-gcm", 32),
    lookup: hkdf(raw, "smaregi lookup hmac", 32),
    legacy: crypto.createHash("sha256").update(raw).digest(),
  }
}

/** `SMAREGI_ENCRYPTION_KEYS`: old keys, separated by commas or new lines. */
export function parseKeyList(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter(Boolean)
}

function checkLength(raw: string, what: string) {
  if (raw.length < 16) throw new SecretBoxKeyError(`smaregi: ${what} must be at least 16 characters`)
}

/**
 * AES-256-GCM for secrets at rest (access token, agreement secret); HMAC for looking a secret up. Both keys are
 * derived from the configured key with HKDF. A sealed value names the id of its key (`v2:<key id>:…`), so a
 * rotated-out key listed in SMAREGI_ENCRYPTION_KEYS still reads it; values of the v1 format (no key id) are
 * read with every configured key.
 */
export class SecretBox {
  private readonly current: DerivedKey
  private readonly all: DerivedKey[]
  readonly usingDevelopmentKey: boolean

  constructor(keys: SecretBoxKeys) {
    const previous = keys.previous ?? []
    previous.forEach((k, i) => checkLength(k, `SMAREGI_ENCRYPTION_KEYS entry ${i + 1}`))
    if (!keys.current) {
      if (!DEV_KEY_ENVS.includes(keys.nodeEnv ?? "")) {
        throw new SecretBoxKeyError(
          `smaregi: no encryption key, and NODE_ENV is ${keys.nodeEnv ? `"${keys.nodeEnv}"` : "not set"}: the built-in ` +
            `development key is only accepted when NODE_ENV is ${DEV_KEY_ENVS.map((e) => `"${e}"`).join(" or ")}. ` +
            "Set the plugin option encryptionKey or SMAREGI_ENCRYPTION_KEY (32+ random characters)."
        )
      }
      this.usingDevelopmentKey = true
      this.current = derive(DEV_KEY_SEED)
    } else {
      checkLength(keys.current, "encryptionKey (SMAREGI_ENCRYPTION_KEY)")
      this.usingDevelopmentKey = false
      this.current = derive(keys.current)
    }
    const others = previous.map(derive).filter((k) => k.id !== this.current.id)
    this.all = [this.current, ...others.filter((k, i) => others.findIndex((o) => o.id === k.id) === i)]
  }

  /** The id written into every value sealed now. */
  get keyId(): string {
    return this.current.id
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv("aes-256-gcm", this.current.encryption, iv)
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
    return ["v2", this.current.id, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":")
  }

  decrypt(sealed: string): string {
    const parts = sealed.split(":")
    if (parts[0] === "v2" && parts.length === 5) {
      const [, keyId, iv, tag, body] = parts
      const key = this.all.find((k) => k.id === keyId)
      if (!key) {
        throw new Error(
          `smaregi: a secret is sealed with key id ${keyId}, which is not configured: add that key to SMAREGI_ENCRYPTION_KEYS`
        )
      }
      return open(key.encryption, iv, tag, body)
    }
    if (parts[0] === "v1" && parts.length === 4) {
      const [, iv, tag, body] = parts
      for (const key of this.all) {
        try {
          return open(key.legacy, iv, tag, body)
        } catch {
          // sealed with another of the configured keys
        }
      }
      throw new Error("smaregi: a secret sealed before key ids (v1) opens with none of the configured keys")
    }
    throw new Error("smaregi: unreadable encrypted secret")
  }

  /** True when `sealed` is not in the current format under the current key (it should be sealed again). */
  needsReseal(sealed: string): boolean {
    return !sealed.startsWith(`v2:${this.current.id}:`)
  }

  lookupHash(secret: string): string {
    return crypto.createHmac("sha256", this.current.lookup).update(`lookup:${secret}`).digest("hex")
  }

  /** Every hash the secret may be stored under: current key first, then older keys and the v1 scheme. */
  lookupHashes(secret: string): string[] {
    const hashes = this.all.flatMap((k) => [
      crypto.createHmac("sha256", k.lookup).update(`lookup:${secret}`).digest("hex"),
      crypto.createHmac("sha256", k.legacy).update(`lookup:${secret}`).digest("hex"),
    ])
    return [...new Set(hashes)]
  }

  static equal(a: string, b: string): boolean {
    const ha = crypto.createHash("sha256").update(a).digest()
    const hb = crypto.createHash("sha256").update(b).digest()
    return crypto.timingSafeEqual(ha, hb)
  }
}

function open(key: Buffer, iv: string, tag: string, body: string): string {
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"))
  decipher.setAuthTag(Buffer.from(tag, "base64"))
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8")
}

/** The module's SecretBox: the option encryptionKey or SMAREGI_ENCRYPTION_KEY, old keys from SMAREGI_ENCRYPTION_KEYS. */
export function secretBoxFor(options: { encryptionKey?: string }, env: NodeJS.ProcessEnv = process.env): SecretBox {
  return new SecretBox({
    current: options.encryptionKey || env.SMAREGI_ENCRYPTION_KEY,
    previous: parseKeyList(env.SMAREGI_ENCRYPTION_KEYS),
    nodeEnv: env.NODE_ENV,
  })
}
