/**
 * The one call the return needs: complete the cart. Two ways to make it, so the helper works with
 * `@medusajs/js-sdk` or plain `fetch`, and never imports either.
 */
export type CompletionAnswer =
  | { status: number; type: "order"; order: { id: string } & Record<string, unknown> }
  | { status: number; type: "cart"; message?: string }
  | { status: number; type: "error"; message: string }

export interface StoreApi {
  completeCart(cartId: string): Promise<CompletionAnswer>
}

/** The store API over `fetch` (the browser's, or one you pass). */
export function fetchStoreApi(options: { baseUrl: string; publishableKey: string; fetch?: typeof fetch; headers?: Record<string, string> }): StoreApi {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const base = options.baseUrl.replace(/\/+$/, "")
  return {
    async completeCart(cartId) {
      let response: Response
      try {
        response = await doFetch(`${base}/store/carts/${encodeURIComponent(cartId)}/complete`, {
          method: "POST",
          credentials: "include",
          headers: { "content-type": "application/json", "x-publishable-api-key": options.publishableKey, ...options.headers },
          body: "{}",
        })
      } catch (error) {
        return { status: 0, type: "error", message: `The store could not be reached: ${(error as Error).message}` }
      }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
      return interpret(response.status, body)
    },
  }
}

/** Structural type of `@medusajs/js-sdk`'s `sdk.store.cart.complete` (no import of the SDK). */
export type MedusaJsSdkLike = {
  store: { cart: { complete(cartId: string, query?: unknown, headers?: unknown): Promise<Record<string, unknown>> } }
}

/** The store API through `@medusajs/js-sdk` (its errors carry `status` and `message`). */
export function jsSdkStoreApi(sdk: MedusaJsSdkLike): StoreApi {
  return {
    async completeCart(cartId) {
      try {
        return interpret(200, await sdk.store.cart.complete(cartId))
      } catch (error) {
        const { status, message } = error as { status?: number; message?: string }
        return { status: typeof status === "number" ? status : 0, type: "error", message: message ?? String(error) }
      }
    },
  }
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
