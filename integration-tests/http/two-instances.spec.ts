import { Client } from "pg"
import { demoAdminApi, type DemoAdminApi } from "../../test-support/demo"
import { sandboxCallbacks, sandboxControl, succeededEvents, type RecordedCallback } from "../../test-support/sandbox-control"
import { waitFor } from "../../test-support/wait"
import { dinteroBackoffice, minorSum } from "../helpers/checkout"
import { storeOverHttp } from "../helpers/store-over-http"
import { startTwoInstances, type TwoInstances } from "../helpers/two-instances"

jest.setTimeout(240_000)

/*
 * Two Medusa instances (two `medusa start` processes) on one database and one Redis, behind a
 * round-robin proxy that Dintero calls back through: each callback lands on either instance, and
 * every duplicate of it on the other one too. The shopper's return completes the cart on the
 * instance that did NOT create it, racing three copies of Dintero's payment callback. Then money
 * moves in Dintero Backoffice and in the admin of both instances while Dintero's event callbacks
 * (three copies each) race them. Counted at both ends: one order per paid cart, Medusa's captures
 * and refunds equal Dintero's events, no money moved twice, no 5xx to the shopper, every callback
 * answered 2xx in the end.
 */
const CARTS = 12
const SIGNATURE_SECRET = "two-instances-signature-secret"
const COPIES = 3
const BACKOFFICE_PARTIAL_CAPTURE = 20000
const BACKOFFICE_REFUND = 5000
const ADMIN_REFUND = 10000

let cluster: TwoInstances
let db: Client
let failed = false

beforeAll(async () => {
  const postgresUrl = process.env.DATABASE_URL
  if (!postgresUrl) throw new Error("DATABASE_URL is not set: run this spec through jest's integration global setup")
  cluster = await startTwoInstances({ postgresUrl, databaseName: `dintero_two_instances_${process.pid}`, redisDb: 7, signatureSecret: SIGNATURE_SECRET })
  db = new Client({ connectionString: cluster.databaseUrl })
  await db.connect()
}, 200_000)

afterAll(async () => {
  await db?.end()
  await cluster?.stop({ keepLogs: failed })
})

/**
 * What happens to payment i after its order exists (i % 4), and what both ends must show. No
 * payment gets both a Backoffice capture and an admin capture: the plugin sends only what Medusa
 * records beyond Dintero's total (src/money/ledger.ts), so an admin capture made before the
 * Backoffice capture's callback is recorded absorbs it, and the outcome would depend on the race.
 */
const plans = [
  "Backoffice captures all and refunds part",
  "Backoffice captures part",
  "the admin captures all on one instance and refunds part on the other",
  "the admin captures all, Backoffice refunds part",
] as const

type Expected = { captured: number; refunded: number; captures: number; refunds: number; status: string }

function expectedFor(i: number, amount: number): Expected {
  switch (i % 4) {
    case 0:
      return { captured: amount, refunded: BACKOFFICE_REFUND, captures: 1, refunds: 1, status: "PARTIALLY_REFUNDED" }
    case 1:
      return { captured: BACKOFFICE_PARTIAL_CAPTURE, refunded: 0, captures: 1, refunds: 0, status: "PARTIALLY_CAPTURED" }
    case 2:
      return { captured: amount, refunded: ADMIN_REFUND, captures: 1, refunds: 1, status: "PARTIALLY_REFUNDED" }
    default:
      return { captured: amount, refunded: BACKOFFICE_REFUND, captures: 1, refunds: 1, status: "PARTIALLY_REFUNDED" }
  }
}

type MedusaPayment = { id: string; amount: number; captures: { amount: number }[]; refunds: { amount: number }[] }
type Checkout = { index: number; home: string; other: string; cartId: string; paymentSessionId: string; dinteroSessionId: string; amount: number }

it(
  `${CARTS} checkouts on two instances: one order each, money moved once, every callback answered 2xx`,
  withServerLogsOnFailure(async () => {
    const { a, b, proxy, sandbox, seed } = cluster
    const control = sandboxControl(sandbox.url)
    const callbacks = sandboxCallbacks(sandbox.url)
    const backoffice = dinteroBackoffice(sandbox.url)
    const shop = storeOverHttp(seed.publishableKey)
    const admins: Record<string, DemoAdminApi> = { [a.url]: await demoAdminApi(a.url), [b.url]: await demoAdminApi(b.url) }

    // --- checkout: carts alternately on A and B, paid, callbacks held ---------------------------
    const checkouts = await Promise.all(
      Array.from({ length: CARTS }, (_, index) => {
        const [home, other] = index % 2 === 0 ? [a.url, b.url] : [b.url, a.url]
        return checkoutOn(shop, seed, index, home, other)
      })
    )
    await callbacks.hold()
    const transactions = new Map<string, string>()
    for (const checkout of checkouts) {
      const paid = await control.pay(checkout.dinteroSessionId, "authorize")
      transactions.set(checkout.cartId, paid.transaction_id as string)
    }
    expect(await callbacks.held()).toHaveLength(CARTS)

    // Three copies of every payment callback through the proxy, while each shopper returns to the other instance.
    const [released, completions] = await Promise.all([
      callbacks.release(COPIES),
      Promise.all(checkouts.map((checkout) => shop.complete(checkout.other, checkout.cartId))),
    ])
    expect(released.released).toBe(CARTS)
    const orderOfCart = await ordersByCart(checkouts.map((checkout) => checkout.cartId))
    for (const [i, checkout] of checkouts.entries()) {
      expect({ cart: checkout.cartId, status: completions[i].status, type: completions[i].body?.type }).toEqual({ cart: checkout.cartId, status: 200, type: "order" })
      expect(orderOfCart.get(checkout.cartId)).toEqual([completions[i].body.order.id])
    }
    expect(await countRows("select count(*) from order_cart")).toBe(CARTS)

    // --- money: Backoffice and the admin of both instances, event callbacks racing them ----------
    const payments = new Map<string, string>()
    for (const checkout of checkouts) {
      const rows = await db.query("select id from payment where payment_session_id = $1 and deleted_at is null", [checkout.paymentSessionId])
      expect({ cart: checkout.cartId, payments: rows.rowCount }).toEqual({ cart: checkout.cartId, payments: 1 })
      payments.set(checkout.cartId, rows.rows[0].id)
    }
    const paymentOf = (checkout: Checkout) => payments.get(checkout.cartId) as string
    const transactionOf = (checkout: Checkout) => transactions.get(checkout.cartId) as string
    const group = (g: number) => checkouts.filter((checkout) => checkout.index % 4 === g)

    await callbacks.hold()
    // Admin captures, each on the instance the cart was made on (their CAPTURE callbacks are held).
    await Promise.all([...group(2), ...group(3)].map((c) => admins[c.home].post(`/admin/payments/${paymentOf(c)}/capture`, {})))
    for (const c of group(0)) {
      await backofficeOk(backoffice("POST", `/v1/transactions/${transactionOf(c)}/capture`, { amount: c.amount }))
      await backofficeOk(backoffice("POST", `/v1/transactions/${transactionOf(c)}/refund`, { amount: BACKOFFICE_REFUND }))
    }
    for (const c of group(1)) {
      await backofficeOk(backoffice("POST", `/v1/transactions/${transactionOf(c)}/capture`, { amount: BACKOFFICE_PARTIAL_CAPTURE }))
    }
    for (const c of group(3)) {
      await backofficeOk(backoffice("POST", `/v1/transactions/${transactionOf(c)}/refund`, { amount: BACKOFFICE_REFUND }))
    }
    // Held: one CAPTURE per payment of groups 0-3, one REFUND per payment of groups 0 and 3.
    expect(await callbacks.held()).toHaveLength((CARTS / 4) * 6)
    await Promise.all([
      callbacks.release(COPIES),
      ...group(2).map((c) => admins[c.other].post(`/admin/payments/${paymentOf(c)}/refund`, { amount: ADMIN_REFUND / 100 })),
    ])

    // --- every callback delivery ends 2xx: each copy's last attempt, after its retries -----------
    const expectedDeliveries = CARTS + checkouts.reduce((total, c) => total + expectedFor(c.index, c.amount).captures + expectedFor(c.index, c.amount).refunds, 0)
    let deliveries = deliveryStates(await control.callbacks())
    await waitFor(async () => {
      deliveries = deliveryStates(await control.callbacks())
      return deliveries.length === expectedDeliveries && deliveries.every((d) => d.pending === 0) ? true : undefined
    }, 120_000).catch((error) => {
      throw new Error(`${error.message}: ${deliveries.length} of ${expectedDeliveries} deliveries, unfinished ${JSON.stringify(deliveries.filter((d) => d.pending !== 0))}`)
    })
    expect(deliveries.filter((d) => d.refused.length > 0)).toEqual([])
    expect(deliveries.filter((d) => d.chains !== d.succeeded)).toEqual([])

    // --- both ends agree, payment by payment; nothing moved twice -------------------------------
    const actual: unknown[] = []
    const expected: unknown[] = []
    for (const c of checkouts) {
      const want = expectedFor(c.index, c.amount)
      const transaction = await control.transaction(transactionOf(c))
      const events = (kind: string) => succeededEvents(transaction, kind)
      const { payment } = (await admins[a.url].get(`/admin/payments/${paymentOf(c)}`)) as { payment: MedusaPayment }
      const label = { plan: plans[c.index % 4], cart: c.cartId }
      actual.push({
        ...label,
        dintero: { status: transaction.status, captured: sumOf(events("CAPTURE")), refunded: sumOf(events("REFUND")), captures: events("CAPTURE").length, refunds: events("REFUND").length },
        medusa: { captured: minorSum(payment.captures), refunded: minorSum(payment.refunds), captures: payment.captures.length, refunds: payment.refunds.length },
      })
      const { status: _status, ...amounts } = want
      expected.push({ ...label, dintero: want, medusa: amounts })
    }
    // All payments in one comparison: a failure shows every payment that disagrees, not the first.
    expect(actual).toEqual(expected)
    const operations = (await control.requests()).filter((r) => r.method === "POST" && /\/(capture|refund|void)$/.test(r.path))
    expect({
      captures: operations.filter((r) => r.path.endsWith("/capture")).length,
      refunds: operations.filter((r) => r.path.endsWith("/refund")).length,
      voids: operations.filter((r) => r.path.endsWith("/void")).length,
    }).toEqual({
      captures: checkouts.reduce((total, c) => total + expectedFor(c.index, c.amount).captures, 0),
      refunds: checkouts.reduce((total, c) => total + expectedFor(c.index, c.amount).refunds, 0),
      voids: 0,
    })

    // --- the shopper never saw a 5xx; both instances did the work --------------------------------
    expect(shop.answers.filter((answer) => answer.status >= 500)).toEqual([])
    expect(proxy.hits.every((hits) => hits > 0)).toBe(true)
    const completedOn = new Set(shop.answers.filter((x) => x.status === 200 && x.url.endsWith("/complete")).map((x) => new URL(x.url).origin))
    expect([...completedOn].sort()).toEqual([a.url, b.url].sort())
    const outcomes: Record<string, number> = {}
    for (const attempt of await control.callbacks()) {
      const outcome = String(attempt.status ?? attempt.error)
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    }
    console.log(
      `two instances: proxy hits A ${proxy.hits[0]} / B ${proxy.hits[1]}; ${deliveries.length} deliveries, callback attempts ${JSON.stringify(outcomes)}; ` +
        `${shop.answers.filter((x) => x.status === 409).length} completions answered 409; CPU A ${Math.round(a.cpuMs())} ms / B ${Math.round(b.cpuMs())} ms`
    )
  })
)

it(
  "a merchant-initiated charge of a saved card asked on both instances at once, three times each: one charge at Dintero, one Medusa payment",
  withServerLogsOnFailure(async () => {
    const { a, b, sandbox, seed } = cluster
    const control = sandboxControl(sandbox.url)
    const shop = storeOverHttp(seed.publishableKey)
    const admins: Record<string, DemoAdminApi> = { [a.url]: await demoAdminApi(a.url), [b.url]: await demoAdminApi(b.url) }

    // A customer signs up and logs in (on A), and buys saving the card; the return lands on B.
    const credentials = { email: `saver-${Date.now()}@example.com`, password: "saver-password" }
    const auth = async (path: string) =>
      ((await (await fetch(`${a.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(credentials) })).json()) as { token: string }).token
    await shop.ok(a.url, "POST", "/store/customers", { email: credentials.email }, { authorization: `Bearer ${await auth("/auth/customer/emailpass/register")}` })
    const customer = { authorization: `Bearer ${await auth("/auth/customer/emailpass")}` }
    const address = { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no" }
    const { cart } = await shop.ok(a.url, "POST", "/store/carts", { region_id: seed.regionId, sales_channel_id: seed.salesChannelId, items: [{ variant_id: seed.variants.sweater, quantity: 1 }], shipping_address: address }, customer)
    await shop.ok(a.url, "POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId }, customer)
    const { payment_collection } = await shop.ok(a.url, "POST", "/store/payment-collections", { cart_id: cart.id }, customer)
    const { payment_collection: withSession } = await shop.ok(a.url, "POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
      provider_id: "pp_dintero_dintero",
      data: { save_payment_method: true },
    }, customer)
    const session = withSession.payment_sessions[0]
    await control.pay(session.data.dintero_session_id, "authorize")
    const completed = await shop.complete(b.url, cart.id)
    expect(completed.body.type).toBe("order")
    const orderId = completed.body.order.id as string
    const { payment_methods } = await shop.ok(b.url, "GET", "/store/dintero/payment-methods", undefined, customer)
    expect(payment_methods).toHaveLength(1)

    // The order is shipped and captured, then edited (a bag of coffee more): an open collection.
    const rows = await db.query("select id from payment where payment_session_id = $1 and deleted_at is null", [session.id])
    await admins[a.url].post(`/admin/payments/${rows.rows[0].id}/capture`)
    await admins[b.url].post("/admin/order-edits", { order_id: orderId })
    await admins[b.url].post(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: seed.variants.coffee, quantity: 1 }] })
    await admins[b.url].post(`/admin/order-edits/${orderId}/request`)
    await admins[b.url].post(`/admin/order-edits/${orderId}/confirm`)
    const { order } = await admins[a.url].get(`/admin/orders/${orderId}?fields=id,*payment_collections`)
    const open = (order.payment_collections as { id: string; status: string; amount: number }[]).filter((c) => c.status === "not_paid")
    expect(open).toHaveLength(1)
    const collection = open[0]
    await control.clearRequests()

    // Three requests on each instance at once (a renewal job running everywhere, retried).
    const answers = await Promise.all(
      [a, b, a, b, a, b].map((instance) =>
        admins[instance.url].post(`/admin/dintero/payment-collections/${collection.id}/charge-saved-card`, { payment_method_id: payment_methods[0].id })
      )
    )
    expect(new Set(answers.map((answer) => answer.payment_id)).size).toBe(1)
    expect(answers.filter((answer) => !answer.already_paid)).toHaveLength(1)

    // Both ends: one charge of the collection's amount at Dintero; one Medusa payment, after the callbacks too.
    const [token] = await control.paymentTokens()
    expect(token.payments).toHaveLength(1)
    const charged = await control.transaction(token.payments[0])
    expect({ status: charged.status, amount: charged.amount }).toEqual({ status: "AUTHORIZED", amount: minorSum([{ amount: collection.amount }]) })
    await waitFor(async () =>
      (await control.callbacks()).some((callback) => callback.url.includes(charged.id) && callback.status === 200) ? true : undefined
    )
    const payments = await db.query("select p.id from payment p where p.payment_collection_id = $1 and p.deleted_at is null and p.canceled_at is null", [collection.id])
    expect(payments.rowCount).toBe(1)
    const pay = (await control.requests()).filter((request) => request.method === "POST" && request.path === "/v1/sessions/pay")
    // The collection's lock is shared through Redis: the other five requests found it paid without asking Dintero.
    expect(pay).toHaveLength(1)
    console.log(`two instances, merchant-initiated: ${answers.length} requests, ${pay.length} POST /v1/sessions/pay, 1 charge, 1 payment`)
  })
)

/** Dintero's amounts are in minor units already (Medusa's, in major units, go through minorSum). */
const sumOf = (rows: { amount?: number }[]) => rows.reduce((total, row) => total + (row.amount ?? 0), 0)

/** A cart with a sweater and coffee, shipping and a Dintero payment session, all on instance `home`. */
async function checkoutOn(shop: ReturnType<typeof storeOverHttp>, seed: TwoInstances["seed"], index: number, home: string, other: string): Promise<Checkout> {
  const address = { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no" }
  const { cart } = await shop.ok(home, "POST", "/store/carts", {
    region_id: seed.regionId,
    sales_channel_id: seed.salesChannelId,
    email: `shopper-${index}@example.com`,
    items: [
      { variant_id: seed.variants.sweater, quantity: 1 },
      { variant_id: seed.variants.coffee, quantity: 1 + (index % 3) },
    ],
    shipping_address: address,
    billing_address: address,
  })
  await shop.ok(home, "POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId })
  const { payment_collection } = await shop.ok(home, "POST", "/store/payment-collections", { cart_id: cart.id })
  const { payment_collection: withSession } = await shop.ok(home, "POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_dintero_dintero",
  })
  const session = withSession.payment_sessions[0]
  return { index, home, other, cartId: cart.id, paymentSessionId: session.id, dinteroSessionId: session.data.dintero_session_id, amount: session.data.amount }
}

/**
 * Per delivery id: its copies ("chains": each copy retried on its own, attempt 1, 2, …), how many
 * ended 2xx, the 3xx/4xx answers (never retried: refused), and the copies still waiting for a retry.
 */
function deliveryStates(attempts: RecordedCallback[]) {
  const byDelivery = new Map<string, RecordedCallback[]>()
  for (const attempt of attempts) byDelivery.set(attempt.delivery_id, [...(byDelivery.get(attempt.delivery_id) ?? []), attempt])
  return [...byDelivery.entries()].map(([id, all]) => {
    const chains = all.filter((x) => x.attempt === 1).length
    const succeeded = all.filter((x) => x.status !== undefined && x.status >= 200 && x.status < 300).length
    const refused = all.filter((x) => x.status !== undefined && x.status >= 300 && x.status < 500)
    return { id, url: all[0].url, chains, succeeded, refused, attempts: all.length, pending: chains - succeeded - refused.length }
  })
}

async function ordersByCart(cartIds: string[]) {
  const { rows } = await db.query<{ cart_id: string; order_id: string }>("select cart_id, order_id from order_cart where cart_id = any($1) and deleted_at is null", [cartIds])
  const byCart = new Map<string, string[]>()
  for (const row of rows) byCart.set(row.cart_id, [...(byCart.get(row.cart_id) ?? []), row.order_id])
  return byCart
}

async function countRows(sql: string) {
  const { rows } = await db.query<{ count: string }>(sql)
  return Number(rows[0].count)
}

async function backofficeOk(response: Promise<Response>) {
  const answer = await response
  if (!answer.ok) throw new Error(`Dintero Backoffice operation → ${answer.status}: ${await answer.text()}`)
}

/** The servers' logs are the only trace of what each instance did: shown when the test fails. */
function withServerLogsOnFailure(test: () => Promise<void>) {
  return async () => {
    try {
      await test()
    } catch (error) {
      failed = true
      console.error(`two-instances: the servers' logs (last 300 lines each):\n${cluster?.logs(300) ?? "(not started)"}`)
      throw error
    }
  }
}
