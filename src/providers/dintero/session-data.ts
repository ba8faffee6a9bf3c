import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

/**
 * What the provider keeps in the payment session's (and then the payment's) `data`. Medusa
 * returns `data` to the storefront, so it holds ids, URLs and amounts: never a secret.
 */
export const dinteroPaymentDataSchema = z.looseObject({
  /** Medusa's payment session id (`payses_…`), also the Dintero `merchant_reference`. */
  session_id: z.string().optional(),
  dintero_session_id: z.string().min(1),
  /** Dintero's hosted checkout for this session (redirect), or give the id to the web SDK (embed). */
  checkout_url: z.string().optional(),
  merchant_reference: z.string().min(1),
  /** Amount in minor units and currency (upper case) the session was created or last updated with. */
  amount: z.number().int(),
  currency: z.string().length(3),
  profile_id: z.string().optional(),
  expires_at: z.string().optional(),
  transaction_id: z.string().optional(),
  transaction_status: z.string().optional(),
  /** An Express Checkout session (address and shipping chosen in Dintero's checkout). */
  express: z.boolean().optional(),
  /** Express: the paid transaction whose address and shipping option are written to the cart. */
  express_transaction_id: z.string().optional(),
  /** The shopper asked to save the card (a logged-in customer); the saved card, once stored. */
  save_payment_method: z.boolean().optional(),
  saved_payment_method_id: z.string().optional(),
  /** Paid with this saved card (its id in the dintero_saved_cards module, never its token). */
  payment_method_id: z.string().optional(),
  /** A merchant-initiated payment (merchant-initiated.ts). */
  merchant_initiated: z.boolean().optional(),
})
export type DinteroPaymentData = z.infer<typeof dinteroPaymentDataSchema>

/** A Medusa payment session id (what the plugin sends Dintero as `merchant_reference`). */
export function isMedusaPaymentSessionId(value: unknown): value is string {
  return typeof value === "string" && /^payses_[0-9A-Za-z]+$/.test(value)
}

/** A Medusa cart id: the `merchant_reference` of an Express session (it outlives the cart's payment sessions). */
export function isMedusaCartId(value: unknown): value is string {
  return typeof value === "string" && /^cart_[0-9A-Za-z]+$/.test(value)
}

export function readPaymentData(data: Record<string, unknown> | undefined, action: string): DinteroPaymentData {
  const parsed = dinteroPaymentDataSchema.safeParse(data ?? {})
  if (!parsed.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Cannot ${action}: this payment has no Dintero session (${parsed.error.issues
        .map((i) => i.path.join(".") || "data")
        .join(", ")} missing or invalid). Create a new payment session.`
    )
  }
  return parsed.data
}

/**
 * What a storefront may put in `data` when it creates a payment session (Medusa stores the
 * storefront's `data` merged with the provider's, and returns it to the storefront):
 * - `return_url`: where Dintero sends the shopper back, accepted only for a host listed in
 *   `allowedReturnUrlHosts` (else the configured `returnUrl` is used).
 * - `express: true`: an Express Checkout session (also the default where the admin switched it on).
 * - `save_payment_method: true`: save the card (a logged-in customer); `payment_method_id`: pay
 *   with one of the customer's saved cards (checked against Medusa's customer, not trusted).
 * Anything else is dropped, so that nothing a storefront invents is stored or shown back.
 */
export const STOREFRONT_DATA_KEYS = ["return_url", "express", "save_payment_method", "payment_method_id"] as const

/** `{ key: undefined }` for every storefront key to drop (Medusa's merge then removes it). */
export function storefrontDataKeysToDrop(data: Record<string, unknown> | undefined): Record<string, undefined> {
  // session_id is Medusa's own (the payment session id); every key of the plugin's is set after this.
  const allowed = new Set<string>([...STOREFRONT_DATA_KEYS, "session_id"])
  return Object.fromEntries(Object.keys(data ?? {}).filter((key) => !allowed.has(key)).map((key) => [key, undefined]))
}
