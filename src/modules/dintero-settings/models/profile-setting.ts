import { model } from "@medusajs/framework/utils"

/**
 * Settings of one Dintero payment profile for one Dintero provider, kept in Medusa (Dintero's
 * profile has no place for them). `capture_on_shipment` overrides the provider's
 * `captureOnShipment` option for the payments made with this profile: "off", "fulfillment" or
 * "shipment"; no row means the option applies.
 */
export const DinteroProfileSetting = model
  .define("dintero_profile_setting", {
    id: model.id({ prefix: "dps" }).primaryKey(),
    provider_id: model.text(),
    profile_id: model.text(),
    capture_on_shipment: model.enum(["off", "fulfillment", "shipment"]),
  })
  .indexes([{ on: ["provider_id", "profile_id"], unique: true, where: "deleted_at IS NULL" }])
