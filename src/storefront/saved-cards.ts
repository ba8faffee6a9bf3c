/**
 * Saved cards (Dintero payment tokens) in a storefront, for a logged-in customer: the store API's
 * answer type, the routes, and a label. The token never reaches the storefront; a card is its id.
 *
 * - save at checkout: create the Dintero payment session with `data: { save_payment_method: true }`
 * - pay with one: `data: { payment_method_id: card.id }` (the shopper confirms it in Dintero's checkout)
 * - list: `GET DINTERO_SAVED_CARDS_PATH` → `{ payment_methods: DinteroSavedCard[] }`
 * - remove: `DELETE savedCardPath(id)`
 * - add one without a purchase: `POST DINTERO_SAVED_CARDS_PATH` `{ return_url? }` →
 *   `{ checkout_url, dintero_session_id }`; back on `return_url`,
 *   `POST DINTERO_CARD_SAVE_COMPLETE_PATH` `{ transaction_id }` (readCardSaveReturn) → `{ payment_method }`
 */
export type DinteroSavedCard = {
  id: string
  provider_id: string
  brand: string | null
  masked_pan: string | null
  /** "MM/YYYY". */
  expiry_date: string | null
  card_type: string | null
  payment_product_type: string
  /** Dintero refused it for good (DO_NOT_RETRY): it cannot pay any more; offer another card. */
  blocked: boolean
  /** Past its expiry month: the issuer will refuse it; offer another card. */
  expired: boolean
  created_at: string
}

export const DINTERO_SAVED_CARDS_PATH = "/store/dintero/payment-methods"
export const DINTERO_CARD_SAVE_COMPLETE_PATH = `${DINTERO_SAVED_CARDS_PATH}/complete`
export const savedCardPath = (id: string) => `${DINTERO_SAVED_CARDS_PATH}/${encodeURIComponent(id)}`

/** "VISA •••• 0002, 12/2030" (what the customer recognises the card by). */
export function savedCardLabel(card: Pick<DinteroSavedCard, "brand" | "masked_pan" | "expiry_date">): string {
  const brand = card.brand ? card.brand.toUpperCase() : "Card"
  const last4 = card.masked_pan ? card.masked_pan.replace(/\D/g, "").slice(-4) : ""
  return [`${brand}${last4 ? ` •••• ${last4}` : ""}`, card.expiry_date].filter(Boolean).join(", ")
}

/** The return from saving a card: Dintero appends `transaction_id`, or `error` when it was not saved. */
export function readCardSaveReturn(search: string | URLSearchParams): { transactionId?: string; error?: string } {
  const params = typeof search === "string" ? new URLSearchParams(search.startsWith("?") ? search.slice(1) : search) : search
  return { transactionId: params.get("transaction_id") || undefined, error: params.get("error") || undefined }
}
