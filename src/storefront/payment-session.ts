import { isDinteroProviderId } from "../providers/dintero/provider-id"

export { isDinteroProviderId }

/** A payment session as the store API returns it, as far as the storefront needs it. */
export type StorePaymentSessionLike = { id: string; provider_id: string; status?: string | null; data?: Record<string, unknown> | null }

/**
 * The Dintero payment session the shopper can still pay (status `pending`) of a cart's or an
 * order's payment collection. Medusa keeps one session per provider; an authorized one is paid.
 */
export function pendingDinteroSession<S extends StorePaymentSessionLike>(
  paymentCollection: { payment_sessions?: S[] | null } | null | undefined
): S | undefined {
  return paymentCollection?.payment_sessions?.find((session) => isDinteroProviderId(session.provider_id) && session.status === "pending")
}
