import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206193000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "dintero_profile_setting" ("id" text not null, "provider_id" text not null, "profile_id" text not null, "capture_on_shipment" text check ("capture_on_shipment" in ('off', 'fulfillment', 'shipment')) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dintero_profile_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dintero_profile_setting_deleted_at" ON "dintero_profile_setting" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dintero_profile_setting_provider_id_profile_id_unique" ON "dintero_profile_setting" ("provider_id", "profile_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dintero_profile_setting" cascade;`);
  }

}
