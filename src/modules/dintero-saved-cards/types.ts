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

/** Whether "MM/YYYY" is before the month of `now`. */
export function isExpired(expiryDate: string | null, now: Date = new Date()): boolean {
  const match = expiryDate ? /^(\d{1,2})\/(\d{2}|\d{4})$/.exec(expiryDate.trim()) : null
  if (!match) return false
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2])
  const month = Number(match[1])
  return year * 12 + month < now.getUTCFullYear() * 12 + (now.getUTCMonth() + 1)
}

export function savedCardView(card: SavedCardRecord, now: Date = new Date()): SavedCardView {
  return {
    id: card.id,
    brand: card.brand,
    masked_pan: card.masked_pan,
    expiry_date: card.expiry_date,
    card_type: card.card_type,
    payment_product_type: card.payment_product_type,
    blocked: card.blocked_reason !== null,
    expired: isExpired(card.expiry_date, now),
    created_at: new Date(card.created_at).toISOString(),
  }
}
