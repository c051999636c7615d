import { config as platformEvents } from "../process-pending-smaregi-platform-events"
import { config as pendingTransactions } from "../process-pending-smaregi-transactions"
import { config as reconcile } from "../reconcile-smaregi-transactions"
import { config as memberRetry } from "../retry-smaregi-member-sync"

// Jobs that only repeat what an event would have done run on an interval (tunable through the SMAREGI_*_INTERVAL_MS
// variables, read by envMs at start-up), never two runs at once.
describe("job intervals", () => {
  it.each<[string, number, { name: string; schedule: unknown }]>([
    ["SMAREGI_MEMBER_RETRY_INTERVAL_MS", 60_000, memberRetry],
    ["SMAREGI_PLATFORM_EVENTS_INTERVAL_MS", 60_000, platformEvents],
    ["SMAREGI_PENDING_INTERVAL_MS", 60_000, pendingTransactions],
    ["SMAREGI_RECONCILE_INTERVAL_MS", 15 * 60_000, reconcile],
  ])("%s unset: every %d ms", (variable, interval, config) => {
    expect(process.env[variable]).toBeUndefined()
    expect(config.schedule).toEqual({ interval, concurrency: "forbid" })
  })
})
