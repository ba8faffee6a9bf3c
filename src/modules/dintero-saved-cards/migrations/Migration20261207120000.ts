import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "dintero_saved_card" ("id" text not null, "provider_id" text not null, "customer_id" text not null, "payment_product_type" text not null, "payment_token_id" text not null, "payment_token" text not null, "brand" text null, "masked_pan" text null, "expiry_date" text null, "card_type" text null, "transaction_id" text null, "blocked_reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "dintero_saved_card_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dintero_saved_card_deleted_at" ON "dintero_saved_card" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_dintero_saved_card_provider_id_customer_id" ON "dintero_saved_card" ("provider_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_dintero_saved_card_provider_id_payment_token_id_unique" ON "dintero_saved_card" ("provider_id", "payment_token_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dintero_saved_card" cascade;`);
  }

}
