import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dintero_profile_assignment" add column if not exists "express" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "dintero_profile_assignment" drop column if exists "express";`);
  }

}
