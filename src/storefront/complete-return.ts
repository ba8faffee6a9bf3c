import { pollWithBackoff, returnErrorKind, type CompleteReturnOptions } from "./backoff"
import type { DinteroReturnParams } from "./return-params"
import type { StoreApi } from "./store-api"

/** What the return page should show. */
export type DinteroReturnOutcome =
  | { kind: "order"; order: { id: string } & Record<string, unknown> }
  /** The shopper cancelled on Dintero's page: show the cart, let them pay again. */
  | { kind: "cancelled"; message: string }
  /** Declined by the bank or the payment method: show the cart, let them try another method. */
  | { kind: "declined"; message: string }
  /** The payment failed at Dintero (technical): show the cart, let them try again. */
  | { kind: "failed"; message: string }
  /** Not settled within the budget: the payment is being processed; the order will appear (callback). */
  | { kind: "pending"; message: string }
  /** Nothing to complete (no cart id) or the store refused for good. */
  | { kind: "error"; message: string; status?: number }

export type { CompleteReturnOptions }

const MESSAGES = {
  cancelled: "You cancelled the payment. Your cart is still here.",
  declined: "The payment was declined. Please try again or choose another payment method.",
  failed: "The payment could not be completed. Please try again.",
  pending: "Your payment is being processed. Your order will appear in a moment; you will get a confirmation by email.",
}

/**
 * Completes the cart when the shopper comes back from Dintero. Dintero's callback may be completing
 * the same cart at that moment (Medusa answers 409), or may have done it already (the order comes
 * back as usual), or the payment may still be settling (Medusa answers 400 "not authorized"): each
 * is waited out with bounded backoff. `error=` on the return URL is turned into an outcome without
 * touching the cart. The order is the same whichever of the return and the callback came first.
 */
export async function completeDinteroReturn(
  params: DinteroReturnParams,
  store: StoreApi,
  options: CompleteReturnOptions = {}
): Promise<DinteroReturnOutcome> {
  const errorKind = returnErrorKind(params.error)
  if (errorKind) return { kind: errorKind, message: MESSAGES[errorKind] }
  if (!params.cartId) {
    return { kind: "error", message: "The return URL has no cart id: configure returnUrl with {cart_id} (see the plugin's README)." }
  }

  const cartId = params.cartId
  const expressTransaction = params.express ? params.transactionId : undefined
  if (expressTransaction && !store.settleExpress) {
    return { kind: "error", message: "This store API cannot finish an Express checkout: use fetchStoreApi, or jsSdkStoreApi with an SDK that has client.fetch." }
  }
  let expressSettled = !expressTransaction
  return pollWithBackoff<DinteroReturnOutcome>(
    options,
    async () => {
      if (!expressSettled) {
        // Express: the address and shipping chosen in Dintero's checkout go on the cart first.
        const express = await store.settleExpress!(cartId, expressTransaction!)
        if (express.type === "express" && express.state === "released") {
          return { kind: "failed", message: express.message ?? MESSAGES.failed }
        }
        if (express.type === "error") {
          if (express.status >= 400 && express.status < 500 && express.status !== 409) return { kind: "error", message: express.message, status: express.status }
          return undefined
        }
        if (express.state === "not_paid") return undefined
        expressSettled = true
      }
      const answer = await store.completeCart(cartId)
      if (answer.type === "order") return { kind: "order", order: answer.order }
      // 409: being completed by the callback. 400 / "cart": not authorized yet. 0 / 5xx: the store is busy.
      // Other 4xx (404 unknown cart, 401 bad key) cannot get better by waiting.
      const retryable = answer.status === 409 || answer.status === 400 || answer.status === 0 || answer.status >= 500 || answer.type === "cart"
      if (!retryable) return { kind: "error", message: answer.message ?? `HTTP ${answer.status}`, status: answer.status }
      return undefined
    },
    () => ({ kind: "pending", message: MESSAGES.pending })
  )
}
