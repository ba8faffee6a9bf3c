import type { DinteroSavedCard } from "../../storefront/saved-cards"

/** A saved card as stored (`payment_token` included: server-side only). */
export type SavedCardRecord = {
  id: string
  provider_id: string
  customer_id: string
  payment_product_type: string
  payment_token_id: string
  payment_token: string
  brand: string | null
  masked_pan: string | null
  expiry_date: string | null
  card_type: string | null
  transaction_id: string | null
  blocked_reason: string | null
  created_at: Date | string
}

export type SavedCardInput = Omit<SavedCardRecord, "id" | "created_at" | "blocked_reason">

/**
 * What a customer, a storefront or Medusa's payment-method list sees of a saved card: enough to
 * recognise it, never the token (nor Dintero's token id, which only the merchant needs). The
 * store API adds `provider_id` (the storefront's DinteroSavedCard).
 */
export type SavedCardView = Omit<DinteroSavedCard, "provider_id">

export function savedCardView(card: SavedCardRecord): SavedCardView {
  return {
    id: card.id,
    brand: card.brand,
    masked_pan: card.masked_pan,
    expiry_date: card.expiry_date,
    card_type: card.card_type,
    payment_product_type: card.payment_product_type,
    blocked: card.blocked_reason !== null,
    created_at: new Date(card.created_at).toISOString(),
  }
}
