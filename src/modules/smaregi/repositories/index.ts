import { BackfillRecords } from "./backfills"
import { CustomerIdRecords } from "./customer-ids"
import { MemberImportRecords } from "./member-imports"
import { MemberLinks } from "./member-links"
import { MemberRecords } from "./members"
import { MemberSyncWakes } from "./member-wakes"
import type { Sql } from "./sql"

/** The module's repositories, sharing the service's SQL connection. */
export class SmaregiRecords {
  readonly members: MemberRecords
  readonly memberLinks: MemberLinks
  readonly customerIds: CustomerIdRecords
  readonly backfills: BackfillRecords
  readonly memberImports: MemberImportRecords
  readonly wakes: MemberSyncWakes

  constructor(sql: Sql) {
    this.members = new MemberRecords(sql)
    this.memberLinks = new MemberLinks(sql)
    this.customerIds = new CustomerIdRecords(sql)
    this.backfills = new BackfillRecords(sql)
    this.memberImports = new MemberImportRecords(sql)
    this.wakes = new MemberSyncWakes(sql)
  }
}

export type { BackfillRow } from "./backfills"
export type { MemberCard, MemberStats } from "./members"
export type * from "./member-types"
