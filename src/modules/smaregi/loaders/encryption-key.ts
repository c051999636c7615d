import type { LoaderOptions } from "@medusajs/framework/types"
import { secretBoxFor } from "../secrets"
import type { SmaregiModuleOptions } from "../types"

/** Checks the encryption keys when the module loads, so a misconfigured server refuses to start (not at first use). */
export default async function encryptionKeyLoader({ options, logger }: LoaderOptions<SmaregiModuleOptions>) {
  const box = secretBoxFor(options ?? {})
  if (box.usingDevelopmentKey) {
    logger?.warn(`smaregi: using the built-in development encryption key (NODE_ENV=${process.env.NODE_ENV}); set SMAREGI_ENCRYPTION_KEY before production`)
  }
}
