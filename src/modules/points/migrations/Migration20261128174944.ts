import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128174944 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "points_setting" drop constraint if exists "points_setting_key_unique";`);
    this.addSql(`alter table if exists "points_rank_rule" drop constraint if exists "points_rank_rule_customer_group_id_unique";`);
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_source_key_unique";`);
    this.addSql(`alter table if exists "points_account" drop constraint if exists "points_account_customer_id_unique";`);
    this.addSql(`create table if not exists "points_account" ("id" text not null, "customer_id" text not null, "balance" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_account_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_account_deleted_at" ON "points_account" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_account_customer_id_unique" ON "points_account" ("customer_id");`);

    this.addSql(`create table if not exists "points_allocation" ("id" text not null, "customer_id" text not null, "entry_id" text not null, "grant_id" text not null, "amount" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_allocation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_allocation_deleted_at" ON "points_allocation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_allocation_entry_id" ON "points_allocation" ("entry_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_allocation_grant_id" ON "points_allocation" ("grant_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "points_entry" ("id" text not null, "customer_id" text not null, "source_key" text not null, "source" text null, "kind" text check ("kind" in ('earn', 'spend', 'adjustment', 'expiry')) not null, "amount" integer not null, "remaining" integer not null default 0, "reason" text not null, "actor" text not null, "expires_at" timestamptz null, "version" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_deleted_at" ON "points_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_entry_source_key_unique" ON "points_entry" ("source_key");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_customer_id_created_at" ON "points_entry" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_source_kind" ON "points_entry" ("source", "kind") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_expires_at" ON "points_entry" ("expires_at") WHERE remaining > 0 AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "points_rank_change" ("id" text not null, "run_id" text not null, "customer_id" text not null, "from_group_ids" text[] not null, "to_group_id" text null, "rule_id" text null, "spend" real not null, "reason" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_rank_change_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_rank_change_deleted_at" ON "points_rank_change" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_rank_change_customer_id_created_at" ON "points_rank_change" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_rank_change_run_id" ON "points_rank_change" ("run_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "points_rank_rule" ("id" text not null, "name" text null, "customer_group_id" text not null, "min_spend" real not null, "window_days" integer not null default 365, "priority" integer not null default 0, "enabled" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_rank_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_rank_rule_deleted_at" ON "points_rank_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_rank_rule_customer_group_id_unique" ON "points_rank_rule" ("customer_group_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "points_setting" ("id" text not null, "key" text not null, "value" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_setting_deleted_at" ON "points_setting" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_setting_key_unique" ON "points_setting" ("key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "points_account" cascade;`);

    this.addSql(`drop table if exists "points_allocation" cascade;`);

    this.addSql(`drop table if exists "points_entry" cascade;`);

    this.addSql(`drop table if exists "points_rank_change" cascade;`);

    this.addSql(`drop table if exists "points_rank_rule" cascade;`);

    this.addSql(`drop table if exists "points_setting" cascade;`);
  }

}
