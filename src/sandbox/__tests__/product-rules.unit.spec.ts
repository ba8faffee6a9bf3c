/**
 * The rules per payment product (product-rules.ts), through the sandbox's HTTP server. The order is
 * SAMPLE_ORDER's: line "1" (quantity 1, 29990), line "2" (quantity 2, 9980), line "shipping"
 * (quantity 1, 3900); 43870 in all.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON asserted field by field */
import type { SandboxHandle } from "../index"
import { rulesFor, VOID_AFTER_PARTIAL_CAPTURE_TYPES } from "../product-rules"
import { Client, type Reply, request, sleep, start } from "./helpers"

const LINE_1 = { line_id: "1", amount: 29990, quantity: 1 }
const LINE_2 = { line_id: "2", amount: 9980, quantity: 2 }
const SHIPPING = { line_id: "shipping", amount: 3900, quantity: 1 }

const last = (transaction: { events: any[] }) => transaction.events[transaction.events.length - 1]
const eventsOf = (transaction: { events: any[] }, kind: string) => transaction.events.filter((event) => event.event === kind)

/** Dintero's validation error body, exactly, for one field error. */
function expectFieldError(reply: Reply, field: string, message: string): void {
  expect(reply.status).toBe(400)
  expect(reply.body).toEqual({
    error: { code: "VALIDATION_ERROR", message: `Invalid request: ${field}: ${message}`, errors: [{ field, message }] },
  })
}

describe("sandbox rules per payment product", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start()
    client = new Client(sandbox)
  })
  afterAll(() => sandbox.stop())

  const capture = (id: string, body: unknown) => client.call("POST", `/v1/transactions/${id}/capture`, body)
  const refund = (id: string, body: unknown) => client.call("POST", `/v1/transactions/${id}/refund`, body)
  const voidIt = (id: string) => client.call("POST", `/v1/transactions/${id}/void`)
  const paidWith = async (type: string, overrides: Record<string, unknown> = {}) =>
    (await client.paidSession(overrides, "authorize", type)).transactionId

  describe("the table", () => {
    it("falls back to the family (the part before the dot), and a type's own entry wins", () => {
      expect(rulesFor("instabank.postponement").itemsRequired).toBe(true)
      expect(rulesFor("collector.invoice_b2b").wholeLinesOnPartialCapture).toBe(true)
      expect(rulesFor("dintero_psp.creditcard").finalCapture).toBe(true)
      expect(rulesFor("payex.swish")).toMatchObject({ capturesOnAuthorization: true, voidAfterPartialCapture: false })
      expect(rulesFor("payex.creditcard")).toMatchObject({ capturesOnAuthorization: false, voidAfterPartialCapture: true })
      expect(rulesFor("bambora.creditcard")).toEqual({
        itemsRequired: false,
        wholeLinesOnPartialCapture: false,
        voidAfterPartialCapture: false,
        finalCapture: false,
        capturesOnAuthorization: false,
        orderItemsRequired: false,
      })
    })

    it("allows the void of the rest for exactly the spec's types", () => {
      expect([...VOID_AFTER_PARTIAL_CAPTURE_TYPES].sort()).toEqual(
        [
          "payex.creditcard",
          "payex.mobilepay",
          "payex.vipps",
          "payex.applepay",
          "payex.clicktopay",
          "payex.googlepay",
          "vipps",
          "klarna.klarna",
          "klarna.billie",
        ].sort(),
      )
    })
  })

  describe("Instabank: items on every capture and refund", () => {
    it.each(["instabank.finance", "instabank.invoice", "instabank.installment"])("refuses a %s capture without items", async (type) => {
      const id = await paidWith(type)
      expectFieldError(await capture(id, { amount: 43870 }), "items", `${type} requires items on every capture`)
      expectFieldError(await capture(id, { amount: 100, items: [] }), "items", `${type} requires items on every capture`)
      const transaction = await client.transaction(id)
      expect(transaction.status).toBe("AUTHORIZED")
      expect(eventsOf(transaction, "CAPTURE")).toEqual([])
    })

    it("refuses a refund without items", async () => {
      const id = await paidWith("instabank.finance")
      expect((await capture(id, { amount: 43870, items: [LINE_1, LINE_2, SHIPPING] })).status).toBe(200)
      expectFieldError(await refund(id, { amount: 10000 }), "items", "instabank.finance requires items on every refund")
      expect((await client.transaction(id)).status).toBe("CAPTURED")
    })

    it("captures and refunds with items, and the events carry them", async () => {
      const id = await paidWith("instabank.invoice")
      const captured = await capture(id, { amount: 29990, items: [LINE_1] })
      expect(captured.status).toBe(200)
      expect(captured.body.status).toBe("PARTIALLY_CAPTURED")
      expect(last(captured.body)).toMatchObject({ event: "CAPTURE", success: true, amount: 29990, items: [LINE_1] })
      const refunded = await refund(id, { amount: 29990, items: [LINE_1] })
      expect(refunded.status).toBe(200)
      expect(refunded.body.status).toBe("PARTIALLY_CAPTURED_REFUNDED")
      expect(last(refunded.body)).toMatchObject({ event: "REFUND", success: true, amount: 29990, items: [LINE_1] })
    })

    it("checks the body first: items not adding up to amount", async () => {
      const id = await paidWith("instabank.finance")
      const reply = await capture(id, { amount: 29990, items: [{ line_id: "1", amount: 20000, quantity: 1 }] })
      expectFieldError(reply, "items", "the items' amounts add up to 20000, not to amount 29990")
    })

    it("checks the status before the rule: a refund without items before any capture", async () => {
      const id = await paidWith("instabank.finance")
      const reply = await refund(id, { amount: 100 })
      expect(reply.status).toBe(400)
      expect(reply.body.error).toEqual({
        code: "OPERATION_NOT_ALLOWED",
        message: "Refund is not allowed for a transaction with status AUTHORIZED",
      })
    })
  })

  describe("Collector (Walley): whole lines on a partial capture", () => {
    it("refuses part of a line: quantity 1 of a quantity-2 line", async () => {
      const id = await paidWith("collector.invoice")
      const reply = await capture(id, { amount: 4990, items: [{ line_id: "2", amount: 4990, quantity: 1 }] })
      expect(reply.status).toBe(400)
      expect(reply.body.error.code).toBe("VALIDATION_ERROR")
      expect(reply.body.error.errors).toEqual([
        { field: "items[0].quantity", message: 'collector.invoice captures whole lines only; line "2" has quantity 2, not 1' },
        { field: "items[0].amount", message: 'collector.invoice captures whole lines only; line "2" has amount 9980, not 4990' },
      ])
      expect(reply.body.error.message).toBe(
        'Invalid request: items[0].quantity: collector.invoice captures whole lines only; line "2" has quantity 2, not 1 (and 1 more)',
      )
      expect((await client.transaction(id)).status).toBe("AUTHORIZED")
    })

    it("captures one whole line, then the rest without items", async () => {
      const id = await paidWith("collector.invoice")
      const first = await capture(id, { amount: 9980, items: [LINE_2] })
      expect(first.status).toBe(200)
      expect(first.body.status).toBe("PARTIALLY_CAPTURED")
      expect(last(first.body)).toMatchObject({ event: "CAPTURE", amount: 9980, items: [LINE_2] })
      const rest = await capture(id, { amount: 33890 })
      expect(rest.status).toBe(200)
      expect(rest.body.status).toBe("CAPTURED")
    })

    it("refuses a partial capture without items", async () => {
      const id = await paidWith("collector.installment")
      expectFieldError(
        await capture(id, { amount: 10000 }),
        "items",
        "collector.installment requires items on a partial capture (whole lines only); amount 10000 is less than the remaining 43870",
      )
    })

    it("captures everything at once without items, or with every line", async () => {
      const bare = await paidWith("collector.invoice")
      expect((await capture(bare, { amount: 43870 })).body.status).toBe("CAPTURED")
      const lined = await paidWith("collector.invoice")
      const reply = await capture(lined, { amount: 43870, items: [LINE_1, LINE_2, SHIPPING] })
      expect(reply.status).toBe(200)
      expect(reply.body.status).toBe("CAPTURED")
    })

    it("refuses a line captured before, and the same line twice in one capture", async () => {
      const id = await paidWith("collector.invoice")
      expect((await capture(id, { amount: 3900, items: [SHIPPING] })).status).toBe(200)
      expectFieldError(
        await capture(id, { amount: 3900, items: [SHIPPING] }),
        "items[0].line_id",
        'collector.invoice captures whole lines only; line "shipping" was already captured',
      )
      const twice = await capture(id, { amount: 19960, items: [LINE_2, LINE_2] })
      expect(twice.body.error.errors).toEqual([
        { field: "items[1].line_id", message: 'collector.invoice captures whole lines only; line "2" appears more than once' },
      ])
    })

    it("accepts a whole line without quantity", async () => {
      const id = await paidWith("collector.invoice")
      const reply = await capture(id, { amount: 9980, items: [{ line_id: "2", amount: 9980 }] })
      expect(reply.status).toBe(200)
      expect(reply.body.status).toBe("PARTIALLY_CAPTURED")
    })

    it("checks the rule before the amount limit", async () => {
      const id = await paidWith("collector.invoice")
      await capture(id, { amount: 29990, items: [LINE_1] })
      // 29990 is also above the remaining 13880: the whole-line answer comes first
      expectFieldError(
        await capture(id, { amount: 29990, items: [LINE_1] }),
        "items[0].line_id",
        'collector.invoice captures whole lines only; line "1" was already captured',
      )
    })
  })

  describe("per-line limits, for every product", () => {
    it("refuses a capture taking more of a line than is left uncaptured", async () => {
      const id = await paidWith("dintero_psp.creditcard")
      const half = { line_id: "2", amount: 4990, quantity: 1 }
      expect((await capture(id, { amount: 4990, items: [half] })).status).toBe(200)
      expect((await capture(id, { amount: 4990, items: [half] })).status).toBe(200)
      const reply = await capture(id, { amount: 4990, items: [half] })
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toEqual([
        { field: "items[0].amount", message: 'line "2": amount 4990 exceeds what is not captured of the line, 0' },
        { field: "items[0].quantity", message: 'line "2": quantity 1 exceeds what is not captured of the line, 0' },
      ])
    })

    it("adds up the items of one request naming the same line", async () => {
      const id = await paidWith("vipps")
      const reply = await capture(id, { amount: 9990, items: [{ line_id: "shipping", amount: 3900 }, { line_id: "shipping", amount: 6090 }] })
      expectFieldError(reply, "items[1].amount", 'line "shipping": amount 9990 exceeds what is not captured of the line, 3900')
    })

    it("refuses a refund of more of a line than was captured of it and not refunded", async () => {
      const id = await paidWith("dintero_psp.creditcard")
      await capture(id, { amount: 29990, items: [LINE_1] })
      expectFieldError(
        await refund(id, { amount: 4990, items: [{ line_id: "2", amount: 4990 }] }),
        "items[0].amount",
        'line "2": amount 4990 exceeds what was captured of the line and not refunded, 0',
      )
      expect((await refund(id, { amount: 10000, items: [{ line_id: "1", amount: 10000 }] })).status).toBe(200)
      expectFieldError(
        await refund(id, { amount: 19991, items: [{ line_id: "1", amount: 19991 }] }),
        "items[0].amount",
        'line "1": amount 19991 exceeds what was captured of the line and not refunded, 19990',
      )
      expect((await refund(id, { amount: 19990, items: [{ line_id: "1", amount: 19990, quantity: 1 }] })).status).toBe(200)
    })

    it("bounds a line by its total after a capture without items", async () => {
      const id = await paidWith("payex.creditcard")
      await capture(id, { amount: 43870 })
      expect((await refund(id, { amount: 3900, items: [SHIPPING] })).status).toBe(200)
      const again = await refund(id, { amount: 3900, items: [SHIPPING] })
      expect(again.status).toBe(400)
      expect(again.body.error.errors).toEqual([
        { field: "items[0].amount", message: 'line "shipping": amount 3900 exceeds what was captured of the line and not refunded, 0' },
        { field: "items[0].quantity", message: 'line "shipping": quantity 1 exceeds what was captured of the line and not refunded, 0' },
      ])
      expect((await refund(id, { amount: 29990, items: [LINE_1] })).status).toBe(200)
    })
  })

  describe("void after a partial capture", () => {
    it.each(["vipps", "klarna.klarna", "payex.creditcard"])("voids the rest for %s", async (type) => {
      const id = await paidWith(type)
      expect((await capture(id, { amount: 29990, items: [LINE_1] })).body.status).toBe("PARTIALLY_CAPTURED")
      const reply = await voidIt(id)
      expect(reply.status).toBe(200)
      expect(last(reply.body)).toMatchObject({ event: "VOID", success: true, amount: 13880 })
      expect(reply.body.status).toBe("CAPTURED")
    })

    it.each(["dintero_psp.creditcard", "collector.invoice"])("refuses it for %s", async (type) => {
      const id = await paidWith(type)
      expect((await capture(id, { amount: 29990, items: [LINE_1] })).body.status).toBe("PARTIALLY_CAPTURED")
      const reply = await voidIt(id)
      expect(reply.status).toBe(400)
      expect(reply.body).toEqual({
        error: { code: "OPERATION_NOT_ALLOWED", message: `Void after a partial capture is not supported for payment type ${type}` },
      })
      expect((await client.transaction(id)).status).toBe("PARTIALLY_CAPTURED")
    })
  })

  describe("final_capture", () => {
    it("releases the rest on dintero_psp: CAPTURED after a partial and a final capture", async () => {
      const id = await paidWith("dintero_psp.creditcard")
      expect((await capture(id, { amount: 10000 })).body.status).toBe("PARTIALLY_CAPTURED")
      const final = await capture(id, { amount: 10000, final_capture: true })
      expect(final.status).toBe(200)
      expect(final.body.status).toBe("CAPTURED")
      expect((await capture(id, { amount: 100 })).status).toBe(400)
    })

    it("is ignored elsewhere", async () => {
      const id = await paidWith("vipps")
      const reply = await capture(id, { amount: 10000, final_capture: true })
      expect(reply.body.status).toBe("PARTIALLY_CAPTURED")
      expect((await capture(id, { amount: 33870 })).body.status).toBe("CAPTURED")
    })
  })

  describe("captured at payment", () => {
    it.each(["swish.swish", "payex.swish"])("makes %s CAPTURED when paid, with every line", async (type) => {
      const transaction = await client.transaction(await paidWith(type))
      expect(transaction.status).toBe("CAPTURED")
      expect(eventsOf(transaction, "CAPTURE")).toEqual([
        expect.objectContaining({ success: true, amount: 43870, items: [LINE_1, LINE_2, SHIPPING] }),
      ])
    })

    it("leaves vipps AUTHORIZED when paid", async () => {
      expect((await client.transaction(await paidWith("vipps"))).status).toBe("AUTHORIZED")
    })
  })

  describe("accepted (202) operations", () => {
    it("applies an accepted capture later with its items", async () => {
      const id = await paidWith("instabank.invoice")
      await client.control("POST", "/faults", { path: "/capture$", status: 202, delay_ms: 30 })
      const reply = await capture(id, { amount: 13880, capture_reference: "cap_lines", items: [LINE_2, SHIPPING] })
      expect(reply.status).toBe(202)
      const requestId = reply.headers.get("event-request-id")
      expect(last(reply.body)).toMatchObject({ event: "INITIATE_CAPTURE", request_id: requestId, items: [LINE_2, SHIPPING] })
      expect(reply.body.status).toBe("AUTHORIZED")
      await sleep(150)
      const after = await client.transaction(id)
      expect(after.status).toBe("PARTIALLY_CAPTURED")
      expect(last(after)).toMatchObject({
        event: "CAPTURE",
        success: true,
        amount: 13880,
        correlation_request_id: requestId,
        event_reference: "cap_lines",
        items: [LINE_2, SHIPPING],
      })
    })

    it("counts the lines of a pending capture as captured", async () => {
      const id = await paidWith("collector.invoice")
      await client.control("POST", "/faults", { path: "/capture$", status: 202, delay_ms: 200 })
      expect((await capture(id, { amount: 29990, items: [LINE_1] })).status).toBe(202)
      expectFieldError(
        await capture(id, { amount: 29990, items: [LINE_1] }),
        "items[0].line_id",
        'collector.invoice captures whole lines only; line "1" was already captured',
      )
      expect((await capture(id, { amount: 13880, items: [LINE_2, SHIPPING] })).status).toBe(200)
      await sleep(300)
      expect((await client.transaction(id)).status).toBe("CAPTURED")
    })
  })

  describe("paying with a product", () => {
    const withoutItems = { order: { items: undefined, amount: 3900 } }

    it.each(["collector.invoice", "instabank.finance"])("refuses %s for a session without order.items", async (type) => {
      const sessionId = await client.createSession(withoutItems)
      const reply = await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "authorize", payment_product_type: type })
      expectFieldError(reply, "payment_product_type", `${type} requires the session's order.items (unless order.partial_payment is true)`)
      expect((await client.call("GET", `/v1/sessions/${sessionId}`)).body).not.toHaveProperty("transaction_id")
    })

    it("pays such a session with a card, or with Collector when partial_payment is true", async () => {
      expect((await client.paidSession(withoutItems, "authorize", "dintero_psp.creditcard")).transactionId).toEqual(expect.any(String))
      const partial = await client.paidSession({ order: { items: undefined, amount: 3900, partial_payment: true } }, "authorize", "collector.invoice")
      expect((await client.transaction(partial.transactionId)).payment_product_type).toBe("collector.invoice")
    })

    it("offers the products on the hosted page, and pays with the one chosen", async () => {
      const create = await client.call("POST", "/v1/sessions-profile", {
        profile_id: "default",
        url: { return_url: "https://shop.example/return" },
        order: { amount: 29990, currency: "NOK", merchant_reference: "page-1", items: [LINE_1] },
      })
      const page = await request(create.body.url as string)
      const offered = [...page.text.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1])
      expect(offered).toEqual(
        expect.arrayContaining([
          "collector.invoice",
          "collector.installment",
          "instabank.invoice",
          "instabank.installment",
          "klarna.klarna",
          "payex.mobilepay",
        ]),
      )
      const response = await fetch(`${sandbox.url}/v1/view/${create.body.id}/pay`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ outcome: "authorize", payment_product_type: "instabank.installment" }).toString(),
        redirect: "manual",
      })
      expect(response.status).toBe(303)
      const transactionId = new URL(response.headers.get("location") ?? "").searchParams.get("transaction_id") ?? ""
      const transaction = await client.transaction(transactionId)
      expect(transaction).toMatchObject({ payment_product: "instabank", payment_product_type: "instabank.installment" })
      expectFieldError(await capture(transactionId, { amount: 29990 }), "items", "instabank.installment requires items on every capture")
    })
  })
})
