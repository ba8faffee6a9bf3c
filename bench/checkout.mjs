// One checkout, as a storefront and a merchant make it over Medusa's HTTP API, the same for both
// providers except the steps only Dintero has (paying on Dintero's page, Dintero's callbacks).

import { setTimeout as sleep } from "node:timers/promises"
import { performance } from "node:perf_hooks"
import { StepError } from "./http.mjs"

export const PROVIDERS = { dintero: "pp_dintero_dintero", system: "pp_system_default" }

// One shopper per checkout: carts of one new email made at once race in Medusa's creation of the
// guest customer ("Customer with email ... already exists"), which is not what is measured here.
let shoppers = 0

const ADDRESS = { first_name: "Kari", last_name: "Nordmann", address_1: "Karl Johans gate 1", city: "Oslo", postal_code: "0154", country_code: "no", phone: "+47 912 34 567" }

/**
 * Runs one checkout with `provider` ("dintero" or "system"): cart → shipping → payment collection →
 * payment session (timed) → [Dintero: pay on the sandbox, which sends Dintero's callback; the
 * shopper returns at once] → completion (timed) → admin capture (timed) → [Dintero: its payment and
 * capture callbacks answered 2xx]. `whole` runs from the cart's creation to that end.
 * `clients`: store, admin and sandbox JSON clients (http.mjs) and the callback watcher.
 */
export async function checkout(clients, seed, provider) {
  const { store, admin, sandbox, callbacks } = clients
  const providerId = PROVIDERS[provider]
  const startedAt = Date.now()

  const { cart } = await store.post("cart", "/store/carts", {
    region_id: seed.regionId,
    sales_channel_id: seed.salesChannelId,
    email: `shopper-${++shoppers}@example.com`,
    items: [
      { variant_id: seed.variants.sweater, quantity: 1 },
      { variant_id: seed.variants.coffee, quantity: 2 },
    ],
    shipping_address: ADDRESS,
    billing_address: ADDRESS,
  })
  await store.post("shipping method", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId })
  const { payment_collection: collection } = await store.post("payment collection", "/store/payment-collections", { cart_id: cart.id })

  const session = await timed(() => store.post("payment session", `/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: providerId }))
  const paymentSession = session.value.payment_collection.payment_sessions.find((candidate) => candidate.provider_id === providerId)

  let dintero
  if (provider === "dintero") {
    const sessionId = paymentSession.data?.dintero_session_id
    if (!sessionId) throw new Error(`checkout step "payment session" failed: no dintero_session_id in the session's data: ${JSON.stringify(paymentSession)}`)
    const paid = await sandbox.post("pay on the sandbox", `/_sandbox/sessions/${sessionId}/pay`, { outcome: "authorize" })
    dintero = { session_id: sessionId, transaction_id: paid.transaction_id }
  }

  const completion = await timed(() => complete(store, cart.id))
  const order = completion.value.order

  const { order: withPayments } = await admin.get("order's payment", `/admin/orders/${order.id}?fields=*payment_collections.payments`)
  const payment = withPayments.payment_collections?.[0]?.payments?.[0]
  if (!payment) throw new Error(`checkout step "order's payment" failed: order ${order.id} has no payment: ${JSON.stringify(withPayments)}`)
  const capture = await timed(() => admin.post("capture", `/admin/payments/${payment.id}/capture`, {}))

  let endedAt = Date.now()
  if (dintero) endedAt = Math.max(endedAt, await callbacks.answered(dintero.session_id, ["payment", "event"]))

  return {
    provider,
    started_at: startedAt,
    ended_at: endedAt,
    ms: { session: session.ms, completion: completion.ms, capture: capture.ms, whole: endedAt - startedAt },
    completion_tries: completion.value.tries,
    ids: { cart: cart.id, payment_session: paymentSession.id, order: order.id, payment: payment.id },
    ...(dintero ? { dintero } : {}),
  }
}

async function timed(run) {
  const start = performance.now()
  const value = await run()
  return { value, ms: performance.now() - start }
}

// As the plugin's storefront helper waits (src/storefront/complete-return.ts): 400 ms, doubling up
// to 3 s, within 30 s. So the completion time is the one a shop using that helper shows shoppers.
const RETRY = { firstMs: 400, maxMs: 3_000, budgetMs: 30_000 }

/**
 * The shopper's return: completes the cart, again while Medusa answers 409 (Dintero's callback is
 * completing the same cart) or the cart back (payment not settled yet), until there is an order.
 */
async function complete(store, cartId) {
  const deadline = Date.now() + RETRY.budgetMs
  let delay = RETRY.firstMs
  for (let tries = 1; ; tries++) {
    const answer = await store.raw("POST", `/store/carts/${cartId}/complete`, {})
    if (answer.status === 200 && answer.body?.type === "order") return { order: answer.body.order, tries }
    const retryable = answer.status === 409 || (answer.status === 200 && answer.body?.type === "cart")
    if (!retryable || Date.now() + delay > deadline) throw new StepError("completion", answer)
    await sleep(delay)
    delay = Math.min(delay * 2, RETRY.maxMs)
  }
}
