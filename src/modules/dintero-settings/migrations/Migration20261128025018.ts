import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128025018 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "dintero_profile_assignment" drop constraint if exists "dintero_profile_assignment_provider_id_scope_unique";`);
    this.addSql(`create table if not exists "dintero_profile_assignment" ("id" text not null, "provider_id" text not null, "scope" text not null, "profile_id" text not null, "region_id" text null, "sales_channel_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dintero_profile_assignment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dintero_profile_assignment_deleted_at" ON "dintero_profile_assignment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dintero_profile_assignment_provider_id_scope_unique" ON "dintero_profile_assignment" ("provider_id", "scope") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dintero_profile_assignment" cascade;`);
  }

}
