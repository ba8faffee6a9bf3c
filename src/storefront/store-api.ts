/**
 * The one call the return needs: complete the cart. Two ways to make it, so the helper works with
 * `@medusajs/js-sdk` or plain `fetch`, and never imports either.
 */
export type CompletionAnswer =
  | { status: number; type: "order"; order: { id: string } & Record<string, unknown> }
  | { status: number; type: "cart"; message?: string }
  | { status: number; type: "error"; message: string }

/** Dintero's state of a payment collection's payment, as the server read it back. */
export type DinteroPaymentCollectionState = "paid" | "on_hold" | "open" | "failed" | "canceled" | "voided"

/** `POST /store/dintero/payment-collections/:id/complete`'s answer (or why there is none). */
export type PaymentCollectionAnswer =
  | {
      status: number
      type: "payment_collection"
      state: DinteroPaymentCollectionState
      settled: boolean
      paymentCollection: { id: string; status: string }
      orderId?: string
    }
  | { status: number; type: "error"; message: string }

/** `POST /store/dintero/carts/:id/express`'s answer: the paid Express checkout's choices on the cart (or why not). */
export type ExpressAnswer =
  | { status: number; type: "express"; state: "applied" | "completed" | "not_paid" | "released"; message?: string; orderId?: string }
  | { status: number; type: "error"; message: string }

/** What a storefront may put in a Dintero payment session's `data` (initiatePaymentSession). */
export type DinteroSessionDataInput = {
  /** Where Dintero sends the shopper back (a host in the provider's allowedReturnUrlHosts). */
  return_url?: string
  /** An Express Checkout session: the shopper gives address and shipping in Dintero's checkout. */
  express?: boolean
  /** Save the card this checkout is paid with (a logged-in customer only). */
  save_payment_method?: boolean
  /** Pay with this saved card of the logged-in customer (`DinteroSavedCard.id`). */
  payment_method_id?: string
}

export interface StoreApi {
  completeCart(cartId: string): Promise<CompletionAnswer>
  /**
   * Writes a paid Express checkout's address and shipping option to the cart before it is completed.
   * Optional for custom StoreApi implementations; the return of an Express session needs it.
   */
  settleExpress?(cartId: string, transactionId: string): Promise<ExpressAnswer>
  /**
   * Settles a payment collection's Dintero payment (an order edit's, exchange's or claim's outstanding
   * amount). Optional, so custom StoreApi implementations written before it keep compiling;
   * `completeDinteroPaymentCollection` needs it.
   */
  completePaymentCollection?(paymentCollectionId: string, paymentSessionId?: string): Promise<PaymentCollectionAnswer>
}

const expressPath = (cartId: string) => `/store/dintero/carts/${encodeURIComponent(cartId)}/express`
const paymentCollectionPath = (id: string) => `/store/dintero/payment-collections/${encodeURIComponent(id)}/complete`
const paymentCollectionBody = (paymentSessionId?: string) => (paymentSessionId ? { payment_session_id: paymentSessionId } : {})

/** The store API over `fetch` (the browser's, or one you pass). */
export function fetchStoreApi(options: { baseUrl: string; publishableKey: string; fetch?: typeof fetch; headers?: Record<string, string> }): StoreApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const base = options.baseUrl.replace(/\/+$/, "")
  const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> } | { status: 0; message: string }> => {
    let response: Response
    try {
      response = await doFetch(`${base}${path}`, {
        method: "POST",
        credentials: "include",
        headers: { "content-type": "application/json", "x-publishable-api-key": options.publishableKey, ...options.headers },
        body: JSON.stringify(body),
      })
    } catch (error) {
      return { status: 0, message: `The store could not be reached: ${(error as Error).message}` }
    }
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> }
  }
  return {
    async completeCart(cartId) {
      const answer = await post(`/store/carts/${encodeURIComponent(cartId)}/complete`, {})
      return "message" in answer ? { status: 0, type: "error", message: answer.message } : interpret(answer.status, answer.body)
    },
    async completePaymentCollection(paymentCollectionId, paymentSessionId) {
      const answer = await post(paymentCollectionPath(paymentCollectionId), paymentCollectionBody(paymentSessionId))
      return "message" in answer ? { status: 0, type: "error", message: answer.message } : interpretCollection(answer.status, answer.body)
    },
    async settleExpress(cartId, transactionId) {
      const answer = await post(expressPath(cartId), { transaction_id: transactionId })
      return "message" in answer ? { status: 0, type: "error", message: answer.message } : interpretExpress(answer.status, answer.body)
    },
  }
}

/**
 * Structural type of `@medusajs/js-sdk`'s `sdk.store.cart.complete` and, for payment collections,
 * `sdk.client.fetch` (which JSON-encodes `body` itself) — no import of the SDK.
 */
export type MedusaJsSdkLike = {
  store: { cart: { complete(cartId: string, query?: unknown, headers?: unknown): Promise<Record<string, unknown>> } }
  client?: { fetch<T>(path: string, init?: { method?: string; body?: Record<string, unknown>; headers?: Record<string, string> }): Promise<T> }
}

/**
 * The store API through `@medusajs/js-sdk` (its errors carry `status` and `message`);
 * `completePaymentCollection` goes through `sdk.client.fetch`, so is there only when the SDK has it.
 */
export function jsSdkStoreApi(sdk: MedusaJsSdkLike): StoreApi {
  const client = sdk.client
  return {
    async completeCart(cartId) {
      try {
        return interpret(200, await sdk.store.cart.complete(cartId))
      } catch (error) {
        return sdkError(error)
      }
    },
    // Only with `sdk.client` (without it, completeDinteroPaymentCollection says the method is missing).
    ...(client && {
      async completePaymentCollection(paymentCollectionId: string, paymentSessionId?: string): Promise<PaymentCollectionAnswer> {
        try {
          const body = await client.fetch<Record<string, unknown> | undefined>(paymentCollectionPath(paymentCollectionId), {
            method: "POST",
            body: paymentCollectionBody(paymentSessionId),
          })
          return interpretCollection(200, body ?? {})
        } catch (error) {
          return sdkError(error)
        }
      },
      async settleExpress(cartId: string, transactionId: string): Promise<ExpressAnswer> {
        try {
          return interpretExpress(200, (await client.fetch<Record<string, unknown> | undefined>(expressPath(cartId), { method: "POST", body: { transaction_id: transactionId } })) ?? {})
        } catch (error) {
          // The js-sdk throws for a 409: "released" comes with the shopper's message.
          const { status, message } = (error ?? {}) as { status?: number; message?: string }
          if (status === 409) return { status, type: "express", state: "released", message: message ?? "The payment was released" }
          return sdkError(error)
        }
      },
    }),
  }
}

function sdkError(error: unknown): { status: number; type: "error"; message: string } {
  const { status, message } = (error ?? {}) as { status?: number; message?: string }
  return { status: typeof status === "number" ? status : 0, type: "error", message: message ?? String(error) }
}

const STATES: readonly DinteroPaymentCollectionState[] = ["paid", "on_hold", "open", "failed", "canceled", "voided"]
const isState = (value: unknown): value is DinteroPaymentCollectionState => STATES.includes(value as DinteroPaymentCollectionState)

function interpretCollection(status: number, body: Record<string, unknown>): PaymentCollectionAnswer {
  const collection = body.payment_collection as { id?: unknown; status?: unknown } | undefined
  if (status >= 200 && status < 300 && isState(body.status) && typeof collection?.id === "string") {
    return {
      status,
      type: "payment_collection",
      state: body.status,
      settled: body.settled === true,
      paymentCollection: { id: collection.id, status: typeof collection.status === "string" ? collection.status : "" },
      ...(typeof body.order_id === "string" && body.order_id ? { orderId: body.order_id } : {}),
    }
  }
  if (status >= 200 && status < 300) {
    return { status, type: "error", message: "The store answered with something other than a payment collection's state." }
  }
  return { status, type: "error", message: typeof body.message === "string" ? body.message : `HTTP ${status}` }
}

const EXPRESS_STATES = ["applied", "completed", "not_paid", "released"] as const

function interpretExpress(status: number, body: Record<string, unknown>): ExpressAnswer {
  const state = EXPRESS_STATES.find((candidate) => candidate === body.status)
  if (state && ((status >= 200 && status < 300) || status === 409)) {
    return {
      status,
      type: "express",
      state,
      ...(typeof body.message === "string" ? { message: body.message } : {}),
      ...(typeof body.order_id === "string" ? { orderId: body.order_id } : {}),
    }
  }
  return { status, type: "error", message: typeof body.message === "string" ? body.message : `HTTP ${status}` }
}

function interpret(status: number, body: Record<string, unknown>): CompletionAnswer {
  if (status >= 200 && status < 300 && body.type === "order" && typeof (body.order as { id?: unknown } | undefined)?.id === "string") {
    return { status, type: "order", order: body.order as { id: string } }
  }
  if (status >= 200 && status < 300 && body.type === "cart") {
    const error = body.error as { message?: string } | string | undefined
    return { status, type: "cart", message: typeof error === "string" ? error : error?.message }
  }
  return { status, type: "error", message: typeof body.message === "string" ? body.message : `HTTP ${status}` }
}
