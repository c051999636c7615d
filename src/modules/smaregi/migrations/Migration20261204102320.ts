import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204102320 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_platform_event" drop constraint if exists "smaregi_platform_event_connection_id_event_id_unique";`);
    this.addSql(`create table if not exists "smaregi_platform_event" ("id" text not null, "connection_id" text not null, "event_id" text null, "event" text not null, "action" text not null, "ids" jsonb not null, "status" text check ("status" in ('received', 'processed', 'failed')) not null default 'received', "attempts" integer not null default 0, "error" text null, "source_ip" text null, "processed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_platform_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_platform_event_deleted_at" ON "smaregi_platform_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_smaregi_platform_event_connection_id_event_id_unique" ON "smaregi_platform_event" ("connection_id", "event_id") WHERE event_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_platform_event_status_created_at" ON "smaregi_platform_event" ("status", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "smaregi_connection" add column if not exists "api" text check ("api" in ('v2', 'platform')) not null default 'v2', add column if not exists "client_secret_encrypted" text null, add column if not exists "webhook_secret_encrypted" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "smaregi_platform_event" cascade;`);

    this.addSql(`alter table if exists "smaregi_connection" drop column if exists "api", drop column if exists "client_secret_encrypted", drop column if exists "webhook_secret_encrypted";`);
  }

}
