import { model } from "@medusajs/framework/utils"

/**
 * A card a customer saved with Dintero (a `payex.creditcard` or `bambora.creditcard` payment
 * token), shown to Medusa as a payment method of the customer's account holder.
 *
 * `payment_token` is the secret Dintero charges: it is read here and sent to Dintero only, never
 * returned by a store route, put in payment data (which the storefront sees) or logged. Everything
 * else is what a customer needs to recognise the card. `blocked_reason` is set when Dintero said
 * DO_NOT_RETRY: the card is never charged again (Dintero warns that retrying gets cards blocked).
 */
export const DinteroSavedCard = model
  .define("dintero_saved_card", {
    id: model.id({ prefix: "dcard" }).primaryKey(),
    provider_id: model.text(),
    customer_id: model.text(),
    payment_product_type: model.text(),
    payment_token_id: model.text(),
    payment_token: model.text(),
    brand: model.text().nullable(),
    masked_pan: model.text().nullable(),
    /** As Dintero writes it, "MM/YYYY". */
    expiry_date: model.text().nullable(),
    card_type: model.text().nullable(),
    /** The Dintero transaction that saved it. */
    transaction_id: model.text().nullable(),
    blocked_reason: model.text().nullable(),
  })
  .indexes([
    { on: ["provider_id", "customer_id"], where: "deleted_at IS NULL" },
    // Saving the same token twice (a callback and the shopper's return) keeps one card.
    { on: ["provider_id", "payment_token_id"], unique: true, where: "deleted_at IS NULL" },
  ])
