import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128173927 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_transaction" drop constraint if exists "smaregi_transaction_connection_id_transaction_head_id_unique";`);
    this.addSql(`alter table if exists "smaregi_member" drop constraint if exists "smaregi_member_connection_id_customer_code_unique";`);
    this.addSql(`alter table if exists "smaregi_member" drop constraint if exists "smaregi_member_connection_id_smaregi_customer_id_unique";`);
    this.addSql(`alter table if exists "smaregi_member" drop constraint if exists "smaregi_member_connection_id_customer_id_unique";`);
    this.addSql(`alter table if exists "smaregi_connection" drop constraint if exists "smaregi_connection_agreement_secret_hash_unique";`);
    this.addSql(`create table if not exists "smaregi_backfill" ("id" text not null, "connection_id" text not null, "status" text check ("status" in ('running', 'stopped', 'completed', 'failed')) not null default 'running', "cursor" text null, "total" integer not null default 0, "done" integer not null default 0, "failed" integer not null default 0, "skipped" integer not null default 0, "last_error" text null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_backfill_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_backfill_deleted_at" ON "smaregi_backfill" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_backfill_connection_id_status" ON "smaregi_backfill" ("connection_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "smaregi_connection" ("id" text not null, "name" text not null, "enabled" boolean not null default true, "agreement_secret_hash" text null, "agreement_secret_encrypted" text null, "access_token_encrypted" text null, "settings" jsonb not null, "next_customer_id" integer null, "reconcile_watermark" text null, "reconciled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_connection_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_connection_deleted_at" ON "smaregi_connection" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_smaregi_connection_agreement_secret_hash_unique" ON "smaregi_connection" ("agreement_secret_hash") WHERE agreement_secret_hash IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "smaregi_member" ("id" text not null, "connection_id" text not null, "customer_id" text not null, "smaregi_customer_id" text not null, "customer_code" text not null, "status" text check ("status" in ('pending', 'synced', 'failed', 'withdrawn', 'deleted')) not null default 'pending', "linked_existing" boolean not null default false, "attempts" integer not null default 0, "last_error_code" text null, "last_error" text null, "next_attempt_at" timestamptz null, "requested_at" timestamptz null, "last_synced_at" timestamptz null, "last_payload_hash" text null, "last_payload" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_member_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_member_deleted_at" ON "smaregi_member" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_smaregi_member_connection_id_customer_id_unique" ON "smaregi_member" ("connection_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_smaregi_member_connection_id_smaregi_customer_id_unique" ON "smaregi_member" ("connection_id", "smaregi_customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_smaregi_member_connection_id_customer_code_unique" ON "smaregi_member" ("connection_id", "customer_code") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_member_status_next_attempt_at" ON "smaregi_member" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "smaregi_request" ("id" text not null, "connection_id" text null, "outcome" text check ("outcome" in ('accepted', 'malformed')) not null, "http_status" integer not null, "error_code" text null, "error_message" text null, "source_ip" text null, "content_type" text null, "proc_name" text null, "query" jsonb null, "body" text null, "body_size" integer not null default 0, "head_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_request_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_request_deleted_at" ON "smaregi_request" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_request_connection_id" ON "smaregi_request" ("connection_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "smaregi_transaction" ("id" text not null, "connection_id" text not null, "transaction_head_id" text not null, "upd_date_time" text null, "applied_upd_date_time" text null, "status" text check ("status" in ('received', 'imported', 'updated', 'canceled', 'skipped', 'failed', 'needs_attention')) not null default 'received', "action" text null, "reason_code" text null, "reason" text null, "attempts" integer not null default 0, "order_id" text null, "store_id" text null, "customer_code" text null, "total" text null, "transaction_date_time" text null, "head" jsonb not null, "details" jsonb not null, "request_id" text null, "processed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_transaction_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_transaction_deleted_at" ON "smaregi_transaction" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_smaregi_transaction_connection_id_transaction_head_id_unique" ON "smaregi_transaction" ("connection_id", "transaction_head_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_transaction_status" ON "smaregi_transaction" ("status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_transaction_order_id" ON "smaregi_transaction" ("order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "smaregi_transaction_event" ("id" text not null, "transaction_id" text not null, "connection_id" text not null, "transaction_head_id" text not null, "type" text not null, "reason_code" text null, "message" text null, "upd_date_time" text null, "request_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_transaction_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_transaction_event_deleted_at" ON "smaregi_transaction_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_transaction_event_transaction_id" ON "smaregi_transaction_event" ("transaction_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "smaregi_backfill" cascade;`);

    this.addSql(`drop table if exists "smaregi_connection" cascade;`);

    this.addSql(`drop table if exists "smaregi_member" cascade;`);

    this.addSql(`drop table if exists "smaregi_request" cascade;`);

    this.addSql(`drop table if exists "smaregi_transaction" cascade;`);

    this.addSql(`drop table if exists "smaregi_transaction_event" cascade;`);
  }

}
