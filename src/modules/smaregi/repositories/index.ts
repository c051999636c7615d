import { InboxRecords } from "../inbox"
import { PlatformConnectionRecords } from "../platform-connection"
import { WebhookConnectionRecords } from "../webhook-connections"
import { BackfillRecords } from "./backfills"
import { CustomerIdRecords } from "./customer-ids"
import { MemberImportRecords } from "./member-imports"
import { MemberLinks } from "./member-links"
import { MemberRecords } from "./members"
import { MemberSyncWakes } from "./member-wakes"
import { PlanFeatureRecords } from "./plan-features"
import { PlatformEventRecords } from "./platform-events"
import type { Sql } from "./sql"
import { SalesStatsRecords } from "./stats"
import { TransactionRecords } from "./transactions"

/** The module's repositories, sharing the service's SQL connection. */
export class SmaregiRecords {
  readonly members: MemberRecords
  readonly memberLinks: MemberLinks
  readonly customerIds: CustomerIdRecords
  readonly backfills: BackfillRecords
  readonly memberImports: MemberImportRecords
  readonly wakes: MemberSyncWakes
  readonly planFeatures: PlanFeatureRecords
  readonly inbox: InboxRecords
  readonly transactions: TransactionRecords
  readonly salesStats: SalesStatsRecords
  readonly webhookConnections: WebhookConnectionRecords
  readonly platformConnections: PlatformConnectionRecords
  readonly platformEvents: PlatformEventRecords

  constructor(sql: Sql) {
    this.members = new MemberRecords(sql)
    this.memberLinks = new MemberLinks(sql)
    this.customerIds = new CustomerIdRecords(sql)
    this.backfills = new BackfillRecords(sql)
    this.memberImports = new MemberImportRecords(sql)
    this.wakes = new MemberSyncWakes(sql)
    this.planFeatures = new PlanFeatureRecords(sql)
    this.inbox = new InboxRecords(sql)
    this.transactions = new TransactionRecords(sql)
    this.salesStats = new SalesStatsRecords(sql)
    this.webhookConnections = new WebhookConnectionRecords(sql)
    this.platformConnections = new PlatformConnectionRecords(sql)
    this.platformEvents = new PlatformEventRecords(sql)
  }
}

export type { BackfillRow } from "./backfills"
export type { TransactionResult } from "./transactions"
export type { MemberCard, MemberStats } from "./members"
export type * from "./member-types"
