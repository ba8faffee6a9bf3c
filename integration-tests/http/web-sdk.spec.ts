/**
 * Dintero's REAL Web SDK (`@dintero/checkout-web-sdk` from node_modules, its browser bundle served
 * by a local "shop") against a sandbox started here, in a headless Chromium (Debian's package,
 * driven by playwright-core; no browser download, nothing fetched from the internet). The SDK is
 * given `endpoint: <sandbox url>` and used exactly as a shop would: embed() with its handlers,
 * lockSession() / refreshSession(), and redirect().
 *
 * No Medusa app is involved; the file lives with the integration tests because it needs Chromium
 * and takes about ten seconds.
 */
import "../../test-support/symbol-dispose"
import { existsSync } from "node:fs"
import type { DinteroCheckoutInstance } from "@dintero/checkout-web-sdk"
import { type Browser, type BrowserContext, chromium, type FrameLocator, type Page } from "playwright-core"
import { type SandboxHandle, startSandbox } from "../../src/sandbox"
import { SAMPLE_ORDER } from "../../test-support/sample-order"
import { type SandboxApi, sandboxApi } from "../../test-support/sandbox-api"
import { startWebSdkShop, type WebSdkShop } from "../../test-support/web-sdk-shop"

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

type Handler =
  | "onSession"
  | "onPayment"
  | "onPaymentError"
  | "onSessionCancel"
  | "onSessionNotFound"
  | "onSessionLocked"
  | "onSessionLockFailed"
  | "onActivePaymentType"
  | "onValidateSession"

const HANDLERS: Handler[] = [
  "onSession",
  "onPayment",
  "onPaymentError",
  "onSessionCancel",
  "onSessionNotFound",
  "onSessionLocked",
  "onSessionLockFailed",
  "onActivePaymentType",
]

type SdkEvent = Record<string, unknown> & { type: string }

/** The shop page's globals: the SDK's UMD bundle, and what the test's handlers record. */
interface ShopWindow {
  dintero: {
    embed(options: Record<string, unknown>): Promise<DinteroCheckoutInstance>
    redirect(options: Record<string, unknown>): void
  }
  events: { name: Handler; event: SdkEvent }[]
  checkout: DinteroCheckoutInstance
  validate: (result: { success: boolean; clientValidationError?: string }) => void
}

let sandbox: SandboxHandle
let api: SandboxApi
let shop: WebSdkShop
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  ;[sandbox, shop, browser] = await Promise.all([
    startSandbox(),
    startWebSdkShop(),
    chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] }),
  ])
  api = sandboxApi(sandbox.url)
})

afterAll(async () => {
  await browser?.close()
  await shop?.close()
  await sandbox?.stop()
})

beforeEach(async () => {
  context = await browser.newContext()
  page = await context.newPage()
})

afterEach(async () => {
  await context.close()
})

async function createSession(): Promise<string> {
  return api.createSession({ url: { return_url: `${shop.url}/return?cart=c_1` }, order: SAMPLE_ORDER })
}

/** The shop page embeds the session with the SDK; each handler records its event in window.events. */
async function embed(sid: string, options: { handlers?: Handler[]; language?: string } = {}): Promise<FrameLocator> {
  await page.goto(`${shop.url}/`)
  await page.evaluate(
    async ({ sid, endpoint, handlers, language }) => {
      const shopWindow = window as unknown as ShopWindow
      shopWindow.events = []
      const embedOptions: Record<string, unknown> = {
        container: document.getElementById("checkout-container"),
        sid,
        endpoint,
        ...(language ? { language } : {}),
      }
      for (const name of handlers) {
        embedOptions[name] = (event: SdkEvent, _checkout: unknown, callback?: ShopWindow["validate"]) => {
          shopWindow.events.push({ name, event: JSON.parse(JSON.stringify(event)) as SdkEvent })
          if (name === "onValidateSession" && callback) shopWindow.validate = callback
        }
      }
      shopWindow.checkout = await shopWindow.dintero.embed(embedOptions)
    },
    { sid, endpoint: sandbox.url, handlers: options.handlers ?? HANDLERS, language: options.language },
  )
  return page.frameLocator("#checkout-container iframe")
}

/** The `count`-th event a handler received (1-based), once it came. */
async function eventOf(name: Handler, count = 1): Promise<SdkEvent> {
  const handle = await page.waitForFunction(
    ({ name, count }) => (window as unknown as ShopWindow).events.filter((entry) => entry.name === name)[count - 1]?.event,
    { name, count },
    { timeout: 5000 },
  )
  return (await handle.jsonValue()) as SdkEvent
}

async function handlerNames(): Promise<Handler[]> {
  return page.evaluate(() => (window as unknown as ShopWindow).events.map((entry) => entry.name))
}

async function iframeSrc(): Promise<URL> {
  return new URL((await page.locator("#checkout-container iframe").getAttribute("src")) ?? "")
}

async function waitForEmbedResult(): Promise<URL> {
  await page.waitForFunction(() => document.querySelector("#checkout-container iframe")?.getAttribute("src")?.includes("/embedResult/"))
  return iframeSrc()
}

describe("Dintero's Web SDK against the sandbox", () => {
  it("embed() loads <endpoint>/?sid=…&ui=inline: SessionLoaded with the session, a height, acknowledged messages", async () => {
    const sid = await createSession()
    const frame = await embed(sid, { language: "no" })

    const src = await iframeSrc()
    expect(`${src.origin}${src.pathname}`).toBe(`${sandbox.url}/`)
    expect(Object.fromEntries(src.searchParams)).toEqual({ sdk: shop.sdkVersion, ui: "inline", language: "no", sid })

    const loaded = await eventOf("onSession")
    expect(loaded.type).toBe("SessionLoaded")
    expect(loaded.session).toMatchObject({ id: sid, order: { amount: 43870, merchant_reference: "order-1" } })

    await expect(frame.locator("#merchant-reference").textContent()).resolves.toBe("order-1")
    await expect(frame.locator("#total").textContent()).resolves.toBe("438.70 NOK")
    await page.waitForFunction(() => (document.querySelector("#checkout-container iframe")?.getBoundingClientRect().height ?? 0) > 200)

    // The SDK acknowledged what it handled ({ack: mid}), as Dintero's checkout expects.
    type PageRecord = { sent: { type: string; mid: string }[]; acknowledged: string[] }
    const record = await frame.locator("body").evaluate(() => (window as unknown as { dinteroSandbox: PageRecord }).dinteroSandbox)
    expect(record.sent.map((message) => message.type)).toEqual(expect.arrayContaining(["SessionLoaded", "LanguageChanged", "HeightChanged"]))
    const loadedMid = record.sent.find((message) => message.type === "SessionLoaded")?.mid
    expect(record.acknowledged).toContain(loadedMid)
  })

  it("paying in the iframe calls onPayment with the transaction id, then the SDK shows embedResult", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")
    await frame.locator("#pay").click()

    const payment = await eventOf("onPayment")
    const transactionId = sandbox.state.session(sid)?.transaction_id
    expect(transactionId).toBeDefined()
    expect(payment).toMatchObject({ type: "SessionPaymentAuthorized", sid, transaction_id: transactionId, merchant_reference: "order-1" })
    const href = new URL(String(payment.href))
    expect(`${href.origin}${href.pathname}`).toBe(`${shop.url}/return`)
    expect(Object.fromEntries(href.searchParams)).toEqual({ cart: "c_1", transaction_id: transactionId, merchant_reference: "order-1" })
    expect(sandbox.state.transaction(transactionId ?? "")?.status).toBe("AUTHORIZED")

    const result = await waitForEmbedResult()
    expect(`${result.origin}${result.pathname}`).toBe(`${sandbox.url}/embedResult/`)
    expect(result.searchParams.get("transaction_id")).toBe(transactionId)
    expect(result.searchParams.get("sid")).toBe(sid)
    await expect(frame.locator("#message-title").textContent()).resolves.toBe("Payment completed")
    expect(new URL(page.url()).pathname).toBe("/")
  })

  it("putting the payment on hold calls onPayment with SessionPaymentOnHold", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")
    await frame.locator("summary").click()
    await frame.locator("#on-hold").click()

    const payment = await eventOf("onPayment")
    const transactionId = sandbox.state.session(sid)?.transaction_id
    expect(payment).toMatchObject({ type: "SessionPaymentOnHold", transaction_id: transactionId, merchant_reference: "order-1" })
    expect(sandbox.state.transaction(transactionId ?? "")?.status).toBe("ON_HOLD")
  })

  it("a declined payment calls onPaymentError with error=authorization", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")
    await frame.locator("#decline").click()

    const failure = await eventOf("onPaymentError")
    expect(failure).toMatchObject({ type: "SessionPaymentError", error: "authorization", merchant_reference: "order-1" })
    expect(sandbox.state.transaction(String(failure.transaction_id))?.status).toBe("DECLINED")
    expect(new URL(String(failure.href)).searchParams.get("error")).toBe("authorization")
    expect((await waitForEmbedResult()).searchParams.get("error")).toBe("authorization")
    await expect(frame.locator("#message-title").textContent()).resolves.toBe("Payment declined")
    expect(await handlerNames()).not.toContain("onPayment")
  })

  it("a failed payment calls onPaymentError with error=failed", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")
    await frame.locator("summary").click()
    await frame.locator("#fail").click()

    const failure = await eventOf("onPaymentError")
    expect(failure).toMatchObject({ type: "SessionPaymentError", error: "failed" })
    expect(sandbox.state.transaction(String(failure.transaction_id))?.status).toBe("FAILED")
  })

  it("cancel calls onSessionCancel and cancels the session", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")
    await frame.locator("#cancel").click()

    const cancel = await eventOf("onSessionCancel")
    expect(cancel).toMatchObject({ type: "SessionCancel", merchant_reference: "order-1" })
    expect(new URL(String(cancel.href)).searchParams.get("error")).toBe("cancelled")
    expect(sandbox.state.session(sid)?.cancelled_at).toBeDefined()
    expect((await waitForEmbedResult()).searchParams.get("error")).toBe("cancelled")
    await expect(frame.locator("#message-title").textContent()).resolves.toBe("Payment cancelled")
  })

  it("an unknown session id calls onSessionNotFound", async () => {
    const frame = await embed("T12345678.doesnotexist000000000000")
    const notFound = await eventOf("onSessionNotFound")
    expect(notFound.type).toBe("SessionNotFound")
    await expect(frame.locator("#message-title").textContent()).resolves.toBe("Session not found")
    expect(await handlerNames()).not.toContain("onSession")
  })

  it("lockSession() resolves with the pay lock, and paying is refused while locked", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")

    const locked = (await page.evaluate(() => (window as unknown as ShopWindow).checkout.lockSession())) as unknown as SdkEvent
    expect(locked.type).toBe("SessionLocked")
    const lockEvent = sandbox.state.session(sid)?.events.find((event) => event.name === "PAY_LOCK_START")
    expect(locked.pay_lock_id).toBe(lockEvent?.details?.pay_lock_id)
    expect((await eventOf("onSessionLocked")).pay_lock_id).toBe(locked.pay_lock_id)

    await expect(frame.locator("#pay").isDisabled()).resolves.toBe(true)
    await expect(frame.locator("#lock-notice").isVisible()).resolves.toBe(true)
    // Around the disabled button: a submit anyway, the page's own endpoint and the hosted form all refuse.
    await frame.locator("#checkout").evaluate((form) => (form as HTMLFormElement).requestSubmit())
    await frame.locator("#checkout-status", { hasText: "Paying is disabled" }).waitFor()
    const refused = await frame.locator("body").evaluate(async (_body, sessionId) => {
      const response = await fetch(`/v1/view/${encodeURIComponent(sessionId)}/session/pay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ outcome: "authorize" }),
      })
      return { status: response.status, body: (await response.json()) as { error: { message: string } } }
    }, sid)
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toContain("locked")
    const form = await fetch(`${sandbox.url}/v1/view/${sid}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "outcome=authorize",
      redirect: "manual",
    })
    expect(form.status).toBe(400)
    expect(sandbox.state.session(sid)?.transaction_id).toBeUndefined()
    expect(sandbox.state.transactions().filter((transaction) => transaction.session_id === sid)).toEqual([])
    expect(await handlerNames()).not.toContain("onPayment")
  })

  it("lockSession() rejects with SessionLockFailed when the sandbox cannot lock", async () => {
    const sid = await createSession()
    await embed(sid)
    await eventOf("onSession")
    const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/session/lock$", status: 503 }),
    })
    expect(fault.status).toBe(201)

    const outcome = await page.evaluate(() =>
      (window as unknown as ShopWindow).checkout.lockSession().then(
        () => "resolved",
        (reason: unknown) => String(reason),
      ),
    )
    expect(outcome).toBe("Received unexpected event: SessionLockFailed")
    expect((await eventOf("onSessionLockFailed")).type).toBe("SessionLockFailed")
  })

  it("refreshSession() after PUT /v1/sessions/{id} shows the updated order, which can then be paid", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")
    await page.evaluate(() => (window as unknown as ShopWindow).checkout.lockSession())

    const update = await api.updateSession(sid, {
      order: {
        amount: 48890,
        currency: "NOK",
        vat_amount: 9778,
        items: [
          { id: "sku-chair", line_id: "1", description: "Chair", quantity: 1, amount: 29990, vat_amount: 5998, vat: 25 },
          { id: "sku-lamp", line_id: "3", description: "Lamp", quantity: 1, amount: 15000, vat_amount: 3000, vat: 25 },
        ],
        shipping_option: SAMPLE_ORDER.shipping_option,
      },
    })
    expect(update.status).toBe(200)

    const updated = (await page.evaluate(() => (window as unknown as ShopWindow).checkout.refreshSession())) as unknown as SdkEvent
    expect(updated.type).toBe("SessionUpdated")
    expect(updated.session).toMatchObject({ id: sid, order: { amount: 48890 } })
    expect(await eventOf("onSession", 2)).toMatchObject({ type: "SessionUpdated", session: { order: { amount: 48890 } } })

    await expect(frame.locator("#total").textContent()).resolves.toBe("488.90 NOK")
    await expect(frame.locator("#order-lines").textContent()).resolves.toContain("Lamp")
    await expect(frame.locator("#order-lines").textContent()).resolves.not.toContain("Cup")
    await expect(frame.locator("#pay").isDisabled()).resolves.toBe(false)
    await expect(frame.locator("#lock-notice").isVisible()).resolves.toBe(false)

    await frame.locator("#pay").click()
    const payment = await eventOf("onPayment")
    expect(sandbox.state.transaction(String(payment.transaction_id))?.amount).toBe(48890)
  })

  it("onValidateSession holds the payment until the shop answers", async () => {
    const sid = await createSession()
    const frame = await embed(sid, { handlers: [...HANDLERS, "onValidateSession"] })
    expect((await iframeSrc()).searchParams.get("client_side_validation")).toBe("true")
    await eventOf("onSession")

    await frame.locator("#pay").click()
    expect((await eventOf("onValidateSession")).session).toMatchObject({ id: sid })
    await page.evaluate(() => (window as unknown as ShopWindow).validate({ success: false, clientValidationError: "Out of stock" }))
    await frame.locator("#checkout-status", { hasText: "Out of stock" }).waitFor()
    expect(sandbox.state.session(sid)?.transaction_id).toBeUndefined()

    await frame.locator("#pay").click()
    await eventOf("onValidateSession", 2)
    await page.evaluate(() => (window as unknown as ShopWindow).validate({ success: true }))
    const payment = await eventOf("onPayment")
    expect(payment.transaction_id).toBe(sandbox.state.session(sid)?.transaction_id)
  })

  it("setActivePaymentProductType() selects the method, and onActivePaymentType reports it", async () => {
    const sid = await createSession()
    const frame = await embed(sid)
    await eventOf("onSession")

    await page.evaluate(() => (window as unknown as ShopWindow).checkout.setActivePaymentProductType("vipps"))
    expect(await eventOf("onActivePaymentType")).toMatchObject({ type: "ActivePaymentProductType", payment_product_type: "vipps" })
    await expect(frame.locator("#payment_product_type").inputValue()).resolves.toBe("vipps")

    await frame.locator("#payment_product_type").selectOption("klarna.klarna")
    expect(await eventOf("onActivePaymentType", 2)).toMatchObject({ payment_product_type: "klarna.klarna" })
    await frame.locator("#pay").click()
    const payment = await eventOf("onPayment")
    expect(sandbox.state.transaction(String(payment.transaction_id))?.payment_product_type).toBe("klarna.klarna")
  })

  it("without onPayment the SDK follows href to the return_url", async () => {
    const sid = await createSession()
    const frame = await embed(sid, { handlers: ["onSession"] })
    await eventOf("onSession")
    await frame.locator("#pay").click()

    await page.waitForURL((url) => url.pathname === "/return")
    const returned = new URL(page.url())
    expect(Object.fromEntries(returned.searchParams)).toEqual({
      cart: "c_1",
      transaction_id: sandbox.state.session(sid)?.transaction_id,
      merchant_reference: "order-1",
    })
  })

  it("redirect() lands on the payable page, and paying returns to return_url with transaction_id", async () => {
    const sid = await createSession()
    await page.goto(`${shop.url}/`)
    await page.evaluate(
      ({ sid, endpoint }) => (window as unknown as ShopWindow).dintero.redirect({ sid, endpoint }),
      { sid, endpoint: sandbox.url },
    )
    await page.waitForURL((url) => url.origin === sandbox.url)
    const landed = new URL(page.url())
    expect(landed.pathname).toBe("/")
    expect(Object.fromEntries(landed.searchParams)).toEqual({ sdk: shop.sdkVersion, sid })
    await expect(page.locator("#merchant-reference").textContent()).resolves.toBe("order-1")

    await page.locator("#pay").click()
    await page.waitForURL((url) => url.pathname === "/return")
    const returned = new URL(page.url())
    const transactionId = sandbox.state.session(sid)?.transaction_id
    expect(transactionId).toBeDefined()
    expect(Object.fromEntries(returned.searchParams)).toEqual({ cart: "c_1", transaction_id: transactionId, merchant_reference: "order-1" })
  })
})
