import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203195505 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_member" drop constraint if exists "smaregi_member_status_check";`);
    this.addSql(`alter table if exists "smaregi_member" add constraint "smaregi_member_status_check" check ("status" in ('pending', 'synced', 'failed', 'withdrawn', 'deleted', 'link_pending'));`);
    this.addSql(`alter table if exists "smaregi_member" add column if not exists "link_source" text check ("link_source" in ('signup', 'import')) null, add column if not exists "link_rejected_smaregi_id" text null;`);

    this.addSql(`create table if not exists "smaregi_member_import" ("id" text not null, "connection_id" text not null, "status" text check ("status" in ('running', 'done', 'failed')) not null default 'running', "cursor" text null, "total" integer not null default 0, "processed" integer not null default 0, "created" integer not null default 0, "proposed" integer not null default 0, "already_linked" integer not null default 0, "conflicts" integer not null default 0, "skipped" integer not null default 0, "error" text null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "smaregi_member_import_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_member_import_deleted_at" ON "smaregi_member_import" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_smaregi_member_import_connection_id_status" ON "smaregi_member_import" ("connection_id", "status") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "smaregi_member_import" cascade;`);
    this.addSql(`alter table if exists "smaregi_member" drop column if exists "link_source", drop column if exists "link_rejected_smaregi_id";`);
    this.addSql(`alter table if exists "smaregi_member" drop constraint if exists "smaregi_member_status_check";`);
    this.addSql(`alter table if exists "smaregi_member" add constraint "smaregi_member_status_check" check ("status" in ('pending', 'synced', 'failed', 'withdrawn', 'deleted'));`);
  }

}
