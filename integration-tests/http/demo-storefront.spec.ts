import "../../test-support/symbol-dispose"
import BigNumber from "bignumber.js"
import { mkdirSync } from "node:fs"
import path from "node:path"
import { type Browser, chromium, type FrameLocator, type Page } from "playwright-core"
import { sandboxControl } from "../../test-support/sandbox-control"
import { assertChromium, CHROMIUM, CHROMIUM_ARGS, type DemoAdminApi, demoAdminApi, type RunningDemo, startDemo } from "../../test-support/demo"

jest.setTimeout(240_000)

/*
 * The demo storefront (`npm run demo -- --serve`, demo/storefront/index.html) in a real headless
 * Chromium, in both of its checkout modes: "Pay on Dintero's page" (redirect, then the return page)
 * and "Pay here" (Dintero's checkout embedded with the real Web SDK from node_modules and the
 * plugin's storefront helper, both served by the demo). Each journey ends with the storefront's
 * order confirmation, checked against the order in Medusa and the transaction at Dintero.
 *
 * The screenshot of the embedded checkout lands in .artifacts/screenshots (git-ignored);
 * docs/screenshots/storefront-embedded.png is a copy of it.
 */
const root = path.resolve(__dirname, "../..")
const SCREENSHOTS = path.join(root, ".artifacts/screenshots")

let demo: RunningDemo | undefined
let browser: Browser | undefined
let admin: DemoAdminApi
let sandbox: ReturnType<typeof sandboxControl>

beforeAll(async () => {
  assertChromium()
  mkdirSync(SCREENSHOTS, { recursive: true })
  ;[demo, browser] = await Promise.all([startDemo(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })])
  admin = await demoAdminApi(demo.backendUrl)
  sandbox = sandboxControl(demo.sandboxUrl)
})

afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

// --- helpers --------------------------------------------------------------------------------

type SandboxSession = {
  session: { id: string; cancelled_at?: string; transaction_id?: string; order: { amount: number } }
  locked: boolean
  transactions: { id: string; amount: number; status: string }[]
}

/** A fresh shopper (own browser context: own localStorage) on the storefront, with these products in the cart. */
async function shopperWith(...skus: string[]): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 900, height: 900 } })
  const page = await context.newPage()
  await page.goto(demo!.storefrontUrl)
  for (const [index, sku] of skus.entries()) {
    await page.click(`button[data-sku="${sku}"]`)
    await page.waitForFunction((count) => document.querySelector("#cart-count")?.textContent === String(count), index + 1)
  }
  return page
}

type Cart = { id: string; total: number; items: { variant_sku: string; quantity: number }[] }

/** The storefront's cart id (while the page is on the storefront's origin). */
const cartIdOf = (page: Page) => page.evaluate(() => localStorage.getItem("cart_id"))

/** The shopper's cart, as the store API has it now. */
async function cartOf(pageOrCartId: Page | string): Promise<Cart> {
  const cartId = typeof pageOrCartId === "string" ? pageOrCartId : await cartIdOf(pageOrCartId)
  const response = await fetch(`${demo!.backendUrl}/store/carts/${cartId}`, { headers: { "x-publishable-api-key": demo!.publishableKey } })
  expect(response.status).toBe(200)
  return ((await response.json()) as { cart: Cart }).cart
}

/** "Pay here": Dintero's checkout in the storefront's page, once it shows the order. */
async function payHere(page: Page): Promise<FrameLocator> {
  await page.check("#mode-embedded")
  await page.click("#checkout")
  const frame = page.frameLocator("#dintero-checkout iframe")
  await frame.locator("#pay").waitFor()
  return frame
}

/** The Dintero session the embedded checkout shows (the `sid` of its iframe). */
async function embeddedSessionId(page: Page): Promise<string> {
  const src = await page.locator("#dintero-checkout iframe").getAttribute("src")
  return new URL(src ?? "").searchParams.get("sid") ?? ""
}

/** Medusa's total (exact decimals, e.g. 210.635) in øre, rounded as Dintero is given it; and as its checkout shows it. */
const minor = (total: number) => new BigNumber(total).shiftedBy(2).integerValue(BigNumber.ROUND_HALF_UP).toNumber()
const nok = (total: number) => `${(minor(total) / 100).toFixed(2)} NOK`

/** The storefront's confirmation, and the order it names as Medusa has it. */
async function confirmedOrder(page: Page) {
  const confirmation = page.locator("#order-confirmation")
  await confirmation.waitFor({ timeout: 60_000 })
  expect(await confirmation.textContent()).toMatch(/Thank you! Order #\d+ is confirmed\./)
  const orderId = (await confirmation.getAttribute("data-order-id")) ?? ""
  const { order } = await admin.get(`/admin/orders/${orderId}?fields=id,display_id,total,*items,*payment_collections.payments`)
  expect(await confirmation.textContent()).toContain(`Order #${order.display_id} `)
  return order as { id: string; total: number; items: { variant_sku: string; quantity: number }[]; payment_collections: { payments: { data: { dintero_session_id: string } }[] }[] }
}

async function sandboxSession(sessionId: string): Promise<SandboxSession> {
  return (await sandbox.session(sessionId)) as unknown as SandboxSession
}

// --- the journeys ----------------------------------------------------------------------------

it("buys on Dintero's page (redirect): the return page completes the cart and shows the order", async () => {
  const page = await shopperWith("SWEATER-M")
  const cartId = (await cartIdOf(page))!
  await page.check("#mode-redirect")
  await page.click("#checkout")

  // Dintero's hosted page (the sandbox's), at the payment session's checkout_url.
  await page.waitForURL((url) => url.origin === demo!.sandboxUrl && url.pathname.startsWith("/v1/view/"))
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "")
  const cart = await cartOf(cartId)
  expect(await page.textContent("#total")).toBe(nok(cart.total))
  await page.click("#pay")

  await page.waitForURL((url) => url.origin === demo!.storefrontUrl && url.pathname === "/return")
  expect(new URL(page.url()).searchParams.get("cart_id")).toBe(cart.id)
  const order = await confirmedOrder(page)
  expect(order.total).toBe(cart.total)
  const { session, transactions } = await sandboxSession(sessionId)
  expect(transactions).toEqual([expect.objectContaining({ id: session.transaction_id, amount: minor(cart.total), status: "AUTHORIZED" })])
  expect(await page.evaluate(() => localStorage.getItem("cart_id"))).toBeNull()
  await page.context().close()
})

it("buys now with Express from the product page: address, shipping and a discount code in Dintero's checkout end up on the order", async () => {
  const context = await browser!.newContext({ viewport: { width: 900, height: 1200 } })
  const page = await context.newPage()
  await page.goto(demo!.storefrontUrl)
  await page.click('button[data-express-sku="SWEATER-M"]')
  await page.waitForURL((url) => url.origin === demo!.sandboxUrl && url.pathname.startsWith("/v1/view/"))
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "")
  expect(await page.isDisabled("#pay")).toBe(true)

  // The address: Dintero calls the store's address callback and shows Medusa's options.
  for (const [field, value] of Object.entries({ first_name: "Ola", last_name: "Nordmann", address_line: "Bryggen 5", postal_code: "5003", postal_place: "Bergen", email: "ola@example.com" })) {
    await page.fill(`#address-${field}`, value)
  }
  await page.click("#express-address-submit")
  await page.locator("#express-shipping input[name=line_id]").first().waitFor()
  await page.check("#express-shipping input[name=line_id] >> nth=0")
  await page.click("#express-shipping-submit")
  await page.locator("#express-discounts").waitFor()
  await page.fill("#discount-codes", "TENOFF")
  await page.click("#express-discount-submit")
  await page.waitForFunction(() => (document.querySelector("#discount-codes") as HTMLInputElement | null)?.value === "TENOFF")
  const { session } = await sandboxSession(sessionId)
  expect(await page.textContent("#total")).toBe(`${(session.order.amount / 100).toFixed(2)} NOK`)
  await page.click("#pay")

  await page.waitForURL((url) => url.origin === demo!.storefrontUrl && url.pathname === "/return")
  expect(new URL(page.url()).searchParams.get("dintero_express")).toBe("1")
  const order = await confirmedOrder(page)
  const { transactions } = await sandboxSession(sessionId)
  expect(transactions).toEqual([expect.objectContaining({ amount: session.order.amount, status: "AUTHORIZED" })])
  expect(minor(order.total)).toBe(session.order.amount)
  const { order: full } = await admin.get(`/admin/orders/${order.id}?fields=id,email,*shipping_address,*shipping_methods,*items`)
  expect(full.shipping_address).toMatchObject({ city: "Bergen", postal_code: "5003", address_1: "Bryggen 5" })
  expect(full.email).toBe("ola@example.com")
  expect(full.shipping_methods).toHaveLength(1)
  expect(full.items.map((item: { variant_sku: string; quantity: number }) => [item.variant_sku, item.quantity])).toEqual([["SWEATER-M", 1]])
  await context.close()
})

it("buys with Dintero's checkout embedded in the storefront (Pay here), without leaving the page", async () => {
  const page = await shopperWith("SWEATER-M", "COFFEE-250")
  const frame = await payHere(page)
  const cart = await cartOf(page)

  // Dintero's Web SDK loaded the sandbox (the endpoint is the origin of the session's checkout_url).
  const src = new URL((await page.locator("#dintero-checkout iframe").getAttribute("src")) ?? "")
  expect(src.origin).toBe(demo!.sandboxUrl)
  expect(src.searchParams.get("ui")).toBe("inline")
  expect(await frame.locator("#total").textContent()).toBe(nok(cart.total))
  expect(await frame.locator("#order-lines").textContent()).toEqual(expect.stringContaining("Wool sweater"))
  const sessionId = await embeddedSessionId(page)
  await page.waitForFunction(() => (document.querySelector("#dintero-checkout iframe")?.getBoundingClientRect().height ?? 0) > 300)
  await page.screenshot({ path: path.join(SCREENSHOTS, "storefront-embedded.png"), fullPage: true })

  await frame.locator("#pay").click()
  const order = await confirmedOrder(page)
  expect(new URL(page.url()).pathname).toBe("/")
  expect(order.total).toBe(cart.total)
  expect(order.payment_collections[0]!.payments[0]!.data.dintero_session_id).toBe(sessionId)
  const { session, transactions } = await sandboxSession(sessionId)
  expect(transactions).toEqual([expect.objectContaining({ id: session.transaction_id, amount: minor(cart.total), status: "AUTHORIZED" })])
  expect(await page.evaluate(() => localStorage.getItem("cart_id"))).toBeNull()
  await page.context().close()
})

it("shows the new total in the embedded checkout when the cart changes, and the order has that total", async () => {
  const page = await shopperWith("COFFEE-250")
  const frame = await payHere(page)
  const before = await cartOf(page)
  const firstSessionId = await embeddedSessionId(page)
  expect(await frame.locator("#total").textContent()).toBe(nok(before.total))

  // "+1" on the checkout panel: checkout.updateCart() locks Dintero's checkout, the cart changes,
  // Medusa drops the payment session (new total), the storefront creates one, the helper mounts it.
  await page.click('button[data-add-one="COFFEE-250"]')
  await page.locator('#checkout-summary .quantity', { hasText: /^2$/ }).waitFor()
  const after = await cartOf(page)
  expect(after.total).toBeGreaterThan(before.total)
  expect(after.items).toEqual([expect.objectContaining({ variant_sku: "COFFEE-250", quantity: 2 })])
  await frame.locator("#total", { hasText: nok(after.total) }).waitFor()
  expect(await page.textContent("#status")).toBe("")
  const secondSessionId = await embeddedSessionId(page)
  expect(secondSessionId).not.toBe(firstSessionId)
  // The first Dintero session was locked before the change and cancelled with its payment session: never paid.
  const first = await sandboxSession(firstSessionId)
  expect(first.session.cancelled_at).toBeDefined()
  expect(first.transactions).toEqual([])
  expect(await frame.locator("#pay").isDisabled()).toBe(false)

  await frame.locator("#pay").click()
  const order = await confirmedOrder(page)
  expect(order.total).toBe(after.total)
  expect(order.items).toEqual([expect.objectContaining({ variant_sku: "COFFEE-250", quantity: 2 })])
  const { session, transactions } = await sandboxSession(secondSessionId)
  expect(session.order.amount).toBe(minor(after.total))
  expect(transactions).toEqual([expect.objectContaining({ id: session.transaction_id, amount: minor(after.total), status: "AUTHORIZED" })])
  await page.context().close()
})

it("says why when the embedded payment is declined, keeps the cart, and can pay again", async () => {
  const page = await shopperWith("COFFEE-250")
  const frame = await payHere(page)
  await frame.locator("#decline").click()
  const error = page.locator("#payment-error")
  await error.waitFor()
  expect(await error.getAttribute("data-outcome")).toBe("declined")
  expect(await error.textContent()).toContain("declined")

  await page.click("text=Back to the cart")
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
  const cart = await cartOf(page)
  const again = await payHere(page)
  await again.locator("#pay").click()
  expect((await confirmedOrder(page)).total).toBe(cart.total)
  await page.context().close()
})

it("shows the order in the tab with the embedded checkout when the return page made it in another tab", async () => {
  // Vipps/MobilePay on a phone: the return opens in a new tab, which completes the cart and
  // announces the order (announceOrder); the tab with the checkout is listening (listenForOrder).
  const page = await shopperWith("SWEATER-M")
  await payHere(page)
  const sessionId = await embeddedSessionId(page)
  const { redirect_url } = await sandbox.pay(sessionId, "authorize")

  const returnTab = await page.context().newPage()
  await returnTab.goto(redirect_url)
  const order = await confirmedOrder(returnTab)
  const shown = await confirmedOrder(page)
  expect(shown.id).toBe(order.id)
  expect(new URL(page.url()).pathname).toBe("/")
  await page.context().close()
})
