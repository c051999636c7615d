import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203163442 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_request" add column if not exists "params_form" text check ("params_form" in ('json', 'escaped_quotes')) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "smaregi_request" drop column if exists "params_form";`);
  }

}
