import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204103000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_connection" add column if not exists "member_sync_wake_at" timestamptz null;`);
    this.addSql(`alter table if exists "smaregi_backfill" add column if not exists "lease_owner" text null, add column if not exists "lease_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_connection" drop column if exists "member_sync_wake_at";`);
    this.addSql(`alter table if exists "smaregi_backfill" drop column if exists "lease_owner", drop column if exists "lease_until";`);
  }

}
