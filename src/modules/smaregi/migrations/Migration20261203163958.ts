import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203163958 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "smaregi_pull_run" ("id" text not null, "connection_id" text not null, "kind" text check ("kind" in ('pull_now', 'past_sales')) not null, "date_from" text null, "date_to" text null, "status" text check ("status" in ('running', 'done', 'failed')) not null default 'running', "windows_total" integer not null default 0, "windows_done" integer not null default 0, "heads" integer not null default 0, "known" integer not null default 0, "imported" integer not null default 0, "skipped" integer not null default 0, "failed" integer not null default 0, "error" text null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_pull_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_pull_run_deleted_at" ON "smaregi_pull_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_pull_run_connection_id_status" ON "smaregi_pull_run" ("connection_id", "status") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "smaregi_pull_run" cascade;`);
  }

}
