import crypto from "node:crypto"

const DEV_KEY_SEED = "medusa-plugin-smaregi development key — set SMAREGI_ENCRYPTION_KEY in production"

export class SecretBoxKeyError extends Error {}

// AES-256-GCM for secrets at rest (access token, agreement secret); HMAC for looking a secret up.
export class SecretBox {
  private readonly key: Buffer
  readonly usingDevelopmentKey: boolean

  constructor(rawKey: string | undefined, opts: { production: boolean }) {
    if (!rawKey) {
      if (opts.production) {
        throw new SecretBoxKeyError(
          "smaregi: no encryption key. Set the plugin option encryptionKey or SMAREGI_ENCRYPTION_KEY (32+ random characters)."
        )
      }
      this.usingDevelopmentKey = true
      this.key = crypto.createHash("sha256").update(DEV_KEY_SEED).digest()
      return
    }
    if (rawKey.length < 16) throw new SecretBoxKeyError("smaregi: encryptionKey must be at least 16 characters")
    this.usingDevelopmentKey = false
    this.key = crypto.createHash("sha256").update(rawKey).digest()
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv)
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":")
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(":")
    if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("smaregi: unreadable encrypted secret")
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"))
    decipher.setAuthTag(Buffer.from(tag, "base64"))
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8")
  }

  lookupHash(secret: string): string {
    return crypto.createHmac("sha256", this.key).update(`lookup:${secret}`).digest("hex")
  }

  static equal(a: string, b: string): boolean {
    const ha = crypto.createHash("sha256").update(a).digest()
    const hb = crypto.createHash("sha256").update(b).digest()
    return crypto.timingSafeEqual(ha, hb)
  }
}
