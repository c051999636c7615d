import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203195506 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_kind_check";`);
    this.addSql(`alter table if exists "points_entry" add constraint "points_entry_kind_check" check ("kind" in ('earn', 'spend', 'adjustment', 'expiry', 'opening_balance'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_kind_check";`);
    this.addSql(`alter table if exists "points_entry" add constraint "points_entry_kind_check" check ("kind" in ('earn', 'spend', 'adjustment', 'expiry'));`);
  }

}
