import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "node:path"
import { startFakeSmaregi, type FakeSmaregi } from "../../../../dev/fake-smaregi/server"
import { startFakeSmaregiPlatform, type FakeSmaregiPlatform } from "../../../../dev/fake-smaregi-platform/server"
import { SMAREGI_MODULE } from ".."
import { SecretBox } from "../secrets"
import type SmaregiModuleService from "../service"

jest.setTimeout(60_000)

// A store that ran with OLD_KEY rotates to NEW_KEY and keeps OLD_KEY in SMAREGI_ENCRYPTION_KEYS for reading.
const OLD_KEY = "an-old-installation-key-0123456789"
const NEW_KEY = "a-fresh-rotation-key-9876543210abcdef"
process.env.SMAREGI_ENCRYPTION_KEYS = OLD_KEY
// Sealed by the plugin before key ids (v1), under OLD_KEY: see secrets.unit.spec.ts.
const V1_TOKEN = "v1:3NGdOFd5y+FW+4Ta:Me5x4ZHCbWx1EEj+120lDw==:k87uYaqN/yPa3aFWTEKM6g=="
const V1_SECRET = "v1:IBkmiME6N+OBldhf:32pgI8qL68Wk//J9RQiyXA==:dDpgTSrLtPpvNr7AbHLS6hjImLk="
const V1_SECRET_HASH = "c7fc546d373ad1c9006a0f6836f834aff30878355e9e9551385fe595b8c47183"

const resolve = path.join(__dirname, "..")
const rotated = new SecretBox({ current: NEW_KEY, previous: [OLD_KEY], nodeEnv: "production" })
const beforeRotation = new SecretBox({ current: OLD_KEY, nodeEnv: "production" })
const PLATFORM = { contractId: "rotation-platform", clientId: "rotation-client", clientSecret: "rotation-client-secret" }
const WEBHOOK_SECRET = "rotation-webhook-secret-0123"

moduleIntegrationTestRunner<SmaregiModuleService>({
  moduleName: SMAREGI_MODULE,
  resolve,
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { encryptionKey: NEW_KEY },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (text: string, params: unknown[]) =>
      (await MikroOrmWrapper.forkManager().getConnection().execute(text, params)) as Record<string, unknown>[]
    // The old token is proven by a call it authenticates: the fake Smaregi accepts only that token.
    const CONTRACT = { contractId: "rotation-contract", accessToken: "old-access-token" }
    let fake: FakeSmaregi
    let platform: FakeSmaregiPlatform
    beforeAll(async () => {
      fake = await startFakeSmaregi({ port: 0, contracts: [CONTRACT] })
      platform = await startFakeSmaregiPlatform({ port: 0, contracts: [PLATFORM] })
    })
    afterAll(async () => {
      await fake.stop()
      await platform.stop()
    })
    const ping = async (id: string) => (await service.transportFor(id)).ping()

    async function rowOf(id: string) {
      const [row] = await sql(
        "SELECT agreement_secret_hash, agreement_secret_encrypted, access_token_encrypted FROM smaregi_connection WHERE id = ?",
        [id]
      )
      return row as { agreement_secret_hash: string; agreement_secret_encrypted: string; access_token_encrypted: string }
    }

    it("reads secrets stored in the old format under a rotated-out key, and reseals them with the current key id", async () => {
      const created = await service.createConnection({
        name: "Before rotation",
        settings: { apiUrl: fake.url, contractId: CONTRACT.contractId },
      })
      await sql(
        "UPDATE smaregi_connection SET agreement_secret_hash = ?, agreement_secret_encrypted = ?, access_token_encrypted = ? WHERE id = ?",
        [V1_SECRET_HASH, V1_SECRET, V1_TOKEN, created.id]
      )

      await expect(ping(created.id)).resolves.toEqual({ memberCount: 0 })
      const found = await service.findConnectionByAgreementSecret("old-agreement-secret")
      expect(found?.id).toBe(created.id)

      const row = await rowOf(created.id)
      expect(row.access_token_encrypted.startsWith(`v2:${rotated.keyId}:`)).toBe(true)
      expect(row.agreement_secret_encrypted.startsWith(`v2:${rotated.keyId}:`)).toBe(true)
      expect(row.agreement_secret_hash).toBe(rotated.lookupHash("old-agreement-secret"))
      expect(await service.accessTokenMatches(created.id, "old-access-token")).toBe(true)
      await expect(ping(created.id)).resolves.toEqual({ memberCount: 0 })
      // A second connection may not take the same secret, whichever key its hash was made with.
      await expect(service.createConnection({ name: "Copy", agreementSecret: "old-agreement-secret" })).rejects.toThrow(
        /agreementSecret: another connection already uses this secret/
      )
    })

    it("reseals the Platform client secret and webhook secret sealed with a rotated-out key once they are read", async () => {
      const created = await service.createConnection({
        name: "Platform before rotation",
        api: "platform",
        settings: { contractId: PLATFORM.contractId, platform: { clientId: PLATFORM.clientId, idUrl: platform.url, apiUrl: platform.url } },
      })
      await sql("UPDATE smaregi_connection SET client_secret_encrypted = ?, webhook_secret_encrypted = ? WHERE id = ?", [
        beforeRotation.encrypt(PLATFORM.clientSecret),
        beforeRotation.encrypt(WEBHOOK_SECRET),
        created.id,
      ])
      const sealed = async () =>
        (await sql("SELECT client_secret_encrypted, webhook_secret_encrypted FROM smaregi_connection WHERE id = ?", [created.id]))[0] as {
          client_secret_encrypted: string
          webhook_secret_encrypted: string
        }
      expect((await sealed()).client_secret_encrypted.startsWith(`v2:${rotated.keyId}:`)).toBe(false)

      // The fake's token endpoint accepts only the right client secret: the ping proves the old seal still opens.
      await expect(ping(created.id)).resolves.toEqual({ memberCount: 0 })
      expect((await service.findPlatformWebhookTarget(PLATFORM.contractId))?.webhookSecret).toBe(WEBHOOK_SECRET)

      const row = await sealed()
      expect(row.client_secret_encrypted.startsWith(`v2:${rotated.keyId}:`)).toBe(true)
      expect(row.webhook_secret_encrypted.startsWith(`v2:${rotated.keyId}:`)).toBe(true)
      expect(rotated.decrypt(row.client_secret_encrypted)).toBe(PLATFORM.clientSecret)
      expect(rotated.decrypt(row.webhook_secret_encrypted)).toBe(WEBHOOK_SECRET)
      await expect(ping(created.id)).resolves.toEqual({ memberCount: 0 })
    })

    it("seals new secrets with the current key id", async () => {
      const created = await service.createConnection({ name: "New", agreementSecret: "brand-new-secret", accessToken: "brand-new-token" })
      const row = await rowOf(created.id)
      expect(row.access_token_encrypted.startsWith(`v2:${rotated.keyId}:`)).toBe(true)
      expect(rotated.decrypt(row.access_token_encrypted)).toBe("brand-new-token")
      expect(row.agreement_secret_hash).toBe(rotated.lookupHash("brand-new-secret"))
    })
  },
})
