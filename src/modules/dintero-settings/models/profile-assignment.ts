import { model } from "@medusajs/framework/utils"

/**
 * Which Dintero payment profile a Dintero provider uses: its default (`scope` "default"), or an
 * override for one region (`region:<id>`) or one sales channel (`sales_channel:<id>`). One per
 * (provider, scope): `scope` makes that a plain unique index (region_id and sales_channel_id are
 * null for the default, and NULLs never collide in a unique index). `express` makes the sessions of
 * that scope Express Checkout sessions.
 */
export const DinteroProfileAssignment = model
  .define("dintero_profile_assignment", {
    id: model.id({ prefix: "dpa" }).primaryKey(),
    provider_id: model.text(),
    scope: model.text(),
    profile_id: model.text(),
    region_id: model.text().nullable(),
    sales_channel_id: model.text().nullable(),
    /** Express Checkout: the shopper gives address and shipping in Dintero's checkout (issue 18). */
    express: model.boolean().default(false),
  })
  .indexes([
    { on: ["provider_id", "scope"], unique: true, where: "deleted_at IS NULL" },
  ])
