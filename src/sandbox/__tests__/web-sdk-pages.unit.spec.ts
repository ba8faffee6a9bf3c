/**
 * The URLs and endpoints behind Dintero's Web SDK, over HTTP without a browser: the pages the SDK
 * loads for a custom endpoint, embedResult, and the JSON endpoints the embedded page calls. The
 * real SDK in a real browser is exercised by integration-tests/http/web-sdk.spec.ts.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON asserted field by field */
import type { SandboxHandle } from "../index"
import { Client, request, sessionBody, start } from "./helpers"

/** The JSON the server embeds in the embedded page for its script. */
function pageConfig(page: string): any {
  const match = /<script type="application\/json" id="dintero-sandbox-config">([\s\S]*?)<\/script>/.exec(page)
  if (!match) throw new Error("no config in the page")
  return JSON.parse(match[1] ?? "")
}

describe("sandbox pages for Dintero's Web SDK", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start()
    client = new Client(sandbox)
  })
  afterAll(async () => {
    await sandbox.stop()
  })

  const page = (path: string) => request(`${sandbox.url}${path}`)
  const pagePost = (id: string, path: string, body?: unknown) =>
    request(`${sandbox.url}/v1/view/${id}${path}`, { method: "POST", ...(body === undefined ? {} : { body }) })

  describe("the URLs the SDK builds for a custom endpoint", () => {
    it("still answers GET / without sid with the pointer to the API", async () => {
      const reply = await page("/")
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({
        name: "dintero-sandbox",
        api: `${sandbox.url}/v1`,
        control: `${sandbox.url}/_sandbox`,
        account_id: "T12345678",
      })
    })

    it("serves embed()'s <endpoint>/?sid=…&ui=inline as the embedded page, with the same button ids", async () => {
      const id = await client.createSession()
      const reply = await page(`/?sdk=0.8.30&ui=inline&language=no&sid=${id}`)
      expect(reply.status).toBe(200)
      expect(reply.headers.get("content-type")).toContain("text/html")
      for (const hook of ["merchant-reference", "order-lines", "total", "payment_product_type", "pay", "decline", "cancel", "fail", "on-hold"]) {
        expect(reply.text).toContain(`id="${hook}"`)
      }
      expect(reply.text).toContain('<body class="embedded">')
      const config = pageConfig(reply.text)
      expect(config).toMatchObject({ sid: id, state: "payable", language: "no", clientSideValidation: false })
      expect(config.session).toMatchObject({ id, order: { amount: 43870 } })
      expect(sandbox.state.session(id)?.events.map((event) => event.name)).toContain("VISITED")
    })

    it("serves redirect()'s <endpoint>/?sid=… as the hosted page, without script", async () => {
      const id = await client.createSession()
      const reply = await page(`/?sdk=0.8.30&sid=${id}`)
      expect(reply.status).toBe(200)
      expect(reply.text).toContain('<button id="pay" type="submit" name="outcome" value="authorize">Pay</button>')
      expect(reply.text).toContain(`action="/v1/view/${id}/pay"`)
      expect(reply.text).not.toMatch(/<script/)
    })

    it("serves the embedded page at /v1/view/{id}?ui=inline too (SDK before 0.6.0, Dintero's URL shape)", async () => {
      const id = await client.createSession()
      const embedded = await page(`/v1/view/${id}?sdk=0.5.0&ui=inline`)
      expect(pageConfig(embedded.text)).toMatchObject({ sid: id, state: "payable" })
      const hosted = await page(`/v1/view/${id}`)
      expect(hosted.text).not.toMatch(/<script/)
    })

    it("passes client_side_validation and hide_test_message on", async () => {
      const id = await client.createSession()
      const reply = await page(`/?sdk=0.8.30&ui=inline&client_side_validation=true&hide_test_message=true&sid=${id}`)
      expect(pageConfig(reply.text).clientSideValidation).toBe(true)
      expect(reply.text).not.toContain("No real payment is made")
      expect((await page(`/?sdk=0.8.30&ui=inline&sid=${id}`)).text).toContain("No real payment is made")
    })

    it("tells the script the session is not found (unknown or expired), paid or cancelled", async () => {
      const unknown = await page("/?sdk=0.8.30&ui=inline&sid=T12345678.nope")
      expect(unknown.status).toBe(404)
      expect(pageConfig(unknown.text)).toEqual({ sid: "T12345678.nope", state: "not_found", language: "en", clientSideValidation: false })

      const expired = await client.createSession()
      await client.control("POST", `/sessions/${expired}/expire`)
      const expiredPage = await page(`/?ui=inline&sid=${expired}`)
      expect(expiredPage.status).toBe(410)
      expect(pageConfig(expiredPage.text).state).toBe("expired")

      const { sessionId: paid } = await client.paidSession()
      expect(pageConfig((await page(`/?ui=inline&sid=${paid}`)).text).state).toBe("paid")

      const cancelled = await client.createSession()
      await client.control("POST", `/sessions/${cancelled}/pay`, { outcome: "cancel" })
      expect(pageConfig((await page(`/?ui=inline&sid=${cancelled}`)).text).state).toBe("cancelled")
    })

    it("keeps the page's data out of the script: '<' is escaped in the embedded JSON", async () => {
      const id = await client.createSession({ order: { merchant_reference: "</script><script>alert(1)</script>" } })
      const reply = await page(`/?ui=inline&sid=${id}`)
      expect(reply.text).not.toContain("</script><script>alert(1)")
      expect(pageConfig(reply.text).session.order.merchant_reference).toBe("</script><script>alert(1)</script>")
    })

    it("serves <endpoint>/embedResult/ with the outcome the SDK put in the query", async () => {
      const done = await page("/embedResult/?sid=T12345678.x&merchant_reference=order-1&transaction_id=T12345678.t&language=en&sdk=0.8.30")
      expect(done.status).toBe(200)
      expect(done.text).toContain('<h2 id="message-title">Payment completed</h2>')
      expect(done.text).toContain('data-transaction-id="T12345678.t"')
      expect(pageConfig(done.text)).toMatchObject({ sid: "T12345678.x", state: "result" })
      expect((await page("/embedResult/?sid=s&error=authorization")).text).toContain("Payment declined")
      expect((await page("/embedResult/?sid=s&error=failed")).text).toContain("Payment failed")
      expect((await page("/embedResult/?sid=s&error=cancelled")).text).toContain("Payment cancelled")
      expect((await page("/embedResult?sid=s&error=<x>")).text).toContain("&lt;x&gt;")
    })
  })

  describe("lock and refresh (lockSession / refreshSession)", () => {
    it("locks with Dintero's answer shape, keeps one lock, and records PAY_LOCK_START", async () => {
      const id = await client.createSession()
      const first = await pagePost(id, "/session/lock")
      expect(first.status).toBe(200)
      expect(first.body).toEqual({ pay_lock: { pay_lock_id: expect.any(String) } })
      const second = await pagePost(id, "/session/lock")
      expect(second.body.pay_lock.pay_lock_id).toBe(first.body.pay_lock.pay_lock_id)
      const starts = sandbox.state.session(id)?.events.filter((event) => event.name === "PAY_LOCK_START") ?? []
      expect(starts).toHaveLength(1)
      expect(starts[0]?.details).toEqual({ pay_lock_id: first.body.pay_lock.pay_lock_id })
      expect((await client.control("GET", `/sessions/${id}`)).body.locked).toBe(true)
      // The request is a /v1 request: logged, and subject to faults.
      expect(sandbox.state.requests().some((entry) => entry.path === `/v1/view/${id}/session/lock`)).toBe(true)
    })

    it("refuses to lock an unknown (404) or a paid session (400)", async () => {
      expect((await pagePost("T12345678.nope", "/session/lock")).status).toBe(404)
      const { sessionId } = await client.paidSession()
      const reply = await pagePost(sessionId, "/session/lock")
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toContain("already been paid")
    })

    it("refuses every way of paying a locked session, and shows its buttons disabled", async () => {
      const id = await client.createSession()
      await pagePost(id, "/session/lock")
      const fromPage = await pagePost(id, "/session/pay", { outcome: "authorize" })
      expect(fromPage.status).toBe(400)
      expect(fromPage.body.error.message).toContain("locked")
      expect((await client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize" })).status).toBe(400)
      const hosted = await page(`/v1/view/${id}`)
      expect(hosted.text).toContain('<button id="pay" type="submit" name="outcome" value="authorize" disabled>Pay</button>')
      expect(hosted.text).toMatch(/<p id="lock-notice" class="notice">/)
      expect(pageConfig((await page(`/?ui=inline&sid=${id}`)).text).state).toBe("locked")
      expect(sandbox.state.transactions().filter((transaction) => transaction.session_id === id)).toEqual([])
    })

    it("answers the session for RefreshSession: locked before the update, payable with the new order after", async () => {
      const id = await client.createSession()
      const lock = await pagePost(id, "/session/lock")
      const before = await page(`/v1/view/${id}/session`)
      expect(before.status).toBe(200)
      expect(before.body).toMatchObject({ state: "locked", session: { id }, pay_lock: lock.body.pay_lock })
      expect(before.body.html).toContain(" disabled>Pay</button>")

      const order = sessionBody().order as any
      const update = await client.call("PUT", `/v1/sessions/${id}`, {
        order: { ...order, amount: 33890, vat_amount: 6778, items: [order.items[0]], merchant_reference: undefined },
      })
      expect(update.status).toBe(200)

      const after = await page(`/v1/view/${id}/session`)
      expect(after.body.state).toBe("payable")
      expect(after.body.pay_lock).toBeUndefined()
      expect(after.body.session.order.amount).toBe(33890)
      expect(after.body.html).toContain('<td class="num" id="total">338.90 NOK</td>')
      expect(after.body.html).not.toContain("Cup")
      expect((await pagePost(id, "/session/pay", { outcome: "authorize" })).status).toBe(200)
      expect((await page(`/v1/view/${id}/session`)).body).toMatchObject({ state: "paid", html: expect.stringContaining("Already paid") })
    })

    it("answers 404 for an unknown session, and state expired for an expired one (SessionNotFound)", async () => {
      expect((await page("/v1/view/T12345678.nope/session")).status).toBe(404)
      const id = await client.createSession()
      await client.control("POST", `/sessions/${id}/expire`)
      expect((await page(`/v1/view/${id}/session`)).body.state).toBe("expired")
    })

    it("puts the pay lock id in the control API's lock answer", async () => {
      const id = await client.createSession()
      const reply = await client.control("POST", `/sessions/${id}/lock`)
      expect(reply.body).toMatchObject({ locked: true, pay_lock_id: expect.any(String) })
      expect((await pagePost(id, "/session/lock")).body.pay_lock.pay_lock_id).toBe(reply.body.pay_lock_id)
    })
  })

  describe("paying from the embedded page: the SDK event it posts", () => {
    const returnUrl = "https://shop.example/checkout/return"

    it("authorize → SessionPaymentAuthorized with transaction_id, merchant_reference and href", async () => {
      const id = await client.createSession()
      const reply = await pagePost(id, "/session/pay", { outcome: "authorize", payment_product_type: "vipps" })
      expect(reply.status).toBe(200)
      const transactionId = sandbox.state.session(id)?.transaction_id
      expect(reply.body).toEqual({
        type: "SessionPaymentAuthorized",
        transaction_id: transactionId,
        merchant_reference: "order-1",
        href: `${returnUrl}?cart=c_1&transaction_id=${transactionId}&merchant_reference=order-1`,
      })
      expect(sandbox.state.transaction(transactionId ?? "")?.payment_product_type).toBe("vipps")
    })

    it("on_hold → SessionPaymentOnHold", async () => {
      const id = await client.createSession()
      const reply = await pagePost(id, "/session/pay", { outcome: "on_hold" })
      expect(reply.body).toMatchObject({ type: "SessionPaymentOnHold", transaction_id: sandbox.state.session(id)?.transaction_id })
    })

    it.each([
      ["decline", "authorization", "DECLINED"],
      ["fail", "failed", "FAILED"],
    ])("%s → SessionPaymentError with error=%s and the %s transaction", async (outcome, error, status) => {
      const id = await client.createSession()
      const reply = await pagePost(id, "/session/pay", { outcome })
      expect(reply.body).toMatchObject({ type: "SessionPaymentError", error, merchant_reference: "order-1" })
      expect(sandbox.state.transaction(reply.body.transaction_id)?.status).toBe(status)
      expect(new URL(reply.body.href).searchParams.get("error")).toBe(error)
    })

    it("cancel → SessionCancel with the href (error=cancelled), no transaction", async () => {
      const id = await client.createSession()
      const reply = await pagePost(id, "/session/pay", { outcome: "cancel" })
      expect(reply.body).toEqual({
        type: "SessionCancel",
        merchant_reference: "order-1",
        href: `${returnUrl}?cart=c_1&merchant_reference=order-1&error=cancelled`,
      })
      expect(sandbox.state.session(id)?.cancelled_by).toBe("customer")
    })

    it("refuses an unknown outcome (400) and an unknown session (404)", async () => {
      const id = await client.createSession()
      const reply = await pagePost(id, "/session/pay", { outcome: "steal" })
      expect(reply.status).toBe(400)
      expect(reply.body.error.code).toBe("VALIDATION_ERROR")
      expect((await pagePost("T12345678.nope", "/session/pay", { outcome: "authorize" })).status).toBe(404)
    })
  })
})
