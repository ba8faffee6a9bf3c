#!/usr/bin/env node
/*
 * Buys in a dtc-starter storefront with the Dintero example applied, in headless Chromium, against
 * `npm run demo -- --serve --return-url …` (README "Prove it on your machine"). Not part of
 * `npm test`: it needs the starter, which this repository does not hold.
 *
 *   node examples/dtc-starter/e2e/buy.mjs redirect    # the storefront built with NEXT_PUBLIC_DINTERO_CHECKOUT_MODE=redirect
 *   node examples/dtc-starter/e2e/buy.mjs embedded    # … built with embedded
 *
 * redirect: a purchase on Dintero's page; a decline, then "Try again"; the return opened in a
 * second tab (Vipps/MobilePay on a phone) while the first tab waits; an order edit's outstanding
 * amount paid through /payment-collection/{id}; a logged-in customer saving the card, then paying
 * with it. embedded: a purchase in the embedded checkout,
 * and the payment link paid embedded. Each ends checked in Medusa (admin API) and at Dintero
 * (the sandbox's control API). Prints the time from "Pay" to the confirmation page.
 *
 * Env: STOREFRONT_URL (http://localhost:8000), BACKEND_URL (http://localhost:9000), SANDBOX_URL
 * (http://127.0.0.1:8787), COUNTRY (no), CHROMIUM_PATH (/usr/bin/chromium), ADMIN_EMAIL/ADMIN_PASSWORD
 * (the demo's admin@example.com / supersecret).
 */
import assert from "node:assert/strict"
import { chromium } from "playwright-core"

const mode = process.argv[2] === "embedded" ? "embedded" : "redirect"
const SF = process.env.STOREFRONT_URL ?? "http://localhost:8000"
const BACKEND = process.env.BACKEND_URL ?? "http://localhost:9000"
const SANDBOX = process.env.SANDBOX_URL ?? "http://127.0.0.1:8787"
const COUNTRY = process.env.COUNTRY ?? "no"
const ADMIN = { email: process.env.ADMIN_EMAIL ?? "admin@example.com", password: process.env.ADMIN_PASSWORD ?? "supersecret" }
const TIMEOUT = 60_000
const timings = []

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
})
const admin = await adminApi()
try {
  if (mode === "redirect") {
    await journey("redirect: pay on Dintero's page", redirectPurchase)
    await journey("redirect: declined, then Try again", declineThenRetry)
    await journey("redirect: the return in a second tab", returnInSecondTab)
    await journey("payment link: an order edit's outstanding amount", (ctx) => outstandingAmount(ctx, "redirect"))
    await journey("redirect: a logged-in customer saves the card, then pays with it", (ctx) => savedCardJourney(ctx, "redirect"))
  } else {
    await journey("embedded: pay in the embedded checkout", embeddedPurchase)
    await journey("payment link (embedded): an order edit's outstanding amount", (ctx) => outstandingAmount(ctx, "embedded"))
    await journey("embedded: a logged-in customer saves the card, then pays with it", (ctx) => savedCardJourney(ctx, "embedded"))
  }
  console.log(`\nall ${mode} journeys passed`)
  for (const { name, ms } of timings) console.log(`  Pay → confirmation  ${(ms / 1000).toFixed(2)} s  ${name}`)
} finally {
  await browser.close()
}

async function journey(name, run) {
  const context = await browser.newContext()
  context.setDefaultTimeout(TIMEOUT)
  const started = Date.now()
  try {
    await run({ context, name })
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  } catch (error) {
    console.log(`FAIL ${name}`)
    const page = context.pages().at(-1)
    if (page) console.log(`  at ${page.url()}\n  ${(await page.locator("body").innerText().catch(() => "")).slice(0, 600).replaceAll("\n", " | ")}`)
    throw error
  } finally {
    await context.close()
  }
}

// --- journeys --------------------------------------------------------------------------------

async function redirectPurchase({ context, name }) {
  const page = await context.newPage()
  await fetch(`${SANDBOX}/_sandbox/requests`, { method: "DELETE" })
  const cartId = await checkoutToReview(page)
  await page.getByTestId("submit-order-button").click() // "Pay with Dintero"
  await onHostedPage(page)
  const order = await payAndConfirm(page, name, () => page.click("#pay"))
  await assertPaidOnce(order, cartId)
  await countDinteroRequests(name)
}

async function declineThenRetry({ context, name }) {
  const page = await context.newPage()
  const cartId = await checkoutToReview(page)
  await page.getByTestId("submit-order-button").click()
  const declinedSession = await onHostedPage(page)
  await page.click("#decline")
  await page.getByTestId("dintero-return-declined").waitFor()
  assert.match(await page.getByTestId("dintero-return-message").innerText(), /declined/i)
  await page.getByTestId("dintero-try-again").click()
  await page.waitForURL((url) => url.pathname === `/${COUNTRY}/checkout` && url.searchParams.get("step") === "review")
  await page.getByTestId("submit-order-button").click()
  const retrySession = await onHostedPage(page)
  assert.notEqual(retrySession, declinedSession, "Try again pays a new Dintero session")
  const order = await payAndConfirm(page, name, () => page.click("#pay"))
  await assertPaidOnce(order, cartId)
  const declined = await sandbox(`/_sandbox/sessions/${declinedSession}`)
  assert.ok(declined.transactions.every((tx) => tx.status === "DECLINED" || tx.status === "FAILED"), "the declined session has no paid transaction")
}

async function returnInSecondTab({ context, name }) {
  const first = await context.newPage()
  const cartId = await checkoutToReview(first)
  // The phone opens Dintero (Vipps/MobilePay) in another tab; the first tab keeps the review step.
  const checkoutUrl = (await cart(cartId)).payment_collection.payment_sessions.find((s) => s.provider_id.startsWith("pp_dintero")).data.checkout_url
  const second = await context.newPage()
  await second.goto(checkoutUrl)
  await onHostedPage(second)
  const order = await payAndConfirm(second, name, () => second.click("#pay"))
  // The first tab hears of the order (BroadcastChannel) and shows the confirmation too.
  await first.waitForURL((url) => url.pathname === `/${COUNTRY}/order/${order.id}/confirmed`)
  await assertPaidOnce(order, cartId)
}

async function embeddedPurchase({ context, name }) {
  const page = await context.newPage()
  await fetch(`${SANDBOX}/_sandbox/requests`, { method: "DELETE" })
  const cartId = await checkoutToReview(page)
  const frame = await embeddedFrame(page)
  const order = await payAndConfirm(page, name, () => frame.locator("#pay").click())
  await assertPaidOnce(order, cartId)
  await countDinteroRequests(name)
}

async function savedCardJourney({ context, name }, how) {
  const customer = await registerCustomer()
  // Logged in, as the starter's login form leaves the browser: its _medusa_jwt cookie.
  await context.addCookies([{ name: "_medusa_jwt", value: customer.token, url: SF }])
  const page = await context.newPage()

  // 1. "Save my card for next time", paid on Dintero's page.
  const firstCart = await checkoutToReview(page)
  await page.getByTestId("dintero-save-card").check()
  await until(async () => dinteroSessionOf(await cart(firstCart))?.data?.save_payment_method === true, "a Dintero session that saves the card")
  await page.waitForFunction(() => document.querySelector('[data-testid="dintero-save-card"]')?.checked === true)
  const first = await payWith(page, how, dinteroSessionOf(await cart(firstCart)).data.dintero_session_id, `${name} (saving)`)
  await assertPaidOnce(first, firstCart)
  const { payment_methods: cards } = await storeAs(customer.token, "GET", "/store/dintero/payment-methods")
  assert.equal(cards.length, 1, "one saved card")
  assert.equal(cards[0].masked_pan, "400000******0002")
  assert.ok(!JSON.stringify(cards).includes("payment_token\""), "no token in the store API's answer")

  // 2. The next checkout offers it; the shopper picks it and confirms it on Dintero's page.
  const secondCart = await checkoutToReview(page)
  await page.getByTestId("dintero-saved-card-option").check()
  await until(async () => dinteroSessionOf(await cart(secondCart))?.data?.payment_method_id === cards[0].id, "a Dintero session paying with the saved card")
  await page.waitForFunction(() => document.querySelector('[data-testid="dintero-saved-card-option"]')?.checked === true)
  const second = await payWith(page, how, dinteroSessionOf(await cart(secondCart)).data.dintero_session_id, `${name} (with the saved card)`, (where) =>
    where.locator("#payment_product_type option:checked").innerText().then((text) => assert.match(text, /^Saved card: VISA 400000\*{6}0002/))
  )
  await assertPaidOnce(second, secondCart)
  // At Dintero: the token the first order made paid the second order, and nothing else.
  const savedBy = transactionIdOf(first.payment_collections[0].payments[0])
  const paidWith = transactionIdOf(second.payment_collections[0].payments[0])
  const token = (await sandbox("/_sandbox/payment-tokens")).find((candidate) => candidate.transaction_id === savedBy)
  assert.ok(token, "the first order's payment made a token")
  assert.deepEqual(token.payments, [paidWith], "the second order was paid with the saved token")
}

/**
 * Pays Dintero session `sessionId` of the review step: on Dintero's page, or in the embedded
 * checkout once it shows that session (a new choice of card makes a new one). `check` looks at
 * Dintero's page (or frame) before paying.
 */
async function payWith(page, how, sessionId, name, check = async () => undefined) {
  if (how === "embedded") {
    await page.locator(`[data-testid="dintero-embedded-checkout"] iframe[src*="${sessionId}"]`).waitFor()
    const frame = page.frameLocator(`[data-testid="dintero-embedded-checkout"] iframe[src*="${sessionId}"]`)
    await frame.locator("#pay").waitFor()
    await check(frame)
    return payAndConfirm(page, name, () => frame.locator("#pay").click())
  }
  await page.getByTestId("submit-order-button").click()
  assert.equal(await onHostedPage(page), sessionId, "Dintero's page shows the session of the choice")
  await check(page)
  return payAndConfirm(page, name, () => page.click("#pay"))
}

/** A customer account (what the starter's sign-up form makes), logged in. */
async function registerCustomer() {
  const credentials = { email: `saver-${Date.now()}@example.com`, password: "saver-password" }
  const auth = async (path) => (await (await fetch(`${BACKEND}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(credentials) })).json()).token
  await storeAs(await auth("/auth/customer/emailpass/register"), "POST", "/store/customers", { email: credentials.email, first_name: "Kari", last_name: "Nordmann" })
  return { ...credentials, token: await auth("/auth/customer/emailpass") }
}

async function storeAs(token, method, path, body) {
  const { api_keys } = await admin.get("/admin/api-keys?type=publishable")
  const response = await fetch(`${BACKEND}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "x-publishable-api-key": api_keys[0].token, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await response.json().catch(() => ({}))
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
  return json
}

function dinteroSessionOf(c) {
  return c?.payment_collection?.payment_sessions?.find((session) => session.provider_id.startsWith("pp_dintero"))
}

/** What Dintero's API received during one checkout (the plugin's calls; the Web SDK's are the shopper's browser's). */
async function countDinteroRequests(name) {
  const requests = await sandbox("/_sandbox/requests")
  const paths = requests.map((request) => `${request.method} ${request.path.replace(/T[0-9]{8}\.[A-Za-z0-9]+/g, "{id}")}`)
  console.log(`     ${name}: ${requests.length} Dintero API requests: ${paths.join(", ")}`)
}

async function outstandingAmount({ context, name }, how) {
  // An order paid and captured, then edited in the admin: one more bag of coffee to pay.
  const page = await context.newPage()
  const cartId = await checkoutToReview(page)
  let order
  if (how === "embedded") {
    const frame = await embeddedFrame(page)
    order = await payAndConfirm(page, `${name} (the order)`, () => frame.locator("#pay").click())
  } else {
    await page.getByTestId("submit-order-button").click()
    await onHostedPage(page)
    order = await payAndConfirm(page, `${name} (the order)`, () => page.click("#pay"))
  }
  await assertPaidOnce(order, cartId)
  const payment = (await admin.get(`/admin/orders/${order.id}?fields=*payment_collections.payments`)).order.payment_collections[0].payments[0]
  await admin.post(`/admin/payments/${payment.id}/capture`, {})
  const coffee = (await admin.get(`/admin/products?handle=coffee-beans&fields=*variants`)).products[0].variants[0]
  await admin.post("/admin/order-edits", { order_id: order.id })
  await admin.post(`/admin/order-edits/${order.id}/items`, { items: [{ variant_id: coffee.id, quantity: 1 }] })
  await admin.post(`/admin/order-edits/${order.id}/request`, {})
  await admin.post(`/admin/order-edits/${order.id}/confirm`, {})
  const edited = (await admin.get(`/admin/orders/${order.id}?fields=summary,*payment_collections`)).order
  const open = edited.payment_collections.filter((collection) => collection.status === "not_paid")
  assert.equal(open.length, 1, "the edit leaves one payment collection to pay")
  const outstanding = Number(edited.summary.pending_difference)
  assert.ok(outstanding > 0)
  assert.equal(Number(open[0].amount), outstanding)

  // Medusa Admin's "Copy payment link", without the country (the starter's middleware adds it).
  await page.goto(`${SF}/payment-collection/${open[0].id}?order_id=${order.id}`)
  await page.getByTestId("dintero-collection-amount").waitFor()
  assert.equal(await page.getByTestId("dintero-collection-amount").innerText(), `Outstanding amount: ${nok(outstanding)}`)
  await page.getByTestId("dintero-collection-pay").click()
  let paidAt = Date.now()
  if (how === "embedded") {
    const frame = await embeddedFrame(page)
    paidAt = Date.now()
    await frame.locator("#pay").click()
  } else {
    await onHostedPage(page)
    paidAt = Date.now()
    await page.click("#pay")
  }
  await page.getByTestId("dintero-collection-paid").waitFor()
  timings.push({ name: `${name} (the link)`, ms: Date.now() - paidAt })
  const after = (await admin.get(`/admin/orders/${order.id}?fields=summary,*payment_collections,*payment_collections.payments`)).order
  const collection = after.payment_collections.find((candidate) => candidate.id === open[0].id)
  assert.equal(collection.status, "authorized")
  assert.equal(collection.payments.length, 1, "one Medusa payment for the link")
  assert.equal(Number(collection.payments[0].amount), outstanding)
  const transaction = await sandbox(`/_sandbox/transactions/${transactionIdOf(collection.payments[0])}`)
  assert.equal(transaction.amount, minor(outstanding), "Dintero authorized the outstanding amount")
  assert.equal(transaction.status, "AUTHORIZED")
  // Captured by the merchant, the edit is paid in full.
  await admin.post(`/admin/payments/${collection.payments[0].id}/capture`, {})
  const captured = (await admin.get(`/admin/orders/${order.id}?fields=summary`)).order
  assert.equal(Number(captured.summary.pending_difference), 0, "nothing left to pay")
  const settled = await sandbox(`/_sandbox/transactions/${transactionIdOf(collection.payments[0])}`)
  assert.equal(settled.status, "CAPTURED")
}

// --- steps -----------------------------------------------------------------------------------

/** Product page → cart → address → delivery → Dintero as payment → the review step. Returns the cart id. */
async function checkoutToReview(page) {
  await page.goto(`${SF}/${COUNTRY}/products/wool-sweater`)
  await page.waitForLoadState("networkidle")
  // A click before React hydrates the page does nothing, and a retried click would add two.
  await page.waitForTimeout(1_000)
  await page.getByTestId("add-product-button").click()
  // The cart, as Medusa has it (the header's count can lag behind the server action).
  await until(async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === "_medusa_cart_id")
    return cookie && (await cart(cookie.value)).items?.length === 1
  }, "the sweater in the cart")
  await page.goto(`${SF}/${COUNTRY}/checkout?step=address`)
  await page.getByTestId("shipping-first-name-input").fill("Kari")
  await page.getByTestId("shipping-last-name-input").fill("Nordmann")
  await page.getByTestId("shipping-address-input").fill("Karl Johans gate 1")
  await page.getByTestId("shipping-postal-code-input").fill("0154")
  await page.getByTestId("shipping-city-input").fill("Oslo")
  await page.getByTestId("shipping-country-select").selectOption(COUNTRY)
  await page.getByTestId("shipping-email-input").fill("kari@example.com")
  await page.getByTestId("shipping-phone-input").fill("+4791234567")
  await page.getByTestId("submit-address-button").click()
  await page.waitForURL((url) => url.searchParams.get("step") === "delivery")
  await page.getByTestId("delivery-option-radio").first().click()
  await page.waitForFunction(() => !document.querySelector('[data-testid="submit-delivery-option-button"]')?.hasAttribute("disabled"))
  await page.getByTestId("submit-delivery-option-button").click()
  await page.waitForURL((url) => url.searchParams.get("step") === "payment")
  await page.getByText("Dintero (card", { exact: false }).click()
  await page.getByTestId("submit-payment-button").click()
  await page.waitForURL((url) => url.searchParams.get("step") === "review")
  return cartIdFromCookies(page)
}

async function cartIdFromCookies(page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === "_medusa_cart_id")
  assert.ok(cookie, "the starter keeps the cart id in the _medusa_cart_id cookie")
  return cookie.value
}

/** Waits for Dintero's hosted page (the sandbox's); returns its session id. */
async function onHostedPage(page) {
  await page.waitForURL((url) => url.origin === new URL(SANDBOX).origin && url.pathname.startsWith("/v1/view/"))
  await page.locator("#pay").waitFor()
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop())
}

async function embeddedFrame(page) {
  await page.getByTestId("dintero-embedded-checkout").locator("iframe").waitFor()
  const frame = page.frameLocator('[data-testid="dintero-embedded-checkout"] iframe')
  await frame.locator("#pay").waitFor()
  return frame
}

/** Pays and waits for the starter's order confirmation page; times Pay → confirmation. */
async function payAndConfirm(page, name, pay) {
  const started = Date.now()
  await pay()
  await page.waitForURL((url) => /\/order\/[^/]+\/confirmed$/.test(url.pathname), { timeout: TIMEOUT })
  await page.getByText("Thank you!", { exact: false }).first().waitFor()
  timings.push({ name, ms: Date.now() - started })
  const orderId = new URL(page.url()).pathname.split("/").at(-2)
  return (await admin.get(`/admin/orders/${orderId}?fields=id,display_id,total,payment_status,*payment_collections,*payment_collections.payments`)).order
}

/** The order in Medusa has one authorized payment of its total; Dintero has one authorized transaction of it. */
async function assertPaidOnce(order, cartId) {
  const payments = order.payment_collections.flatMap((collection) => collection.payments)
  assert.equal(payments.length, 1, "one Medusa payment")
  assert.equal(order.payment_status, "authorized")
  assert.equal(Number(payments[0].amount), Number(order.total))
  const transaction = await sandbox(`/_sandbox/transactions/${transactionIdOf(payments[0])}`)
  assert.equal(transaction.amount, minor(order.total))
  assert.equal(transaction.status, "AUTHORIZED")
  assert.equal(transaction.merchant_reference, payments[0].payment_session_id, "Dintero's transaction is this payment session's")
  assert.equal(order.cart_id ?? cartId, cartId)
}

function transactionIdOf(payment) {
  assert.equal(typeof payment.data?.transaction_id, "string", "the Medusa payment names its Dintero transaction")
  return payment.data.transaction_id
}

async function until(check, what, ms = 30_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

// --- APIs ------------------------------------------------------------------------------------

async function cart(cartId) {
  const { api_keys } = await admin.get("/admin/api-keys?type=publishable")
  const response = await fetch(`${BACKEND}/store/carts/${cartId}?fields=*items,*payment_collection.payment_sessions`, { headers: { "x-publishable-api-key": api_keys[0].token } })
  return (await response.json()).cart
}

async function sandbox(path) {
  const response = await fetch(`${SANDBOX}${path}`)
  assert.ok(response.ok, `sandbox ${path}: ${response.status}`)
  return response.json()
}

async function adminApi() {
  const login = await fetch(`${BACKEND}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) })
  const { token } = await login.json()
  const call = async (method, path, body) => {
    const response = await fetch(`${BACKEND}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await response.json().catch(() => ({}))
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  return { get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) }
}

/** As the starter shows amounts (convertToLocale: en-US). */
function nok(amount) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "NOK" }).format(Number(amount))
}

/** Øre, rounded half up as Medusa and the plugin do (149.385 → 14939). */
function minor(amount) {
  return Math.round(Number((Number(amount) * 100).toFixed(6)))
}
