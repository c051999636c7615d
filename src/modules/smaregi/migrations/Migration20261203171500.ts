import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203171500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_transaction" add column if not exists "points_drift" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_transaction" drop column if exists "points_drift";`);
  }

}
