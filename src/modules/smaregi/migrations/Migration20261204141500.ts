import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204141500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_member" alter column "smaregi_customer_id" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_member" alter column "smaregi_customer_id" set not null;`);
  }

}
