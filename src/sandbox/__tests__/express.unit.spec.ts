/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON asserted field by field */
import http from "node:http"
import type { AddressInfo } from "node:net"
import type { SandboxHandle } from "../index"
import { Client, start } from "./helpers"

const ITEMS_TOTAL = 39970

/** A merchant answering Dintero's Express callbacks: options by postal code, SUMMER10 takes 1000 off. */
async function startMerchant() {
  const calls: { path: string; body: any }[] = []
  let status = 200
  const server = http.createServer((req, res) => {
    let text = ""
    req.on("data", (chunk) => (text += chunk))
    req.on("end", () => {
      const body = JSON.parse(text)
      calls.push({ path: req.url ?? "", body })
      if (status !== 200) {
        res.writeHead(status).end("down")
        return
      }
      const postal = String(body.order.shipping_address?.postal_code ?? "")
      const options = postal.startsWith("9")
        ? [{ id: "far", line_id: "far", amount: 9900, vat_amount: 1980, vat: 25, title: "Remote", operator: "" }]
        : [
            { id: "home", line_id: "home", amount: 4900, vat_amount: 980, vat: 25, title: "Home delivery", operator: "", delivery_method: "delivery" },
            { id: "pickup", line_id: "pickup-1", amount: 0, vat_amount: 0, vat: 25, title: "Pick-up point", operator: "", delivery_method: "pick_up" },
          ]
      const codes: string[] = (body.order.discount_codes ?? []).filter((code: string) => code === "SUMMER10")
      const items = body.order.items.map((item: any, index: number) =>
        index === 0 ? { ...item, amount: (codes.length ? 28990 : 29990), vat_amount: codes.length ? 5798 : 5998 } : item,
      )
      const selected = options.find((o) => o.line_id === body.order.shipping_option?.line_id) ?? options[0]!
      const amount = items.reduce((sum: number, item: any) => sum + item.amount, 0) + selected.amount
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({ shipping_options: options, order: { amount, items, discount_codes: codes } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, calls, fail: (code: number) => (status = code), close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

describe("sandbox Express Checkout", () => {
  let sandbox: SandboxHandle
  let client: Client
  let merchant: Awaited<ReturnType<typeof startMerchant>>

  beforeAll(async () => {
    sandbox = await start()
    client = new Client(sandbox)
    merchant = await startMerchant()
  })
  afterAll(async () => {
    await merchant.close()
    await sandbox.stop()
  })

  async function expressSession(express: Record<string, unknown> = {}) {
    return client.createSession({
      order: { amount: ITEMS_TOTAL, vat_amount: 7994, shipping_option: undefined },
      express: {
        shipping_options: [],
        shipping_address_callback_url: `${merchant.url}/address`,
        discount_codes: { callback_url: `${merchant.url}/discounts`, max_count: 2 },
        ...express,
      },
      configuration: { discounts: { express_discount_codes: { enabled: true } } },
    })
  }
  const address = { first_name: "Kari", last_name: "Nordmann", address_line: "Storgata 1", postal_code: "0150", postal_place: "Oslo", country: "NO" }

  it("an address asks the store for options, the first is selected, another can be chosen; the amount follows; the payment carries them", async () => {
    const id = await expressSession()
    const early = await client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize" })
    expect(early.status).toBe(400)
    expect(early.body.error).toMatchObject({ code: "OPERATION_NOT_ALLOWED", message: expect.stringMatching(/shipping address first/) })

    const before = merchant.calls.length
    const reply = await client.control("POST", `/sessions/${id}/express/shipping-address`, { address })
    expect(reply.status).toBe(200)
    expect(merchant.calls.slice(before).map((call) => call.path)).toEqual(["/address"])
    expect(merchant.calls.at(-1)!.body).toMatchObject({ id, order: { shipping_address: address } })
    expect(reply.body.session.express.shipping_options.map((o: any) => o.line_id)).toEqual(["home", "pickup-1"])
    expect(reply.body.session.order).toMatchObject({ amount: ITEMS_TOTAL + 4900, shipping_option: { line_id: "home" } })

    const picked = await client.call("PUT", `/v1/checkout/${id}/json/order/items/shipping_option`, { line_id: "pickup-1" })
    expect(picked.status).toBe(200)
    expect(picked.body.session.order).toMatchObject({ amount: ITEMS_TOTAL, shipping_option: { line_id: "pickup-1", delivery_method: "pick_up" } })
    const unknown = await client.control("POST", `/sessions/${id}/express/shipping-option`, { line_id: "nope" })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.errors[0].field).toBe("line_id")

    // A new address whose options do not include the chosen one: the stale option goes.
    const moved = await client.control("POST", `/sessions/${id}/express/shipping-address`, { address: { ...address, postal_code: "9008", postal_place: "Tromsø" } })
    expect(moved.body.session.order).toMatchObject({ amount: ITEMS_TOTAL + 9900, shipping_option: { line_id: "far" } })

    const paid = await client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize" })
    expect(paid.status).toBe(200)
    const transaction = await client.transaction(paid.body.transaction_id)
    expect(transaction).toMatchObject({ amount: ITEMS_TOTAL + 9900, shipping_option: { line_id: "far" }, shipping_address: { postal_code: "9008" } })
    const state = await client.control("GET", `/sessions/${id}`)
    expect(state.body.express_callbacks.map((call: any) => [call.kind, call.status])).toEqual([["shipping_address", 200], ["shipping_address", 200]])
  })

  it("a one-click wallet sends only country and postal code; the payment has the wallet's full address", async () => {
    const id = await expressSession()
    await client.control("POST", `/sessions/${id}/express/shipping-address`, { address, wallet: true })
    expect(merchant.calls.at(-1)!.body.order.shipping_address).toEqual({ country: "NO", postal_code: "0150" })
    const paid = await client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize", payment_product_type: "vipps" })
    const transaction = await client.transaction(paid.body.transaction_id)
    expect(transaction.shipping_address).toMatchObject({ postal_code: "0150", country: "NO", address_line: expect.any(String), first_name: expect.any(String) })
  })

  it("discount codes: a valid one changes the order, an invalid one is not kept, an empty list removes them", async () => {
    const id = await expressSession()
    await client.control("POST", `/sessions/${id}/express/shipping-address`, { address })
    const valid = await client.call("PUT", `/v1/checkout/${id}/json/order/discount_codes`, { discount_codes: ["SUMMER10"] })
    expect(valid.body.session.order).toMatchObject({ amount: ITEMS_TOTAL - 1000 + 4900, discount_codes: ["SUMMER10"] })
    const invalid = await client.control("POST", `/sessions/${id}/express/discount-codes`, { discount_codes: ["SUMMER10", "BOGUS"] })
    expect(invalid.body.session.order.discount_codes).toEqual(["SUMMER10"])
    const removed = await client.control("POST", `/sessions/${id}/express/discount-codes`, { discount_codes: [] })
    expect(removed.body.session.order).toMatchObject({ amount: ITEMS_TOTAL + 4900, discount_codes: [] })
    const tooMany = await client.control("POST", `/sessions/${id}/express/discount-codes`, { discount_codes: ["A", "B", "C"] })
    expect(tooMany.status).toBe(400)
  })

  it("customer types: an organization number needs b2b; a b2b payment carries it", async () => {
    const privateOnly = await expressSession({ customer_types: ["b2c"] })
    const refused = await client.control("POST", `/sessions/${privateOnly}/express/shipping-address`, { address: { ...address, organization_number: "923609016" } })
    expect(refused.status).toBe(400)
    expect(refused.body.error.errors[0].field).toBe("shipping_address.organization_number")

    const business = await expressSession({ customer_types: ["b2b"] })
    await client.control("POST", `/sessions/${business}/express/shipping-address`, { address: { ...address, business_name: "Nordmann AS", organization_number: "923609016" } })
    const paid = await client.control("POST", `/sessions/${business}/pay`, { outcome: "authorize", payment_product_type: "collector.invoice_b2b" })
    const transaction = await client.transaction(paid.body.transaction_id)
    expect(transaction.shipping_address).toMatchObject({ organization_number: "923609016", business_name: "Nordmann AS" })
  })

  it("a failed store callback is not retried: 502 naming it, and the session keeps its options", async () => {
    const id = await expressSession()
    await client.control("POST", `/sessions/${id}/express/shipping-address`, { address })
    merchant.fail(500)
    const before = merchant.calls.length
    try {
      const reply = await client.control("POST", `/sessions/${id}/express/discount-codes`, { discount_codes: ["SUMMER10"] })
      expect(reply.status).toBe(502)
      expect(reply.body.error).toMatchObject({ code: "MERCHANT_CALLBACK_FAILED" })
      expect(merchant.calls.length - before).toBe(1)
    } finally {
      merchant.fail(200)
    }
    const state = await client.control("GET", `/sessions/${id}`)
    expect(state.body.session.order).toMatchObject({ amount: ITEMS_TOTAL + 4900 })
    expect(state.body.session.order.discount_codes).toEqual([])
  })

  it("the hosted page shows the Express forms and takes them without script", async () => {
    const id = await expressSession()
    const page = await fetch(`${sandbox.url}/v1/view/${id}`).then((r) => r.text())
    expect(page).toContain('id="express-address"')
    expect(page).toMatch(/id="pay"[^>]*disabled/)
    const posted = await fetch(`${sandbox.url}/v1/view/${id}/express/shipping_address`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(address).toString(),
    })
    expect(posted.status).toBe(303)
    const after = await fetch(`${sandbox.url}/v1/view/${id}`).then((r) => r.text())
    expect(after).toContain('id="shipping-option-home"')
    expect(after).not.toMatch(/id="pay"[^>]*disabled/)
  })
})
