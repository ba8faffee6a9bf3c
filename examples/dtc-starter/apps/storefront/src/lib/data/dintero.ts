"use server"

import { sdk } from "@lib/config"
import { getAuthHeaders, getCacheTag, removeCartId } from "@lib/data/cookies"
import type { HttpTypes } from "@medusajs/types"
import { isDinteroProviderId, jsSdkStoreApi, pendingDinteroSession } from "medusa-payment-dintero/storefront"
import { DINTERO_SAVED_CARDS_PATH } from "medusa-payment-dintero/storefront"
import type {
  CompletionAnswer,
  DinteroSavedCard,
  DinteroSessionDataInput,
  ExpressAnswer,
  PaymentCollectionAnswer,
  StorePaymentSessionLike,
} from "medusa-payment-dintero/storefront"
import { revalidateTag } from "next/cache"

/*
 * The store calls the Dintero pages make, as server actions like the starter's own (src/lib/data/
 * cart.ts). They answer instead of throwing or redirecting, so that the plugin's helpers can wait
 * out a 409 (Dintero's callback settling the same cart or collection) and "not paid yet".
 */

/** Completes the cart on the return page (the starter's placeOrder, answering instead of redirecting). */
export async function completeCartForDintero(cartId: string): Promise<CompletionAnswer> {
  try {
    const result = await sdk.store.cart.complete(cartId, {}, { ...(await getAuthHeaders()) })
    if (result.type === "order") {
      revalidateTag(await getCacheTag("orders"))
      revalidateTag(await getCacheTag("carts"))
      await removeCartId()
      return { status: 200, type: "order", order: { id: result.order.id, country_code: result.order.shipping_address?.country_code ?? null } }
    }
    return { status: 200, type: "cart", message: result.error?.message }
  } catch (error) {
    return failure(error, "The store could not complete the cart")
  }
}

/** An Express session's return: the shopper's address and shipping from Dintero go on the cart first. */
export async function settleDinteroExpress(cartId: string, transactionId: string): Promise<ExpressAnswer> {
  const answer = await jsSdkStoreApi(sdk).settleExpress!(cartId, transactionId)
  revalidateTag(await getCacheTag("carts"))
  return answer
}

/**
 * "Try again" after a cancelled or declined payment: Dintero does not reopen a session it ended,
 * so the cart gets a new Dintero payment session (Medusa replaces the old one).
 */
export async function restartDinteroPayment(
  cartId: string,
  data?: DinteroSessionDataInput
): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const headers = { ...(await getAuthHeaders()) }
    const { cart } = await sdk.store.cart.retrieve(cartId, { fields: "id,*payment_collection,*payment_collection.payment_sessions" }, headers)
    const providerId = cart.payment_collection?.payment_sessions?.find((session) => isDinteroProviderId(session.provider_id))?.provider_id
    if (!providerId) return { ok: false, message: "This cart has no Dintero payment to start again: choose a payment method." }
    // `data`: save the card (logged in), or pay with a saved one; the plugin checks both against the customer.
    await sdk.store.payment.initiatePaymentSession(cart, { provider_id: providerId, ...(data ? { data } : {}) }, {}, headers)
    revalidateTag(await getCacheTag("carts"))
    return { ok: true }
  } catch (error) {
    return { ok: false, message: failure(error, "The store could not start the payment again").message }
  }
}

/**
 * The logged-in customer's cards saved with Dintero (never a token), or `loggedIn: false` for a
 * guest: only a logged-in customer can save a card or pay with one.
 */
export async function listDinteroSavedCards(): Promise<{ loggedIn: boolean; cards: DinteroSavedCard[] }> {
  const headers = await getAuthHeaders()
  if (!("authorization" in headers)) return { loggedIn: false, cards: [] }
  try {
    const { payment_methods } = await sdk.client.fetch<{ payment_methods: DinteroSavedCard[] }>(DINTERO_SAVED_CARDS_PATH, {
      method: "GET",
      headers: { ...headers },
      cache: "no-store",
    })
    return { loggedIn: true, cards: payment_methods }
  } catch {
    return { loggedIn: true, cards: [] }
  }
}

/** The order behind a payment link, read fresh (its collections change as they are paid). */
export async function retrieveOrderForPayment(orderId: string): Promise<HttpTypes.StoreOrder | null> {
  try {
    const { order } = await sdk.client.fetch<HttpTypes.StoreOrderResponse>(`/store/orders/${encodeURIComponent(orderId)}`, {
      method: "GET",
      query: { fields: "id,display_id,email,currency_code,total,region_id,*summary,*payment_collections,*payment_collections.payment_sessions" },
      headers: { ...(await getAuthHeaders()) },
      cache: "no-store",
    })
    return order
  } catch {
    return null
  }
}

/** The Dintero providers of the order's region (what `POST …/payment-sessions` may use). */
export async function listDinteroProviders(regionId: string): Promise<string[]> {
  try {
    const { payment_providers } = await sdk.client.fetch<HttpTypes.StorePaymentProviderListResponse>("/store/payment-providers", {
      method: "GET",
      query: { region_id: regionId },
      headers: { ...(await getAuthHeaders()) },
    })
    return payment_providers.map((provider) => provider.id).filter(isDinteroProviderId).sort()
  } catch {
    return []
  }
}

/**
 * A new Dintero payment session for an order's payment collection (the payment link's "Pay"):
 * the plugin builds Dintero's order from the order's changes. Its `data` is safe to show.
 */
export async function startDinteroCollectionPayment(
  paymentCollectionId: string,
  providerId: string
): Promise<{ ok: true; session: StorePaymentSessionLike } | { ok: false; message: string }> {
  try {
    const { payment_collection } = await sdk.client.fetch<HttpTypes.StorePaymentCollectionResponse>(
      `/store/payment-collections/${encodeURIComponent(paymentCollectionId)}/payment-sessions`,
      { method: "POST", body: { provider_id: providerId }, headers: { ...(await getAuthHeaders()) } }
    )
    const session = pendingDinteroSession(payment_collection as { payment_sessions?: StorePaymentSessionLike[] })
    return session ? { ok: true, session } : { ok: false, message: "The store created no Dintero payment for this link." }
  } catch (error) {
    return { ok: false, message: failure(error, "The store could not start the payment").message }
  }
}

/** Settles the collection's Dintero payment when the shopper is back (or asks whether it is settled). */
export async function completeDinteroCollection(paymentCollectionId: string, paymentSessionId?: string): Promise<PaymentCollectionAnswer> {
  const answer = await jsSdkStoreApi(sdk).completePaymentCollection!(paymentCollectionId, paymentSessionId)
  if (answer.type === "payment_collection" && answer.settled) revalidateTag(await getCacheTag("orders"))
  return answer
}

function failure(error: unknown, fallback: string): { status: number; type: "error"; message: string } {
  const { status, message } = (error ?? {}) as { status?: number; message?: string }
  return { status: typeof status === "number" ? status : 0, type: "error", message: message ?? fallback }
}
