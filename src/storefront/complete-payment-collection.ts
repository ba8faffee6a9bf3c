import { pollWithBackoff, returnErrorKind, type CompleteReturnOptions } from "./backoff"
import type { StoreApi } from "./store-api"

/**
 * What the storefront's `/payment-collection/{id}?order_id=…` page (Medusa Admin's "Copy payment
 * link" for an order edit's, exchange's or claim's outstanding amount) gets back from Dintero:
 * the collection id (in the path, or a `payment_collection_id` query parameter), and what Dintero
 * appends — `merchant_reference` (the Medusa payment session id), `transaction_id`, `session_id`
 * and, on failure, `error`.
 */
export type DinteroPaymentCollectionParams = {
  paymentCollectionId?: string
  /** The Medusa payment session the shopper paid (Dintero's `merchant_reference`). */
  paymentSessionId?: string
  /** `cancelled` (the shopper cancelled), `authorization` (declined), `failed`, or another value Dintero adds. */
  error?: string
}

/** Reads the params from the page's query string and, when given, its path (`…/payment-collection/<id>`). */
export function readPaymentCollectionParams(search: string | URLSearchParams, pathname?: string): DinteroPaymentCollectionParams {
  const params = typeof search === "string" ? new URLSearchParams(search.startsWith("?") ? search.slice(1) : search) : search
  const value = (name: string) => params.get(name) || undefined
  return {
    paymentCollectionId: value("payment_collection_id") ?? (pathname === undefined ? undefined : collectionIdInPath(pathname)),
    paymentSessionId: value("merchant_reference"),
    error: value("error"),
  }
}

function collectionIdInPath(pathname: string): string | undefined {
  const match = /(?:^|\/)payment-collection\/([^/?#]+)/.exec(pathname)
  if (!match) return undefined
  try {
    return decodeURIComponent(match[1]) || undefined
  } catch {
    return match[1]
  }
}

/** What the payment collection page should show. */
export type DinteroPaymentCollectionOutcome =
  /** Paid and settled: the order's outstanding amount is covered. */
  | { kind: "paid"; paymentCollection: { id: string; status: string }; orderId?: string }
  /** Under review (on hold) or not settled within the budget: it settles later (Dintero's callback). */
  | { kind: "pending"; message: string }
  /** The shopper cancelled, or the payment was cancelled / voided: the link can be used again. */
  | { kind: "cancelled"; message: string }
  /** Declined by the bank or the payment method. */
  | { kind: "declined"; message: string }
  /** The payment failed at Dintero. */
  | { kind: "failed"; message: string }
  /** Nothing to complete (no collection id), or the store refused for good. */
  | { kind: "error"; message: string; status?: number }

export type CompletePaymentCollectionOptions = CompleteReturnOptions

const MESSAGES = {
  cancelled: "The payment was cancelled. You can use the payment link again.",
  declined: "The payment was declined. Please try again or choose another payment method.",
  failed: "The payment could not be completed. Please try again.",
  pending: "Your payment is being processed. It will be registered on your order in a moment; you will get a confirmation by email.",
}

/**
 * Settles the payment collection's Dintero payment when the shopper comes back from Dintero. The
 * server reads the payment back from Dintero; while it is still open (or paid but not yet
 * registered), or the store is busy (409, 5xx, unreachable), it is waited out with bounded backoff,
 * as `completeDinteroReturn` does. A payment on hold answers `pending` at once (it settles after
 * review). `error=` on the return URL is turned into an outcome without calling the store.
 */
export async function completeDinteroPaymentCollection(
  params: DinteroPaymentCollectionParams,
  store: StoreApi,
  options: CompletePaymentCollectionOptions = {}
): Promise<DinteroPaymentCollectionOutcome> {
  const errorKind = returnErrorKind(params.error)
  if (errorKind) return { kind: errorKind, message: MESSAGES[errorKind] }
  if (!params.paymentCollectionId) {
    return {
      kind: "error",
      message: "The page's URL has no payment collection id: expected /payment-collection/<id> or ?payment_collection_id=<id>.",
    }
  }
  if (typeof store.completePaymentCollection !== "function") {
    return {
      kind: "error",
      message: "The StoreApi lacks completePaymentCollection: use fetchStoreApi or jsSdkStoreApi, or implement it.",
    }
  }

  const collectionId = params.paymentCollectionId
  const complete = store.completePaymentCollection.bind(store)
  return pollWithBackoff<DinteroPaymentCollectionOutcome>(
    options,
    async () => {
      const answer = await complete(collectionId, params.paymentSessionId)
      if (answer.type !== "payment_collection") {
        // 409: being settled by the callback. 0 / 5xx: the store is busy. Other 4xx (404 unknown
        // collection, 400 a cart's collection or no Dintero session, 401 bad key) cannot get better.
        const retryable = answer.status === 409 || answer.status === 0 || answer.status >= 500
        return retryable ? undefined : { kind: "error", message: answer.message, status: answer.status }
      }
      switch (answer.state) {
        case "paid":
          // Paid at Dintero but not registered yet: wait.
          if (!answer.settled) return undefined
          return {
            kind: "paid",
            paymentCollection: answer.paymentCollection,
            ...(answer.orderId ? { orderId: answer.orderId } : {}),
          }
        case "on_hold":
          return { kind: "pending", message: MESSAGES.pending }
        case "canceled":
        case "voided":
          return { kind: "cancelled", message: MESSAGES.cancelled }
        case "failed":
          return { kind: "failed", message: MESSAGES.failed }
        case "open":
          return undefined // not settled at Dintero yet: wait
      }
    },
    () => ({ kind: "pending", message: MESSAGES.pending })
  )
}
