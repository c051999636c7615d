import { createMedusaContainer } from "@medusajs/framework/utils"
import SmaregiModule from ".."
import { SecretBox, SecretBoxKeyError, parseKeyList, secretBoxFor } from "../secrets"

// Values sealed by the plugin before key ids (format v1: AES-256-GCM under sha256(key), HMAC lookup under the
// same key), as existing installs hold them in smaregi_connection.
const OLD_KEY = "an-old-installation-key-0123456789"
const V1 = {
  token: "v1:3NGdOFd5y+FW+4Ta:Me5x4ZHCbWx1EEj+120lDw==:k87uYaqN/yPa3aFWTEKM6g==",
  secret: "v1:IBkmiME6N+OBldhf:32pgI8qL68Wk//J9RQiyXA==:dDpgTSrLtPpvNr7AbHLS6hjImLk=",
  secretHash: "c7fc546d373ad1c9006a0f6836f834aff30878355e9e9551385fe595b8c47183",
  // sealed with the built-in development key
  devToken: "v1:7Yd6L6KHIT2uQOHS:xbWwsoGf2c4/iMnaXdVBvw==:LxF8KH1ZQ9rAsQuLdw==",
}
const NEW_KEY = "a-fresh-rotation-key-9876543210abcdef"

describe("SecretBox keys", () => {
  it.each([["production"], ["staging"], [undefined], [""]])("refuses to work without a key when NODE_ENV is %p", (nodeEnv) => {
    expect(() => new SecretBox({ current: undefined, nodeEnv })).toThrow(SecretBoxKeyError)
    expect(() => new SecretBox({ current: undefined, nodeEnv })).toThrow(
      /no encryption key.*development key is only accepted when NODE_ENV is "development" or "test".*SMAREGI_ENCRYPTION_KEY/
    )
  })

  it.each([["development"], ["test"]])("accepts the development key when NODE_ENV is %s, and reads what it sealed before key ids", (nodeEnv) => {
    const box = new SecretBox({ current: undefined, nodeEnv })
    expect(box.usingDevelopmentKey).toBe(true)
    expect(box.decrypt(V1.devToken)).toBe("dev-era-token")
  })

  it("refuses keys shorter than 16 characters, naming where they come from", () => {
    expect(() => new SecretBox({ current: "short", nodeEnv: "production" })).toThrow(/encryptionKey \(SMAREGI_ENCRYPTION_KEY\) must be at least 16/)
    expect(() => new SecretBox({ current: NEW_KEY, previous: [OLD_KEY, "tiny"], nodeEnv: "production" })).toThrow(
      /SMAREGI_ENCRYPTION_KEYS entry 2 must be at least 16/
    )
  })

  it("secretBoxFor reads the option first, then SMAREGI_ENCRYPTION_KEY, and old keys from SMAREGI_ENCRYPTION_KEYS", () => {
    const env = { NODE_ENV: "production", SMAREGI_ENCRYPTION_KEY: OLD_KEY, SMAREGI_ENCRYPTION_KEYS: ` ${OLD_KEY} ,\n` }
    expect(secretBoxFor({}, env).keyId).toBe(new SecretBox({ current: OLD_KEY, nodeEnv: "production" }).keyId)
    expect(secretBoxFor({ encryptionKey: NEW_KEY }, env).decrypt(V1.token)).toBe("old-access-token")
    expect(() => secretBoxFor({}, { NODE_ENV: "production" })).toThrow(SecretBoxKeyError)
    expect(parseKeyList("a,, b\nc ")).toEqual(["a", "b", "c"])
  })
})

describe("SecretBox sealing", () => {
  it("reads values sealed in the old format and finds the old lookup hash; new values carry the key id", () => {
    const box = new SecretBox({ current: OLD_KEY, nodeEnv: "production" })
    expect(box.decrypt(V1.token)).toBe("old-access-token")
    expect(box.decrypt(V1.secret)).toBe("old-agreement-secret")
    expect(box.needsReseal(V1.token)).toBe(true)
    expect(box.lookupHashes("old-agreement-secret")).toContain(V1.secretHash)
    // The lookup HMAC key is derived separately from the encryption key, so the current hash is a new one.
    expect(box.lookupHash("old-agreement-secret")).not.toBe(V1.secretHash)

    const sealed = box.encrypt("old-access-token")
    expect(sealed.split(":")).toHaveLength(5)
    expect(sealed.startsWith(`v2:${box.keyId}:`)).toBe(true)
    expect(box.keyId).toMatch(/^[0-9a-f]{12}$/)
    expect(box.decrypt(sealed)).toBe("old-access-token")
    expect(box.needsReseal(sealed)).toBe(false)
  })

  it("after rotation reads values of the old key (both formats) and seals with the new key id", () => {
    const before = new SecretBox({ current: OLD_KEY, nodeEnv: "production" })
    const sealedBefore = before.encrypt("token-from-last-year")
    const rotated = new SecretBox({ current: NEW_KEY, previous: [OLD_KEY], nodeEnv: "production" })
    expect(rotated.keyId).not.toBe(before.keyId)
    expect(rotated.decrypt(sealedBefore)).toBe("token-from-last-year")
    expect(rotated.decrypt(V1.token)).toBe("old-access-token")
    expect(rotated.needsReseal(sealedBefore)).toBe(true)
    expect(rotated.lookupHashes("s3cret-value")).toContain(before.lookupHash("s3cret-value"))
    expect(rotated.lookupHashes("s3cret-value")[0]).toBe(rotated.lookupHash("s3cret-value"))

    const resealed = rotated.encrypt(rotated.decrypt(sealedBefore))
    expect(resealed.startsWith(`v2:${rotated.keyId}:`)).toBe(true)
    expect(rotated.needsReseal(resealed)).toBe(false)
    expect(() => before.decrypt(resealed)).toThrow(new RegExp(`key id ${rotated.keyId}.*SMAREGI_ENCRYPTION_KEYS`))
  })

  it("without the old key, an old value names the missing key id", () => {
    const before = new SecretBox({ current: OLD_KEY, nodeEnv: "production" })
    const onlyNew = new SecretBox({ current: NEW_KEY, nodeEnv: "production" })
    expect(() => onlyNew.decrypt(before.encrypt("x"))).toThrow(new RegExp(`sealed with key id ${before.keyId}, which is not configured`))
    expect(() => onlyNew.decrypt(V1.token)).toThrow(/v1.*none of the configured keys/)
    expect(() => onlyNew.decrypt("garbage")).toThrow(/unreadable encrypted secret/)
  })

  it("rejects a tampered value", () => {
    const box = new SecretBox({ current: NEW_KEY, nodeEnv: "production" })
    const [v, id, iv, tag, body] = box.encrypt("abc").split(":")
    const flipped = Buffer.from(body, "base64")
    flipped[0] ^= 1
    expect(() => box.decrypt([v, id, iv, tag, flipped.toString("base64")].join(":"))).toThrow()
  })
})

describe("the smaregi module's loaders", () => {
  // Medusa runs a module's loaders when it loads the module and stops the app when one throws
  // ("Loaders for module … failed"), so a server without a key refuses to start instead of failing at first use.
  const run = async (env: Record<string, string | undefined>, options: Record<string, unknown> = {}) => {
    const saved = { ...process.env }
    // Without a Redis URL the module's rate limiters stay in-process (no connection from a unit test).
    Object.assign(process.env, { SMAREGI_REDIS_URL: undefined, REDIS_URL: undefined, ...env })
    for (const k of ["SMAREGI_REDIS_URL", "REDIS_URL"]) if (!(k in env)) delete process.env[k]
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]
    const warnings: string[] = []
    try {
      for (const loader of SmaregiModule.loaders ?? []) {
        await loader({ container: createMedusaContainer(), options, logger: { warn: (m: string) => warnings.push(m) } } as never, {} as never)
      }
    } finally {
      process.env = saved
    }
    return warnings
  }

  it("refuse to load in production without an encryption key", async () => {
    await expect(run({ NODE_ENV: "production", SMAREGI_ENCRYPTION_KEY: undefined })).rejects.toThrow(
      /no encryption key, and NODE_ENV is "production".*SMAREGI_ENCRYPTION_KEY/
    )
    await expect(run({ NODE_ENV: undefined, SMAREGI_ENCRYPTION_KEY: undefined })).rejects.toThrow(/NODE_ENV is not set/)
  })

  it("load in production with a key (option or environment), and warn when using the development key", async () => {
    await expect(run({ NODE_ENV: "production", SMAREGI_ENCRYPTION_KEY: NEW_KEY })).resolves.toEqual([])
    await expect(run({ NODE_ENV: "production", SMAREGI_ENCRYPTION_KEY: undefined }, { encryptionKey: NEW_KEY })).resolves.toEqual([])
    const warnings = await run({ NODE_ENV: "development", SMAREGI_ENCRYPTION_KEY: undefined })
    expect(warnings).toEqual([expect.stringMatching(/built-in development encryption key/)])
  })
})
