import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204140000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_connection" add column if not exists "plan_lacks" jsonb null;`);
    this.addSql(`alter table if exists "smaregi_member" add column if not exists "point_web_total_sent" integer null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_connection" drop column if exists "plan_lacks";`);
    this.addSql(`alter table if exists "smaregi_member" drop column if exists "point_web_total_sent";`);
  }

}
