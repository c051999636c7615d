import type { ICustomerModuleService, IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { SmaregiEvents } from "../../events"
import type { PublicConnection } from "../../modules/smaregi/types"
import type { SmaregiRow } from "../../smaregi/client"
import type { SmaregiTransport } from "../../modules/smaregi/transport/types"
import { highestCustomerId } from "../../smaregi/customer-ids"
import { IMPORT_FIELDS, type ImportAction, type StoreCustomerMatch, importEmail, importedCustomerFields, planImport } from "../../smaregi/member-import"
import { memberSyncTiming, STATISTICS_AFTER_PAGES } from "./config"
import { customersByMetadataValue } from "./customer-metadata"
import { openBalancesFromRows } from "./opening-balances"
import { memberRecords, smaregiService } from "./store"
import { classifySyncError } from "./sync-policy"

// Item 2: brings a contract's existing Smaregi members into the store. A run reads customer_ref page by page after a
// cursor (the last customerId handled), so a resumed run goes on where it stopped; every write is keyed (member per
// Smaregi id, opening balance per member, created customer marked with its Smaregi ref), so a re-run never duplicates.

export const IMPORT_PAGE_SIZE = 100
/** Marks a store customer the import created for a Smaregi member, so a re-run after a crash finds it again. */
export const IMPORT_REF_KEY = "smaregi_import_ref"

export type MemberImportRun = {
  id: string
  connection_id: string
  status: "running" | "done" | "failed"
  cursor: string | null
  total: number
  processed: number
  created: number
  proposed: number
  already_linked: number
  conflicts: number
  skipped: number
  error: string | null
  finished_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}

export type ImportCounts = {
  total: number
  to_create: number
  to_propose: number
  already_linked: number
  already_proposed: number
  conflicts: number
  skipped: number
}

type Page = { rows: SmaregiRow[]; total: number; last: boolean }

async function readPage(transport: SmaregiTransport, cursor: string | null, limit = IMPORT_PAGE_SIZE): Promise<Page> {
  const { rows, totalCount } = await transport.findMembers({ fields: IMPORT_FIELDS, after: cursor, limit })
  const valid = rows.filter((r) => r.customerId)
  return { rows: valid, total: totalCount, last: valid.length === 0 || valid.length >= totalCount }
}

const importRef = (connectionId: string, smaregiCustomerId: string) => `${connectionId}:${smaregiCustomerId}`

type PagePlan = {
  actions: Array<{ row: SmaregiRow; action: ImportAction }>
  /** Smaregi id → store customer created by an earlier attempt of the import. */
  reuse: Map<string, string>
}

async function planPage(container: MedusaContainer, connectionId: string, rows: SmaregiRow[]): Promise<PagePlan> {
  const smaregi = smaregiService(container)
  const ids = rows.map((r) => r.customerId as string)
  const members = (await smaregi.listSmaregiMembers(
    { connection_id: connectionId, smaregi_customer_id: ids },
    { select: ["smaregi_customer_id", "status"], take: null }
  )) as unknown as Array<{ smaregi_customer_id: string; status: string }>
  const reuse = new Map<string, string>()
  // Store customers the import created before for these Smaregi members (a run that stopped midway).
  const created = await customersByMetadataValue(container, IMPORT_REF_KEY, ids.map((id) => importRef(connectionId, id)))
  for (const id of ids) {
    const customerId = created.get(importRef(connectionId, id))
    if (customerId) reuse.set(id, customerId)
  }

  const emails = [...new Set(rows.flatMap((r) => (importEmail(r) ? [importEmail(r) as string, (r.mailAddress as string).trim()] : [])))]
  const customerModule: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const customers = emails.length
    ? await customerModule.listCustomers({ email: emails }, { select: ["id", "email", "has_account"], take: null })
    : []
  const customerMembers = customers.length
    ? ((await smaregi.listSmaregiMembers(
        { connection_id: connectionId, customer_id: customers.map((c) => c.id) },
        { select: ["customer_id", "smaregi_customer_id", "status", "link_rejected_smaregi_id"], take: null }
      )) as unknown as Array<{ customer_id: string; smaregi_customer_id: string | null; status: string; link_rejected_smaregi_id: string | null }>)
    : []
  const memberOfCustomer = new Map(customerMembers.map((m) => [m.customer_id, m]))
  const customersByEmail = new Map<string, StoreCustomerMatch[]>()
  for (const c of customers) {
    const email = c.email?.trim().toLowerCase()
    if (!email) continue
    const m = memberOfCustomer.get(c.id)
    const match: StoreCustomerMatch = {
      id: c.id,
      has_account: c.has_account,
      member: m ? { smaregi_customer_id: m.smaregi_customer_id, status: m.status, link_rejected_smaregi_id: m.link_rejected_smaregi_id } : null,
    }
    customersByEmail.set(email, [...(customersByEmail.get(email) ?? []), match])
  }
  const context = { members: new Map(members.map((m) => [m.smaregi_customer_id, { status: m.status }])), customersByEmail }
  const planned = new Set<string>()
  const proposedTo = new Set<string>()
  const actions = rows.map((row) => {
    if (reuse.has(row.customerId as string) && !context.members.has(row.customerId as string)) {
      return { row, action: { kind: "create" } as ImportAction }
    }
    let action = planImport(row, context)
    const email = importEmail(row)
    // Two members sharing an e-mail in one page: the first is created (or proposed), the second is a conflict.
    if (action.kind === "create" && email) {
      if (planned.has(email)) action = { kind: "conflict", customer_id: "" }
      planned.add(email)
    }
    if (action.kind === "propose") {
      if (proposedTo.has(action.customer_id)) action = { kind: "conflict", customer_id: action.customer_id }
      proposedTo.add(action.customer_id)
    }
    return { row, action }
  })
  return { actions, reuse }
}

function countActions(actions: ImportAction[], into: ImportCounts): void {
  for (const a of actions) {
    if (a.kind === "create") into.to_create++
    else if (a.kind === "propose") into.to_propose++
    else if (a.kind === "already_linked") into.already_linked++
    else if (a.kind === "already_proposed") into.already_proposed++
    else if (a.kind === "conflict") into.conflicts++
    else into.skipped++
  }
}

/** What an import would do now, changing nothing: reads every Smaregi member. */
export async function previewMemberImport(container: MedusaContainer, connectionId: string): Promise<ImportCounts> {
  await smaregiService(container).getPublicConnection(connectionId)
  const transport = await smaregiService(container).transportFor(connectionId)
  const counts: ImportCounts = { total: 0, to_create: 0, to_propose: 0, already_linked: 0, already_proposed: 0, conflicts: 0, skipped: 0 }
  let cursor: string | null = null
  for (;;) {
    const page = await readPage(transport, cursor)
    if (!page.rows.length) break
    counts.total += page.rows.length
    const plan = await planPage(container, connectionId, page.rows)
    countActions(plan.actions.map((a) => a.action), counts)
    cursor = page.rows[page.rows.length - 1].customerId as string
    if (page.last) break
  }
  return counts
}

/** Applies one page: creates customers and members, records proposals, opens balances. Returns the page's counts. */
async function importPage(container: MedusaContainer, connection: PublicConnection, rows: SmaregiRow[]): Promise<ImportCounts> {
  const connectionId = connection.id
  const store = memberRecords(container)
  const plan = await planPage(container, connectionId, rows)
  const counts: ImportCounts = { total: rows.length, to_create: 0, to_propose: 0, already_linked: 0, already_proposed: 0, conflicts: 0, skipped: 0 }
  countActions(plan.actions.map((a) => a.action), counts)

  const toCreate = plan.actions.filter((a) => a.action.kind === "create").map((a) => a.row)
  const fresh = toCreate.filter((r) => !plan.reuse.has(r.customerId as string))
  const keys = connection.settings.metadataKeys
  const customerModule: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  // The customer module directly: no customer.created workflow event, so member sync does not send them back.
  const made = fresh.length
    ? await customerModule.createCustomers(
        fresh.map((r) => ({
          ...importedCustomerFields(r),
          has_account: false,
          metadata: {
            [keys.memberCode]: r.customerCode,
            [keys.syncStatus]: "synced",
            [IMPORT_REF_KEY]: importRef(connectionId, r.customerId as string),
          },
        }))
      )
    : []
  const customerOf = new Map(plan.reuse)
  fresh.forEach((r, i) => customerOf.set(r.customerId as string, made[i].id))

  const newMembers = [
    ...toCreate.map((r) => ({
      customer_id: customerOf.get(r.customerId as string) as string,
      smaregi_customer_id: r.customerId as string,
      customer_code: r.customerCode as string,
      link_pending: false,
    })),
    ...plan.actions.flatMap((a) =>
      a.action.kind === "propose"
        ? [{ customer_id: a.action.customer_id, smaregi_customer_id: a.row.customerId as string, customer_code: a.row.customerCode as string, link_pending: true }]
        : []
    ),
  ]
  await store.memberLinks.insertExistingMembers(connectionId, newMembers)
  // Created members' balances open now; a proposal's only when an admin approves it.
  const rowsById = new Map(rows.map((r) => [r.customerId as string, r]))
  await openBalancesFromRows(
    container,
    connectionId,
    toCreate.map((r) => ({ customer_id: customerOf.get(r.customerId as string) as string, smaregi_customer_id: r.customerId as string, row: rowsById.get(r.customerId as string)! }))
  )
  await store.customerIds.recordCustomerIdFloor(connectionId, highestCustomerId(rows))
  return counts
}

/** Records an import and asks for it to run in the background; a running import of the connection is answered instead. */
export async function startMemberImport(container: MedusaContainer, connectionId: string): Promise<{ run: MemberImportRun; started: boolean }> {
  const smaregi = smaregiService(container)
  await smaregi.getPublicConnection(connectionId)
  const [running] = (await smaregi.listSmaregiMemberImports({ connection_id: connectionId, status: "running" })) as unknown as MemberImportRun[]
  if (running) return { run: running, started: false }
  const run = (await smaregi.createSmaregiMemberImports({ connection_id: connectionId })) as unknown as MemberImportRun
  await requestImportRun(container, run.id)
  return { run, started: true }
}

async function requestImportRun(container: MedusaContainer, id: string): Promise<void> {
  await container.resolve<IEventBusModuleService>(Modules.EVENT_BUS).emit({ name: SmaregiEvents.MEMBER_IMPORT_REQUESTED, data: { id } })
}

export async function retrieveMemberImport(container: MedusaContainer, connectionId: string, id: string): Promise<MemberImportRun> {
  const [run] = (await smaregiService(container).listSmaregiMemberImports({ id, connection_id: connectionId })) as unknown as MemberImportRun[]
  if (!run) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Member import ${id} of connection ${connectionId} was not found`)
  return run
}

/**
 * Runs (or resumes) an import page by page from its cursor, writing progress after each page. Smaregi being
 * unavailable leaves it running with the error noted (the retry job resumes it); any other failure ends it failed.
 */
export async function runMemberImport(container: MedusaContainer, id: string): Promise<MemberImportRun> {
  const smaregi = smaregiService(container)
  let run = (await smaregi.retrieveSmaregiMemberImport(id)) as unknown as MemberImportRun
  if (run.status !== "running") return run
  const update = async (fields: Partial<MemberImportRun>) =>
    (run = (await smaregi.updateSmaregiMemberImports({ id, ...fields } as never)) as unknown as MemberImportRun)
  try {
    const connection = await smaregi.getPublicConnection(run.connection_id)
    const transport = await smaregiService(container).transportFor(run.connection_id)
    let imported = 0
    for (;;) {
      const page = await readPage(transport, run.cursor)
      if (!run.cursor && !run.processed) await update({ total: page.total })
      if (page.rows.length) {
        const counts = await importPage(container, connection, page.rows)
        const current = (await smaregi.retrieveSmaregiMemberImport(id)) as unknown as MemberImportRun
        if (current.status !== "running") return current
        await update({
          cursor: page.rows[page.rows.length - 1].customerId as string,
          processed: run.processed + counts.total,
          created: run.created + counts.to_create,
          proposed: run.proposed + counts.to_propose,
          already_linked: run.already_linked + counts.already_linked + counts.already_proposed,
          conflicts: run.conflicts + counts.conflicts,
          skipped: run.skipped + counts.skipped,
          total: Math.max(run.total, run.processed + page.total),
          error: null,
        })
        if (++imported === STATISTICS_AFTER_PAGES) await memberRecords(container).members.refreshStatistics()
      }
      if (page.last) return await update({ status: "done", total: run.processed, finished_at: new Date() })
    }
  } catch (error) {
    const failure = classifySyncError(error)
    const message = failure.message || (error instanceof Error ? error.message : String(error))
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`smaregi: member import ${id} stopped: ${message}`)
    if (failure.kind === "transient") return update({ error: `${message} (resumes automatically)` })
    return update({ status: "failed", error: message, finished_at: new Date() })
  }
}

/** Running imports nobody has written to for a while (a restart, an outage) run again from their cursor. */
export async function resumeStaleMemberImports(container: MedusaContainer, staleMs = memberSyncTiming().backfillStaleMs): Promise<string[]> {
  const ids = await smaregiService(container).records().memberImports.claimStale(staleMs)
  for (const id of ids) await requestImportRun(container, id)
  return ids
}
