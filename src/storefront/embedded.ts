/**
 * The embedded checkout, mounted from a Medusa payment session's `data` with Dintero's Web SDK
 * (`@dintero/checkout-web-sdk`, passed in: the helper does not bundle it), and kept in step with
 * the cart: lock before the cart changes, refresh once the plugin has updated the Dintero session,
 * remount when Medusa replaced the payment session (a new total means a new Dintero session).
 */

/** What the helper uses of `@dintero/checkout-web-sdk` (structural: `import * as sdk from "@dintero/checkout-web-sdk"`). */
export type DinteroWebSdkLike = {
  embed(options: {
    container: HTMLDivElement
    sid: string
    endpoint?: string
    language?: string
    onPayment?: (event: { transaction_id: string; merchant_reference: string; href: string }) => void
    onPaymentError?: (event: { error: string; href: string }) => void
    onSessionCancel?: (event: { href: string }) => void
    onSessionNotFound?: (event: unknown) => void
  }): Promise<EmbeddedInstanceLike>
}

export type EmbeddedInstanceLike = {
  lockSession(): Promise<unknown>
  refreshSession(): Promise<unknown>
  destroy(): void
}

/** The Medusa payment session, as the store API returns it (its `data` is the plugin's). */
export type DinteroPaymentSessionLike = { data?: Record<string, unknown> | null }

export type MountOptions = {
  sdk: DinteroWebSdkLike
  container: HTMLDivElement
  paymentSession: DinteroPaymentSessionLike
  /** Dintero's checkout host; by default the origin of the session's `checkout_url` (the sandbox's, or Dintero's). */
  endpoint?: string
  language?: string
  onPayment: (payment: { transactionId: string; merchantReference: string }) => void
  onPaymentError?: (error: string) => void
  onCancel?: () => void
  onSessionNotFound?: () => void
}

export type DinteroEmbeddedCheckout = {
  /** The Dintero session shown now. */
  readonly sessionId: string
  /**
   * Changes the cart with the checkout locked (the shopper cannot pay a stale amount), then shows
   * the new order: `change` does the cart update and returns the cart's current Dintero payment
   * session (create a new one if Medusa dropped it). Same Dintero session: refreshed, once its
   * amount is the cart's. Another one: the checkout is mounted again. Calls run one at a time.
   *
   * Dintero ends the lock when the session is updated: the plugin does that when the cart changes
   * (its `cart.updated` subscriber). A change that makes no cart update, or fails, leaves the
   * session locked; a new payment session (the storefront's "pay again") replaces it.
   */
  updateCart(change: () => Promise<DinteroPaymentSessionLike>): Promise<void>
  destroy(): void
}

export function dinteroSessionIdOf(paymentSession: DinteroPaymentSessionLike): string {
  const sid = paymentSession.data?.dintero_session_id
  if (typeof sid !== "string" || !sid) {
    throw new Error("This payment session has no Dintero session (data.dintero_session_id): create it with the Dintero provider")
  }
  return sid
}

export async function mountDinteroCheckout(options: MountOptions): Promise<DinteroEmbeddedCheckout> {
  let current: EmbeddedInstanceLike | undefined = await embedOnce(options, options.paymentSession)
  let sessionId = dinteroSessionIdOf(options.paymentSession)
  // One cart change at a time (a double click must not interleave two lock/change/refresh runs).
  let queue: Promise<unknown> = Promise.resolve()

  async function update(change: () => Promise<DinteroPaymentSessionLike>): Promise<void> {
    if (!current) throw new Error("The Dintero checkout is not mounted (it was destroyed, or mounting it again failed)")
    const shown = current
    await shown.lockSession()
    let next: DinteroPaymentSessionLike
    try {
      next = await change()
    } catch (error) {
      // The cart did not change: show the session as it is. It stays locked at Dintero until the
      // plugin updates it again (the next cart change does), or a new payment session replaces it.
      await shown.refreshSession().catch(() => undefined)
      throw error
    }
    const nextId = dinteroSessionIdOf(next)
    if (nextId === sessionId) {
      await refreshUntilAmount(shown, next.data?.amount)
      return
    }
    shown.destroy()
    current = undefined
    options.container.innerHTML = ""
    current = await embedOnce(options, next)
    sessionId = nextId
  }

  return {
    get sessionId() {
      return sessionId
    },
    updateCart(change) {
      const run = queue.then(() => update(change))
      queue = run.catch(() => undefined)
      return run
    },
    destroy() {
      current?.destroy()
      current = undefined
    },
  }
}

function embedOnce(options: MountOptions, paymentSession: DinteroPaymentSessionLike): Promise<EmbeddedInstanceLike> {
  return options.sdk.embed({
    container: options.container,
    sid: dinteroSessionIdOf(paymentSession),
    endpoint: options.endpoint ?? endpointOf(paymentSession),
    language: options.language,
    onPayment: (event) => options.onPayment({ transactionId: event.transaction_id, merchantReference: event.merchant_reference }),
    onPaymentError: (event) => options.onPaymentError?.(event.error),
    onSessionCancel: () => options.onCancel?.(),
    onSessionNotFound: () => options.onSessionNotFound?.(),
  })
}

/** Dintero's checkout host of this session: the origin of its hosted page. */
export function endpointOf(paymentSession: DinteroPaymentSessionLike): string | undefined {
  const url = paymentSession.data?.checkout_url
  if (typeof url !== "string") return undefined
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/**
 * The plugin updates the Dintero session a moment after the cart changes (a Medusa subscriber):
 * refresh until Dintero shows the cart's amount, a few times, then leave it as it is.
 */
async function refreshUntilAmount(checkout: EmbeddedInstanceLike, amount: unknown, tries = 6): Promise<void> {
  for (let attempt = 0; attempt < tries; attempt++) {
    const event = (await checkout.refreshSession()) as { session?: { order?: { amount?: number } } } | undefined
    const shown = event?.session?.order?.amount
    if (typeof amount !== "number" || shown === undefined || shown === amount) return
    await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)))
  }
}
