import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203170000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_connection" add column if not exists "customer_id_floor" integer null, add column if not exists "customer_id_floor_read_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_connection" drop column if exists "customer_id_floor", drop column if exists "customer_id_floor_read_at";`);
  }

}
