import { randomUUID } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { smaregiService, transactionKey } from "../lib/transaction-row"

export type TransactionLock = { key: string; owner: string }

const LOCK_TIMEOUT_SECONDS = 120
// Short, because a killed worker holds the lock until it expires; a live run renews it (below).
const LOCK_EXPIRE_SECONDS = 30
const RENEW_EVERY_MS = 10_000
const RETRY_MS = 300

// Renewal timers of the locks this process holds (a timer cannot travel in a step's output).
const renewals = new Map<string, NodeJS.Timeout>()
const renewalKey = (lock: TransactionLock) => `${lock.key}#${lock.owner}`

async function acquire(locking: ILockingModule, lock: TransactionLock): Promise<void> {
  const until = Date.now() + LOCK_TIMEOUT_SECONDS * 1000
  for (;;) {
    try {
      await locking.acquire(lock.key, { ownerId: lock.owner, expire: LOCK_EXPIRE_SECONDS })
      break
    } catch (error) {
      if (Date.now() >= until) throw error
    }
    await sleep(RETRY_MS)
  }
  const timer = setInterval(() => {
    locking.acquire(lock.key, { ownerId: lock.owner, expire: LOCK_EXPIRE_SECONDS }).catch(() => undefined)
  }, RENEW_EVERY_MS)
  timer.unref()
  renewals.set(renewalKey(lock), timer)
}

async function releaseTransactionLock(container: MedusaContainer, lock: TransactionLock): Promise<void> {
  clearInterval(renewals.get(renewalKey(lock)))
  renewals.delete(renewalKey(lock))
  await container.resolve<ILockingModule>(Modules.LOCKING).release(lock.key, { ownerId: lock.owner })
}

/**
 * IN-5: one run per Smaregi transaction at a time, across processes. Waits up to LOCK_TIMEOUT_SECONDS for
 * a running one; a failed run gives the lock back when it is compensated.
 */
export const acquireSmaregiTransactionLockStep = createStep(
  "smaregi-acquire-transaction-lock",
  async (input: { transaction_id: string }, { container }) => {
    const [row] = await smaregiService(container).listSmaregiTransactions(
      { id: input.transaction_id },
      { select: ["id", "connection_id", "transaction_head_id"] }
    )
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `SmaregiTransaction with id: ${input.transaction_id} was not found`)
    const lock: TransactionLock = { key: transactionKey(row.connection_id, row.transaction_head_id), owner: randomUUID() }
    await acquire(container.resolve<ILockingModule>(Modules.LOCKING), lock)
    return new StepResponse(lock, lock)
  },
  async (lock, { container }) => {
    if (lock) await releaseTransactionLock(container, lock)
  }
)

export const releaseSmaregiTransactionLockStep = createStep(
  "smaregi-release-transaction-lock",
  async (lock: TransactionLock, { container }) => {
    await releaseTransactionLock(container, lock)
    return new StepResponse(true)
  }
)
