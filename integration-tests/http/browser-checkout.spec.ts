import { mkdirSync } from "node:fs"
import path from "node:path"
import { Browser, BrowserContext, chromium, Locator, Page } from "playwright-core"
import { assertChromium, CHROMIUM, CHROMIUM_ARGS, DEMO_ADMIN as ADMIN, demoAdminApi, type RunningDemo, startDemo } from "../../test-support/demo"
import { Fault, sandboxControl } from "../../test-support/sandbox-control"

jest.setTimeout(240_000)

/*
 * A person buying in the demo storefront (`npm run demo -- --serve`) in a real headless Chromium
 * (Debian's package, driven by playwright-core; no browser download): add to cart, pay on the
 * Dintero sandbox's hosted page, see the order confirmation; then the merchant, in the admin
 * dashboard, sees the Dintero payment on the order page (read live from Dintero, refreshed after a
 * capture), and in Settings → Dintero assigns the sandbox's auto-capture profile to the region,
 * which the next checkout uses. (The storefront's embedded checkout: demo-storefront.spec.ts.)
 *
 * Screenshots of every admin page land in .artifacts/screenshots (git-ignored); the README's
 * "Admin guide" uses copies of them (docs/screenshots).
 */
const root = path.resolve(__dirname, "../..")
const SCREENSHOTS = path.join(root, ".artifacts/screenshots")

let demo: RunningDemo | undefined
let browser: Browser | undefined
let admin: BrowserContext | undefined
let storefrontUrl: string
let backendUrl: string
let sandboxUrl: string
let sandbox: ReturnType<typeof sandboxControl>

beforeAll(async () => {
  assertChromium()
  mkdirSync(SCREENSHOTS, { recursive: true })
  demo = await startDemo()
  ;({ storefrontUrl, backendUrl, sandboxUrl } = demo)
  sandbox = sandboxControl(sandboxUrl)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
})

afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

// --- helpers --------------------------------------------------------------------------------

const adminApi = () => demoAdminApi(backendUrl)

/** A page of the admin dashboard, logged in once per run (the session cookie is kept). */
async function adminPage(): Promise<Page> {
  if (!admin) {
    admin = await browser!.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await admin.newPage()
    await page.goto(`${backendUrl}/app/login`, { timeout: 120_000 })
    await page.fill('input[name="email"]', ADMIN.email, { timeout: 120_000 })
    await page.fill('input[name="password"]', ADMIN.password)
    await page.click('button[type="submit"]')
    await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
    return page
  }
  return admin.newPage()
}

/**
 * A PNG of the whole page, or of one element. The dashboard scrolls inside its own containers,
 * not the document, so the viewport is first made as tall as the tallest of them. Toasts come and
 * go: they are hidden.
 */
async function screenshot(target: Page | Locator, name: string) {
  const file = path.join(SCREENSHOTS, `${name}.png`)
  const page = "goto" in target ? target : target.page()
  const toasters = (display: string) =>
    page.evaluate((value) => document.querySelectorAll<HTMLElement>("[data-sonner-toaster]").forEach((toaster) => (toaster.style.display = value)), display)
  await page.mouse.move(0, 0)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await toasters("none")
  const height = await page.evaluate(() => {
    let tallest = document.documentElement.scrollHeight
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("*"))) {
      const overflow = getComputedStyle(element).overflowY
      if ((overflow === "auto" || overflow === "scroll") && element.scrollHeight > element.clientHeight) {
        tallest = Math.max(tallest, element.getBoundingClientRect().top + element.scrollHeight)
      }
    }
    return Math.ceil(tallest)
  })
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 }
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 4000) })
  await page.waitForTimeout(300)
  await target.screenshot({ path: file })
  await page.setViewportSize(viewport)
  await toasters("")
}

/** Buys one product in the storefront; returns the Dintero session id and the confirmation. */
async function buy(sku: string, paymentProductType?: string): Promise<{ sessionId: string; confirmation: string }> {
  const page = await browser!.newPage()
  await page.goto(storefrontUrl)
  await page.click(`button[data-sku="${sku}"]`)
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
  await page.check("#mode-redirect")
  await page.click("#checkout")
  await page.waitForURL(/\/v1\/view\//)
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "")
  await page.waitForSelector("#pay")
  if (paymentProductType) await page.selectOption("#payment_product_type", paymentProductType)
  await page.click("#pay")
  await page.waitForURL(/\/return\?/)
  const confirmation = (await (await page.waitForSelector("#order-confirmation", { timeout: 60_000 })).textContent()) ?? ""
  await page.close()
  return { sessionId, confirmation }
}

async function latestOrder(api: Awaited<ReturnType<typeof adminApi>>) {
  const { orders } = await api.get("/admin/orders?fields=id,display_id,*payment_collections.payments&order=-created_at&limit=1")
  return orders[0] as { id: string; display_id: number; payment_collections: { payments: { id: string; provider_id: string }[] }[] }
}

/** Waits until the order panel shows `status`, then returns its text. */
async function panelWithStatus(page: Page, status: string): Promise<string> {
  const panel = page.locator('[data-testid="dintero-payment"]')
  await panel.locator('[data-testid="dintero-transaction-status"]', { hasText: new RegExp(`^${status}$`) }).waitFor({ timeout: 120_000 })
  return (await panel.textContent()) ?? ""
}

async function events(page: Page): Promise<string[]> {
  return page.locator('[data-testid="dintero-event"]').evaluateAll((items) => items.map((item) => item.getAttribute("data-event") ?? ""))
}

async function clearFaults() {
  const response = await fetch(`${sandboxUrl}/_sandbox/faults`, { method: "DELETE" })
  expect(response.ok).toBe(true)
}

/** Picks an option of a Medusa UI (Radix) select. */
async function choose(page: Page, trigger: Locator, option: string | RegExp) {
  await trigger.click()
  await page.getByRole("option", { name: option }).click()
}

// --- the shopper ----------------------------------------------------------------------------

it("buys a sweater in the storefront and pays on Dintero's hosted page", async () => {
  const page = await browser!.newPage()
  await page.goto(storefrontUrl)

  await page.click('button[data-sku="SWEATER-M"]')
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
  await page.check("#mode-redirect")
  await page.click("#checkout")

  // Dintero's hosted checkout (the sandbox's), with the order lines built by the plugin.
  await page.waitForURL(/\/v1\/view\//)
  await page.waitForSelector("#pay")
  const checkoutText = await page.textContent("body")
  expect(checkoutText).toContain("Wool sweater")
  expect(checkoutText).toContain("Posten home delivery")
  await page.click("#pay")

  // Back on the storefront's return page: the cart is completed (or found completed by the callback).
  await page.waitForURL(/\/return\?/)
  const confirmation = await page.waitForSelector("#order-confirmation", { timeout: 60_000 })
  expect(await confirmation.textContent()).toMatch(/Thank you! Order #\d+ is confirmed\./)
  await page.screenshot({ path: path.join(SCREENSHOTS, "storefront-confirmation.png") })
})

it("shows the cart again when the shopper cancels on the hosted page", async () => {
  const page = await browser!.newPage()
  await page.goto(storefrontUrl)
  await page.click('button[data-sku="COFFEE-250"]')
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
  await page.check("#mode-redirect")
  await page.click("#checkout")
  await page.waitForURL(/\/v1\/view\//)
  await page.click("#cancel")
  await page.waitForURL(/error=cancelled/)
  expect(await (await page.waitForSelector("#payment-error")).textContent()).toContain("cancelled")
  await page.click("text=Back to the cart")
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
})

// --- the merchant ---------------------------------------------------------------------------

it("shows the Dintero payment live on the order page, and again after a capture (refresh)", async () => {
  const api = await adminApi()
  const order = await latestOrder(api)
  const payment = order.payment_collections[0]!.payments[0]!

  const page = await adminPage()
  await page.goto(`${backendUrl}/app/orders/${order.id}`)

  const text = await panelWithStatus(page, "AUTHORIZED")
  expect(text).toContain("pp_dintero_dintero")
  expect(text).toMatch(/Transaction\s*T12345678\.[0-9A-Za-z]{22}/)
  expect(text).toContain("dintero_psp.creditcard")
  expect(await page.locator('[data-testid="dintero-card"]').textContent()).toContain("400000******0002")
  expect(await page.locator('[data-testid="dintero-profile"]').textContent()).toContain("default")
  expect(await events(page)).toContain("AUTHORIZE")
  const authorized = (await page.locator('[data-testid="dintero-amount-authorized"]').textContent()) ?? ""
  expect(authorized).toMatch(/Authorized.*\d/)
  expect(await page.locator('[data-testid="dintero-amount-captured"]').textContent()).toMatch(/0[.,]00/)
  await screenshot(page, "admin-order-authorized")

  // The merchant captures with the order page's own "Capture payment" button; the panel shows it
  // once refreshed: it reads Dintero again, not Medusa's copy.
  await page.getByRole("button", { name: "Capture payment" }).click()
  await page.getByRole("alertdialog").getByRole("button", { name: "Confirm" }).click()
  await page.getByText(/successfully captured/).waitFor({ timeout: 60_000 })
  const { payment: medusaPayment } = await api.get(`/admin/payments/${payment.id}?fields=id,captured_at`)
  expect(medusaPayment.captured_at).toBeTruthy()
  await page.click('[data-testid="dintero-refresh"]')
  await panelWithStatus(page, "CAPTURED")
  expect(await events(page)).toEqual(expect.arrayContaining(["AUTHORIZE", "CAPTURE"]))
  const captured = (await page.locator('[data-testid="dintero-amount-captured"]').textContent()) ?? ""
  expect(captured.replace("Captured", "")).toBe(authorized.replace("Authorized", ""))
  const capture = page.locator('[data-testid="dintero-event"][data-event="CAPTURE"]')
  expect(await capture.textContent()).toMatch(/Captured/)
  await screenshot(page, "admin-order-captured")
  await screenshot(page.locator('[data-testid="dintero-payment"]'), "admin-order-panel")
  await page.close()
})

it("assigns the auto-capture profile to the region in Settings → Dintero", async () => {
  const api = await adminApi()
  const { regions } = await api.get("/admin/regions?fields=id,name")
  const region = (regions as { id: string; name: string }[]).find((r) => r.name === "Norway")!
  const { sales_channels } = await api.get("/admin/sales-channels?fields=id,name")
  const webShop = (sales_channels as { id: string; name: string }[]).find((c) => c.name === "Web shop")!

  const page = await adminPage()
  await page.goto(`${backendUrl}/app/settings/dintero`)
  const provider = page.locator('[data-testid="dintero-provider"][data-provider-id="pp_dintero_dintero"]')

  // Connection status.
  const status = provider.locator('[data-testid="dintero-status"]')
  await status.locator('[data-testid="dintero-status-token"]', { hasText: "Token OK" }).waitFor({ timeout: 120_000 })
  expect(await status.locator('[data-testid="dintero-status-account"]').textContent()).toMatch(/T12345678\s*Test/)
  expect(await status.locator('[data-testid="dintero-status-signature"]').textContent()).toContain("Secret configured")
  expect(await status.locator('[data-testid="dintero-status-callback"]').textContent()).toContain(
    `${backendUrl}/hooks/dintero/pp_dintero_dintero/callback`
  )
  expect(await status.locator('[data-testid="dintero-status-default-profile"]').textContent()).toContain("default")

  // The account's profiles, live from Dintero (the sandbox's --profiles of demo/run.mjs).
  const profileRows = provider.locator('[data-testid="dintero-profile-row"]')
  await profileRows.first().waitFor()
  expect(await profileRows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-profile-id")))).toEqual(["default", "instant"])
  expect(await provider.locator('[data-testid="dintero-profiles"]').textContent()).toContain("Instant capture (Swish)")
  expect(await provider.locator('[data-testid="dintero-profiles"]').textContent()).toContain("Nordic web shop (cards, Vipps)")

  // Capture on shipment per profile: "When shipped" for the default profile, kept after a reload,
  // then back to the provider option (the demo sets no captureOnShipment: off).
  const captureOf = (profileId: string, hasText?: string | RegExp) =>
    provider.locator(`[data-testid="dintero-capture-on-shipment"][data-profile-id="${profileId}"]`, hasText ? { hasText } : undefined)
  await captureOf("default", "Provider option (off)").waitFor()
  await choose(page, captureOf("default"), /^When shipped$/)
  await page.getByText("Capture on shipment saved").first().waitFor()
  await captureOf("default", "When shipped").and(page.locator(":enabled")).waitFor()
  expect((await api.get("/admin/dintero/profile-settings?provider_id=pp_dintero_dintero")).profile_settings).toEqual([
    expect.objectContaining({ profile_id: "default", capture_on_shipment: "shipment" }),
  ])
  await page.reload()
  await captureOf("default", "When shipped").waitFor()
  expect(await captureOf("instant").textContent()).toContain("Provider option (off)")
  await choose(page, captureOf("default"), /^Provider option/)
  await captureOf("default", "Provider option (off)").and(page.locator(":enabled")).waitFor()
  expect((await api.get("/admin/dintero/profile-settings?provider_id=pp_dintero_dintero")).profile_settings).toEqual([])

  // Assign "instant" to the region.
  const form = provider.locator('[data-testid="dintero-add-assignment"]')
  await choose(page, form.locator('[data-testid="dintero-new-scope"]'), /^Norway/)
  await choose(page, form.locator('[data-testid="dintero-new-profile"]'), /\(instant\)$/)
  await form.locator('[data-testid="dintero-save-assignment"]').click()
  await provider.locator(`[data-testid="dintero-assignment-row"][data-scope="region:${region.id}"][data-profile-id="instant"]`).waitFor()

  // Dintero unreachable while saving: said plainly, nothing saved.
  const faults: Fault[] = [{ path: "^/v1/admin/session/profiles/instant$", method: "GET", status: 503, times: 10 }]
  for (const fault of faults) await sandbox.fault(fault)
  await choose(page, form.locator('[data-testid="dintero-new-scope"]'), /^Web shop/)
  await choose(page, form.locator('[data-testid="dintero-new-profile"]'), /\(instant\)$/)
  await form.locator('[data-testid="dintero-save-assignment"]').click()
  const unavailable = form.locator('[data-testid="dintero-assignment-error"][data-unavailable="true"]')
  await unavailable.waitFor({ timeout: 60_000 })
  expect(await unavailable.textContent()).toContain("Dintero could not be reached")
  await screenshot(page, "admin-settings-save-unavailable")
  await clearFaults()

  // A profile Dintero does not know: the API's message, under the profile field.
  await sandbox.fault({ path: "^/v1/admin/session/profiles/instant$", method: "GET", status: 404, times: 1 })
  await form.locator('[data-testid="dintero-save-assignment"]').click()
  const invalid = form.locator('[data-testid="dintero-assignment-error"]', { hasText: "no payment profile" })
  await invalid.waitFor({ timeout: 60_000 })
  expect(await invalid.textContent()).toContain('Dintero account T12345678 has no payment profile "instant"')
  await screenshot(page, "admin-settings-validation-error")
  await clearFaults()
  let saved = (await api.get("/admin/dintero/profile-assignments?provider_id=pp_dintero_dintero")).profile_assignments
  expect(saved).toEqual([expect.objectContaining({ profile_id: "instant", region_id: region.id, sales_channel_id: null })])

  // Saved once Dintero answers; then removed again (a sales channel assignment would win over the region's).
  await form.locator('[data-testid="dintero-save-assignment"]').click()
  const channelRow = provider.locator(`[data-testid="dintero-assignment-row"][data-scope="sales_channel:${webShop.id}"]`)
  await channelRow.waitFor()
  await channelRow.locator('[data-testid="dintero-assignment-remove"]').click()
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove", exact: true }).click()
  await channelRow.waitFor({ state: "detached" })

  saved = (await api.get("/admin/dintero/profile-assignments?provider_id=pp_dintero_dintero")).profile_assignments
  expect(saved).toEqual([expect.objectContaining({ profile_id: "instant", region_id: region.id, sales_channel_id: null })])
  // As the next visit shows it (and without the toasts).
  await page.reload()
  await provider.locator(`[data-testid="dintero-assignment-row"][data-scope="region:${region.id}"][data-profile-id="instant"]`).waitFor()
  await provider.locator('[data-testid="dintero-status-token"]', { hasText: "Token OK" }).waitFor()
  await screenshot(page, "admin-settings-dintero")

  // Dintero unreachable while reading the profiles: a clear message, assignments read-only.
  await sandbox.fault({ path: "^/v1/admin/session/profiles$", method: "GET", status: 503, times: 20 })
  await page.reload()
  const profilesError = provider.locator('[data-testid="dintero-profiles-error"][data-unavailable="true"]')
  await profilesError.waitFor({ timeout: 60_000 })
  expect(await profilesError.textContent()).toContain("Dintero could not be reached")
  await provider.locator('[data-testid="dintero-assignments-readonly"]').waitFor()
  await screenshot(page, "admin-settings-profiles-unavailable")
  await clearFaults()
  await page.close()
})

it("pays with the region's profile, captured at once, and shows a refund after a refresh", async () => {
  const { sessionId, confirmation } = await buy("COFFEE-250", "swish.swish")
  expect(confirmation).toMatch(/Thank you! Order #\d+ is confirmed\./)
  const session = (await sandbox.session(sessionId)) as { create_request: { body: { profile_id: string } } }
  expect(session.create_request.body.profile_id).toBe("instant")

  const api = await adminApi()
  const order = await latestOrder(api)
  const payment = order.payment_collections[0]!.payments[0]!

  const page = await adminPage()
  await page.goto(`${backendUrl}/app/orders/${order.id}`)
  const text = await panelWithStatus(page, "CAPTURED")
  expect(text).toContain("swish.swish")
  expect(await page.locator('[data-testid="dintero-profile"]').textContent()).toContain("instant")
  expect(await events(page)).toEqual(expect.arrayContaining(["AUTHORIZE", "CAPTURE"]))
  const authorized = (await page.locator('[data-testid="dintero-amount-authorized"]').textContent())?.replace("Authorized", "")
  expect((await page.locator('[data-testid="dintero-amount-captured"]').textContent())?.replace("Captured", "")).toBe(authorized)
  await screenshot(page, "admin-order-auto-captured")

  // The merchant refunds 100 NOK with the order page's refund drawer; the panel shows Dintero's
  // refund once refreshed.
  await page.goto(`${backendUrl}/app/orders/${order.id}/refund?paymentId=${payment.id}`)
  const drawer = page.getByRole("dialog")
  await drawer.locator('input[name="amount"]').fill("100")
  await drawer.getByRole("button", { name: "Save" }).click()
  await drawer.waitFor({ state: "detached", timeout: 60_000 })
  await page.click('[data-testid="dintero-refresh"]')
  await panelWithStatus(page, "PARTIALLY_REFUNDED")
  expect(await events(page)).toEqual(expect.arrayContaining(["AUTHORIZE", "CAPTURE", "REFUND"]))
  expect(await page.locator('[data-testid="dintero-amount-refunded"]').textContent()).toMatch(/100[.,]00/)
  expect(await page.locator('[data-testid="dintero-event"][data-event="REFUND"]').textContent()).toMatch(/Medusa refund ref_/)
  await screenshot(page, "admin-order-refunded")
  await screenshot(page.locator('[data-testid="dintero-payment"]'), "admin-order-panel-refunded")

  // Dintero unreachable: the panel says so (with the last answer it had), and recovers.
  await sandbox.fault({ path: "^/v1/transactions/[^/]+$", method: "GET", status: 503, times: 10 })
  await page.click('[data-testid="dintero-refresh"]')
  const unavailable = page.locator('[data-testid="dintero-payment-error"][data-unavailable="true"]')
  await unavailable.waitFor({ timeout: 60_000 })
  expect(await unavailable.textContent()).toContain("Dintero could not be reached")
  expect(await page.locator('[data-testid="dintero-updated-at"]').textContent()).toContain("Last read from Dintero")
  await screenshot(page.locator('[data-testid="dintero-payment"]'), "admin-order-panel-unavailable")
  await clearFaults()
  await page.click('[data-testid="dintero-refresh"]')
  await unavailable.waitFor({ state: "detached", timeout: 60_000 })
  await panelWithStatus(page, "PARTIALLY_REFUNDED")
  await page.close()
})
