import { formatMinorUnits } from "../format"
import type { SandboxHandle } from "../index"
import { Client, type Receiver, sessionBody, start, startReceiver } from "./helpers"

/** What a browser sends for a click on a submit button: the form's fields plus the button's name=value. */
function submit(page: string, outcome: string, paymentProductType?: string): { action: string; body: string } {
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1] ?? ""
  const button = new RegExp(`<button[^>]*name="outcome" value="${outcome}"`).exec(page)
  if (!button) throw new Error(`no button for ${outcome}`)
  const selected = /<option value="([^"]+)" selected>/.exec(page)?.[1] ?? ""
  const form = new URLSearchParams({ payment_product_type: paymentProductType ?? selected, outcome })
  return { action, body: form.toString() }
}

describe("sandbox hosted page", () => {
  let sandbox: SandboxHandle
  let client: Client
  let shop: Receiver

  beforeAll(async () => {
    sandbox = await start()
    client = new Client(sandbox)
    shop = await startReceiver()
  })
  afterAll(async () => {
    await shop.close()
    await sandbox.stop()
  })

  async function openPage(overrides: Record<string, unknown> = {}) {
    const create = await client.call(
      "POST",
      "/v1/sessions-profile",
      sessionBody({ url: { return_url: `${shop.url}/checkout/return?cart=c_1` }, ...overrides }),
    )
    const response = await fetch(create.body.url as string)
    return { sessionId: create.body.id as string, url: create.body.url as string, status: response.status, page: await response.text() }
  }

  async function post(action: string, body: string) {
    return fetch(new URL(action, sandbox.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
    })
  }

  it("shows the merchant reference, the lines, shipping, VAT and total, and the buttons", async () => {
    const { status, page } = await openPage()
    expect(status).toBe(200)
    expect(page).toContain('<strong id="merchant-reference">order-1</strong>')
    expect(page).toMatch(/Chair[\s\S]*299\.90 NOK/)
    expect(page).toMatch(/Cup[\s\S]*99\.80 NOK/)
    expect(page).toMatch(/id="shipping-line"[\s\S]*Standard \(Bring\)[\s\S]*39\.00 NOK/)
    expect(page).toContain('<td class="num" id="vat-total">87.74 NOK</td>')
    expect(page).toContain('<td class="num" id="total">438.70 NOK</td>')
    expect(page).toContain('<button id="pay" type="submit" name="outcome" value="authorize">Pay</button>')
    expect(page).toContain('id="decline"')
    expect(page).toContain('id="cancel"')
    expect(page).toMatch(/<select id="payment_product_type" name="payment_product_type">[\s\S]*swish\.swish/)
    expect(page).not.toMatch(/<script|<link|src="http/)
  })

  it("escapes what the merchant sent", async () => {
    const { page } = await openPage({ order: { merchant_reference: "<b>x</b>" } })
    expect(page).toContain("&lt;b&gt;x&lt;/b&gt;")
    expect(page).not.toContain("<b>x</b>")
  })

  it("pays with the Pay button and redirects (303) to the return_url with Dintero's parameters", async () => {
    const { sessionId, page } = await openPage()
    const form = submit(page, "authorize")
    const response = await post(form.action, form.body)
    expect(response.status).toBe(303)
    const location = new URL(response.headers.get("location") ?? "")
    const transactionId = location.searchParams.get("transaction_id")
    expect(`${location.origin}${location.pathname}`).toBe(`${shop.url}/checkout/return`)
    expect(Object.fromEntries(location.searchParams)).toEqual({
      cart: "c_1",
      transaction_id: expect.stringMatching(/^T12345678\.[A-Za-z0-9]{22}$/),
      merchant_reference: "order-1",
    })
    // follow the redirect as the browser would
    const landed = await fetch(location)
    expect(landed.status).toBe(200)
    expect(shop.received[shop.received.length - 1]?.url.searchParams.get("transaction_id")).toBe(transactionId)

    const transaction = await client.transaction(transactionId ?? "")
    expect(transaction).toMatchObject({ session_id: sessionId, status: "AUTHORIZED", payment_product_type: "dintero_psp.creditcard" })
    const again = await fetch(`${sandbox.url}/v1/view/${sessionId}`)
    expect(again.status).toBe(410)
    expect(await again.text()).toContain("already been paid")
  })

  it("pays with the payment method selected", async () => {
    const { page } = await openPage()
    const form = submit(page, "authorize", "vipps")
    const response = await post(form.action, form.body)
    const transactionId = new URL(response.headers.get("location") ?? "").searchParams.get("transaction_id") ?? ""
    expect((await client.transaction(transactionId)).payment_product_type).toBe("vipps")
  })

  it("redirects with error=authorization on Decline and error=cancelled without transaction on Cancel", async () => {
    const declined = await openPage()
    const declineForm = submit(declined.page, "decline")
    const declineLocation = new URL((await post(declineForm.action, declineForm.body)).headers.get("location") ?? "")
    expect(declineLocation.searchParams.get("error")).toBe("authorization")
    expect(declineLocation.searchParams.get("merchant_reference")).toBe("order-1")
    expect(declineLocation.searchParams.get("transaction_id")).toEqual(expect.any(String))

    const cancelled = await openPage()
    const cancelForm = submit(cancelled.page, "cancel")
    const cancelResponse = await post(cancelForm.action, cancelForm.body)
    expect(cancelResponse.status).toBe(303)
    const cancelLocation = new URL(cancelResponse.headers.get("location") ?? "")
    expect(Object.fromEntries(cancelLocation.searchParams)).toEqual({ cart: "c_1", merchant_reference: "order-1", error: "cancelled" })
    expect((await fetch(cancelled.url)).status).toBe(410)
  })

  it("offers fail and on-hold outcomes too", async () => {
    const held = await openPage()
    const form = submit(held.page, "on_hold", "collector.invoice")
    const location = new URL((await post(form.action, form.body)).headers.get("location") ?? "")
    expect(location.searchParams.has("error")).toBe(false)
    expect((await client.transaction(location.searchParams.get("transaction_id") ?? "")).status).toBe("ON_HOLD")

    const failing = await openPage()
    const failForm = submit(failing.page, "fail")
    const failLocation = new URL((await post(failForm.action, failForm.body)).headers.get("location") ?? "")
    expect(failLocation.searchParams.get("error")).toBe("failed")
  })

  it("shows a clear page for an unknown session and for an unknown outcome", async () => {
    const unknown = await fetch(`${sandbox.url}/v1/view/T12345678.AAAAAAAAAAAAAAAAAAAAAA`)
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get("content-type")).toContain("text/html")
    expect(await unknown.text()).toContain("Session not found")
    const { sessionId } = await openPage()
    const bad = await post(`/v1/view/${sessionId}/pay`, "outcome=steal")
    expect(bad.status).toBe(400)
  })

  it("refuses the form of an expired session", async () => {
    const { sessionId, page } = await openPage()
    await client.control("POST", `/sessions/${sessionId}/expire`)
    const form = submit(page, "authorize")
    const response = await post(form.action, form.body)
    expect(response.status).toBe(410)
    expect(await response.text()).toContain("expired")
  })
})

describe("formatMinorUnits", () => {
  it.each([
    [29990, "NOK", "299.90 NOK"],
    [5, "EUR", "0.05 EUR"],
    [-500, "SEK", "-5.00 SEK"],
    [123456789, "NOK", "1 234 567.89 NOK"],
    [1500, "JPY", "1 500 JPY"],
    [1234, "KWD", "1.234 KWD"],
    [0, "DKK", "0.00 DKK"],
  ])("formats %d %s as %s", (amount, currency, expected) => {
    expect(formatMinorUnits(amount, currency)).toBe(expected)
  })
})
