import type { SandboxHandle } from "../index"
import { ACCOUNT, Client, sleep, start } from "./helpers"

type Event = { event: string; success: boolean; amount?: number; transaction_status: string; [key: string]: unknown }

const sumOf = (transaction: { events: Event[] }, kind: string) =>
  transaction.events.filter((event) => event.event === kind && event.success).reduce((sum, event) => sum + (event.amount ?? 0), 0)

describe("sandbox transactions", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start({ profiles: "default,instant:auto-capture" })
    client = new Client(sandbox)
  })
  afterAll(() => sandbox.stop())

  const capture = (id: string, body: unknown) => client.call("POST", `/v1/transactions/${id}/capture`, body)
  const refund = (id: string, body: unknown) => client.call("POST", `/v1/transactions/${id}/refund`, body)
  const voidIt = (id: string) => client.call("POST", `/v1/transactions/${id}/void`)

  describe("payment", () => {
    it("creates an AUTHORIZED transaction with the session's lines and shipping moved into items", async () => {
      const { sessionId, transactionId } = await client.paidSession({
        metadata: { ext_cart_id: "cart_1" },
        customer: { email: "kari@example.com" },
        order: { merchant_reference_2: "second" },
      })
      expect(transactionId).toMatch(new RegExp(`^${ACCOUNT}\\.[A-Za-z0-9]{22}$`))
      const transaction = await client.transaction(transactionId)
      expect(transaction).toMatchObject({
        id: transactionId,
        session_id: sessionId,
        merchant_reference: "order-1",
        merchant_reference_2: "second",
        amount: 43870,
        currency: "NOK",
        status: "AUTHORIZED",
        payment_product: "dintero_psp",
        payment_product_type: "dintero_psp.creditcard",
        settlement_status: "NOT_SETTLED",
        card: { brand: "visa", masked_pan: expect.any(String) },
        customer: { email: "kari@example.com" },
        metadata: { ext_cart_id: "cart_1", "session:profile_id": "default" },
        shipping_address: expect.objectContaining({ country: expect.any(String) }),
        billing_address: expect.objectContaining({ country: expect.any(String) }),
      })
      expect(transaction.items).toEqual([
        expect.objectContaining({ line_id: "1", amount: 29990, quantity: 1, vat: 25 }),
        expect.objectContaining({ line_id: "2", amount: 9980, quantity: 2 }),
        expect.objectContaining({ id: "standard", line_id: "shipping", amount: 3900, quantity: 1, vat_amount: 780 }),
      ])
      expect(transaction.events.map((event: Event) => [event.event, event.transaction_status, event.success])).toEqual([
        ["INITIALIZE", "INITIATED", true],
        ["AUTHORIZE", "AUTHORIZED", true],
      ])
      for (const event of transaction.events) {
        expect(event).toMatchObject({ id: expect.any(String), request_id: expect.any(String), created_at: expect.any(String) })
      }
      expect(Date.parse(transaction.created_at)).not.toBeNaN()
      expect(Date.parse(transaction.updated_at)).not.toBeNaN()
    })

    it("uses the payment product type chosen", async () => {
      const { transactionId } = await client.paidSession({}, "authorize", "vipps")
      expect(await client.transaction(transactionId)).toMatchObject({ payment_product: "vipps", payment_product_type: "vipps" })
      expect(await client.transaction(transactionId)).not.toHaveProperty("card")
    })

    it("captures at once for an auto-capture profile, with a CAPTURE event of every line", async () => {
      const { transactionId } = await client.paidSession({ profile_id: "instant" })
      const transaction = await client.transaction(transactionId)
      expect(transaction.status).toBe("CAPTURED")
      expect(transaction.events.map((event: Event) => event.event)).toEqual(["INITIALIZE", "AUTHORIZE", "CAPTURE"])
      expect(transaction.events[2]).toMatchObject({
        success: true,
        amount: 43870,
        transaction_status: "CAPTURED",
        items: [
          { line_id: "1", amount: 29990, quantity: 1 },
          { line_id: "2", amount: 9980, quantity: 2 },
          { line_id: "shipping", amount: 3900, quantity: 1 },
        ],
      })
    })

    it("captures Swish at once, and with the session's configuration.auto_capture", async () => {
      const swish = await client.paidSession({}, "authorize", "swish.swish")
      expect((await client.transaction(swish.transactionId)).status).toBe("CAPTURED")
      const configured = await client.paidSession({ configuration: { auto_capture: true } })
      expect((await client.transaction(configured.transactionId)).status).toBe("CAPTURED")
    })

    it("lets the session's configuration override an auto-capture profile", async () => {
      const { transactionId } = await client.paidSession({ profile_id: "instant", configuration: { auto_capture: false } })
      expect((await client.transaction(transactionId)).status).toBe("AUTHORIZED")
    })

    it("makes a DECLINED transaction for decline, not linked to the session, which can be paid again", async () => {
      const sessionId = await client.createSession()
      const declined = await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "decline" })
      expect(declined.status).toBe(200)
      expect(declined.body.redirect_url).toContain("error=authorization")
      const transaction = await client.transaction(declined.body.transaction_id)
      expect(transaction.status).toBe("DECLINED")
      expect(transaction.events[transaction.events.length - 1]).toMatchObject({
        event: "AUTHORIZE",
        success: false,
        error: { code: "DECLINED", message: expect.any(String) },
      })
      expect((await client.call("GET", `/v1/sessions/${sessionId}`)).body).not.toHaveProperty("transaction_id")
      const paid = await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "authorize" })
      expect(paid.status).toBe(200)
      expect((await client.call("GET", `/v1/sessions/${sessionId}`)).body.transaction_id).toBe(paid.body.transaction_id)
    })

    it("makes a FAILED transaction for fail", async () => {
      const { transactionId } = await client.paidSession({}, "fail")
      expect((await client.transaction(transactionId)).status).toBe("FAILED")
    })

    it("resolves an ON_HOLD transaction to AUTHORIZED or FAILED", async () => {
      const held = await client.paidSession({}, "on_hold", "collector.invoice")
      expect((await client.transaction(held.transactionId)).status).toBe("ON_HOLD")
      const resolved = await client.control("POST", `/transactions/${held.transactionId}/resolve`, { outcome: "authorize" })
      expect(resolved.status).toBe(200)
      expect(resolved.body.status).toBe("AUTHORIZED")
      expect((await client.transaction(held.transactionId)).status).toBe("AUTHORIZED")

      const failing = await client.paidSession({}, "on_hold", "collector.invoice")
      const failed = await client.control("POST", `/transactions/${failing.transactionId}/resolve`, { outcome: "fail" })
      expect(failed.body.status).toBe("FAILED")
      const again = await client.control("POST", `/transactions/${failing.transactionId}/resolve`, { outcome: "authorize" })
      expect(again.status).toBe(400)
    })

    it("refuses to pay a paid session, and an unknown payment product type", async () => {
      const { sessionId } = await client.paidSession()
      const reply = await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "authorize" })
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toMatch(/already paid/)
      const other = await client.createSession()
      const unknown = await client.control("POST", `/sessions/${other}/pay`, { outcome: "authorize", payment_product_type: "cash" })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.errors).toEqual([expect.objectContaining({ field: "payment_product_type" })])
      const badOutcome = await client.control("POST", `/sessions/${other}/pay`, { outcome: "maybe" })
      expect(badOutcome.status).toBe(400)
      expect(badOutcome.body.error.errors).toEqual([expect.objectContaining({ field: "outcome" })])
    })
  })

  describe("capture, refund and void", () => {
    it("captures partially then fully, keeping amount, with event_reference and items", async () => {
      const { transactionId } = await client.paidSession()
      const first = await capture(transactionId, {
        amount: 29990,
        capture_reference: "cap_1",
        items: [{ line_id: "1", amount: 29990, quantity: 1 }],
        metadata: { ext_order: "o_1" },
      })
      expect(first.status).toBe(200)
      expect(first.body.status).toBe("PARTIALLY_CAPTURED")
      expect(first.body.amount).toBe(43870)
      expect(first.body.events[first.body.events.length - 1]).toMatchObject({
        event: "CAPTURE",
        success: true,
        amount: 29990,
        transaction_status: "PARTIALLY_CAPTURED",
        event_reference: "cap_1",
        items: [{ line_id: "1", amount: 29990, quantity: 1 }],
        metadata: { ext_order: "o_1" },
      })
      const second = await capture(transactionId, {
        amount: 13880,
        capture_reference: "cap_2",
        items: [
          { line_id: "2", amount: 9980, quantity: 2 },
          { line_id: "shipping", amount: 3900, quantity: 1 },
        ],
      })
      expect(second.body.status).toBe("CAPTURED")
      expect(second.body.amount).toBe(43870)
      expect(sumOf(second.body, "CAPTURE")).toBe(43870)
    })

    it("refunds partially then fully: PARTIALLY_REFUNDED, then REFUNDED", async () => {
      const { transactionId } = await client.paidSession()
      await capture(transactionId, { amount: 43870 })
      const partial = await refund(transactionId, { amount: 10000, refund_reference: "ref_1", reason: "Returned" })
      expect(partial.status).toBe(200)
      expect(partial.body.status).toBe("PARTIALLY_REFUNDED")
      expect(partial.body.events[partial.body.events.length - 1]).toMatchObject({
        event: "REFUND",
        success: true,
        amount: 10000,
        event_reference: "ref_1",
        transaction_status: "PARTIALLY_REFUNDED",
      })
      const rest = await refund(transactionId, { amount: 33870, refund_reference: "ref_2" })
      expect(rest.body.status).toBe("REFUNDED")
      expect(sumOf(rest.body, "REFUND")).toBe(43870)
      expect(rest.body.amount).toBe(43870)
    })

    it("refund while partly captured gives PARTIALLY_CAPTURED_REFUNDED; capturing the rest gives PARTIALLY_REFUNDED", async () => {
      const { transactionId } = await client.paidSession()
      await capture(transactionId, { amount: 20000 })
      const refunded = await refund(transactionId, { amount: 5000 })
      expect(refunded.body.status).toBe("PARTIALLY_CAPTURED_REFUNDED")
      const captured = await capture(transactionId, { amount: 23870 })
      expect(captured.status).toBe(200)
      expect(captured.body.status).toBe("PARTIALLY_REFUNDED")
      const all = await refund(transactionId, { amount: 38870 })
      expect(all.body.status).toBe("REFUNDED")
    })

    it("voids an authorization: AUTHORIZATION_VOIDED, after which nothing is possible", async () => {
      const { transactionId } = await client.paidSession()
      const voided = await voidIt(transactionId)
      expect(voided.status).toBe(200)
      expect(voided.body.status).toBe("AUTHORIZATION_VOIDED")
      expect(voided.body.events[voided.body.events.length - 1]).toMatchObject({ event: "VOID", success: true, amount: 43870 })
      for (const reply of [await capture(transactionId, { amount: 100 }), await refund(transactionId, { amount: 100 }), await voidIt(transactionId)]) {
        expect(reply.status).toBe(400)
        expect(reply.body.error).toMatchObject({ code: "OPERATION_NOT_ALLOWED", message: expect.stringContaining("AUTHORIZATION_VOIDED") })
      }
    })

    it("refuses a capture above the remaining authorization", async () => {
      const { transactionId } = await client.paidSession()
      await capture(transactionId, { amount: 40000 })
      const reply = await capture(transactionId, { amount: 3871 })
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toMatch(/exceeds the remaining authorized amount 3870/)
      expect((await client.transaction(transactionId)).status).toBe("PARTIALLY_CAPTURED")
      expect((await capture(transactionId, { amount: 3870 })).body.status).toBe("CAPTURED")
      expect((await capture(transactionId, { amount: 1 })).status).toBe(400)
    })

    it("refuses a refund above the captured amount, and a refund before any capture", async () => {
      const { transactionId } = await client.paidSession()
      const early = await refund(transactionId, { amount: 100 })
      expect(early.status).toBe(400)
      expect(early.body.error.message).toMatch(/AUTHORIZED/)
      await capture(transactionId, { amount: 10000 })
      const tooMuch = await refund(transactionId, { amount: 10001 })
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.body.error.message).toMatch(/exceeds the captured amount not yet refunded 10000/)
      await refund(transactionId, { amount: 6000 })
      expect((await refund(transactionId, { amount: 4001 })).status).toBe(400)
    })

    it("refuses a void after a full capture", async () => {
      const { transactionId } = await client.paidSession()
      await capture(transactionId, { amount: 43870 })
      const reply = await voidIt(transactionId)
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toMatch(/CAPTURED/)
    })

    it("refuses a void after a partial capture for dintero_psp, and allows it for vipps", async () => {
      const card = await client.paidSession()
      await capture(card.transactionId, { amount: 10000 })
      const refused = await voidIt(card.transactionId)
      expect(refused.status).toBe(400)
      expect(refused.body.error.message).toMatch(/dintero_psp\.creditcard/)

      const vipps = await client.paidSession({}, "authorize", "vipps")
      await capture(vipps.transactionId, { amount: 10000 })
      const voided = await voidIt(vipps.transactionId)
      expect(voided.status).toBe(200)
      expect(voided.body.events[voided.body.events.length - 1]).toMatchObject({ event: "VOID", amount: 33870 })
      expect(voided.body.status).toBe("CAPTURED")
      expect((await capture(vipps.transactionId, { amount: 100 })).status).toBe(400)
    })

    it("final_capture on dintero_psp releases the rest", async () => {
      const { transactionId } = await client.paidSession()
      const reply = await capture(transactionId, { amount: 10000, final_capture: true })
      expect(reply.body.status).toBe("CAPTURED")
      expect((await capture(transactionId, { amount: 100 })).status).toBe(400)
      expect((await refund(transactionId, { amount: 10000 })).body.status).toBe("REFUNDED")
    })

    it.each([
      ["DECLINED", "decline"],
      ["FAILED", "fail"],
      ["ON_HOLD", "on_hold"],
    ])("refuses capture, refund and void on a %s transaction", async (status, outcome) => {
      const { transactionId } = await client.paidSession({}, outcome)
      for (const reply of [await capture(transactionId, { amount: 100 }), await refund(transactionId, { amount: 100 }), await voidIt(transactionId)]) {
        expect(reply.status).toBe(400)
        expect(reply.body.error.message).toContain(status)
      }
      expect((await client.transaction(transactionId)).status).toBe(status)
    })

    it.each([
      ["no amount", {}, "amount"],
      ["a zero amount", { amount: 0 }, "amount"],
      ["a negative amount", { amount: -5 }, "amount"],
      ["a decimal amount", { amount: 100.5 }, "amount"],
      ["an unknown line_id", { amount: 100, items: [{ line_id: "nope", amount: 100 }] }, "items[0].line_id"],
      ["an item without line_id", { amount: 100, items: [{ amount: 100 }] }, "items[0].line_id"],
      ["items not adding up to amount", { amount: 29990, items: [{ line_id: "1", amount: 20000 }] }, "items"],
      ["metadata keys without ext_", { amount: 100, metadata: { order: "x" } }, "metadata.order"],
    ])("refuses a capture with %s, naming the field", async (_case, body, field) => {
      const { transactionId } = await client.paidSession()
      const reply = await capture(transactionId, body)
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
      expect((await client.transaction(transactionId)).status).toBe("AUTHORIZED")
    })

    it("validates refund items against the transaction's lines, including the shipping line", async () => {
      const { transactionId } = await client.paidSession()
      await capture(transactionId, { amount: 43870 })
      const unknown = await refund(transactionId, { amount: 3900, items: [{ line_id: "freight", amount: 3900 }] })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.errors).toEqual([expect.objectContaining({ field: "items[0].line_id" })])
      const shipping = await refund(transactionId, { amount: 3900, items: [{ line_id: "shipping", amount: 3900, quantity: 1 }] })
      expect(shipping.status).toBe(200)
    })

    it("answers 404 for an unknown transaction", async () => {
      const reply = await capture(`${ACCOUNT}.AAAAAAAAAAAAAAAAAAAAAA`, { amount: 1 })
      expect(reply.status).toBe(404)
      expect(reply.body.error.code).toBe("NOT_FOUND")
    })
  })

  describe("accepted (202) operations", () => {
    it("answers 202 with event-request-id, then applies the capture with correlation_request_id", async () => {
      const { transactionId } = await client.paidSession()
      await client.control("POST", "/faults", { path: "/capture$", status: 202, delay_ms: 50 })
      const reply = await capture(transactionId, { amount: 10000, capture_reference: "cap_202" })
      expect(reply.status).toBe(202)
      const requestId = reply.headers.get("event-request-id")
      expect(requestId).toEqual(expect.any(String))
      expect(reply.body.status).toBe("AUTHORIZED")
      expect(reply.body.events[reply.body.events.length - 1]).toMatchObject({
        event: "INITIATE_CAPTURE",
        request_id: requestId,
        amount: 10000,
        event_reference: "cap_202",
      })
      // the pending amount counts against the limit meanwhile
      expect((await capture(transactionId, { amount: 33871 })).status).toBe(400)
      await sleep(150)
      const after = await client.transaction(transactionId)
      expect(after.status).toBe("PARTIALLY_CAPTURED")
      expect(after.events[after.events.length - 1]).toMatchObject({
        event: "CAPTURE",
        success: true,
        amount: 10000,
        correlation_request_id: requestId,
        event_reference: "cap_202",
      })
    })

    it("accepts a void the same way", async () => {
      const { transactionId } = await client.paidSession()
      await client.control("POST", "/faults", { path: "/void$", status: 202, delay_ms: 20 })
      const reply = await voidIt(transactionId)
      expect(reply.status).toBe(202)
      expect(reply.body.events[reply.body.events.length - 1].event).toBe("INITIATE_VOID")
      await sleep(100)
      expect((await client.transaction(transactionId)).status).toBe("AUTHORIZATION_VOIDED")
    })
  })

  describe("read", () => {
    it("lists transactions as a bare array, filtered by merchant_reference, session_id, status, limit", async () => {
      const reference = `list-${Date.now()}`
      const a = await client.paidSession({ order: { merchant_reference: reference } })
      const b = await client.paidSession({ order: { merchant_reference: reference } }, "decline")
      const byReference = await client.call("GET", `/v1/transactions?merchant_reference=${reference}`)
      expect(byReference.status).toBe(200)
      expect(Array.isArray(byReference.body)).toBe(true)
      expect(byReference.body.map((t: { id: string }) => t.id)).toEqual([b.transactionId, a.transactionId])
      const bySession = await client.call("GET", `/v1/transactions?session_id=${a.sessionId}`)
      expect(bySession.body.map((t: { id: string }) => t.id)).toEqual([a.transactionId])
      const byStatus = await client.call("GET", `/v1/transactions?merchant_reference=${reference}&status=DECLINED`)
      expect(byStatus.body.map((t: { id: string }) => t.id)).toEqual([b.transactionId])
      const limited = await client.call("GET", `/v1/transactions?merchant_reference=${reference}&limit=1`)
      expect(limited.body).toHaveLength(1)
      expect((await client.call("GET", "/v1/transactions?limit=0")).status).toBe(400)
      expect((await client.call("GET", "/v1/transactions?status=PAID")).status).toBe(400)
    })

    it("filters by created_at.gte / created_at.lte (ISO 8601, UTC when no zone is given)", async () => {
      const reference = `window-${Date.now()}`
      const a = await client.paidSession({ order: { merchant_reference: reference } })
      const created = (await client.transaction(a.transactionId)).created_at as string
      const at = (offsetMs: number) => new Date(Date.parse(created) + offsetMs).toISOString()
      const ids = async (query: string) =>
        (await client.call("GET", `/v1/transactions?merchant_reference=${reference}&${query}`)).body.map((t: { id: string }) => t.id)
      expect(await ids(`created_at.gte=${at(-1000)}`)).toEqual([a.transactionId])
      expect(await ids(`created_at.gte=${at(1000)}`)).toEqual([])
      expect(await ids(`created_at.lte=${at(-1000)}`)).toEqual([])
      expect(await ids(`created_at.lte=${at(1000).replace("Z", "")}`)).toEqual([a.transactionId])
      expect((await client.call("GET", "/v1/transactions?created_at.gte=yesterday")).status).toBe(400)
    })

    it("includes the session with includes=session", async () => {
      const { sessionId, transactionId } = await client.paidSession()
      const reply = await client.call("GET", `/v1/transactions/${transactionId}?includes=session`)
      expect(reply.body.session).toMatchObject({ id: sessionId, transaction_id: transactionId })
      expect((await client.call("GET", `/v1/transactions/${transactionId}`)).body).not.toHaveProperty("session")
    })

    it("sets merchant_reference_2 with PUT", async () => {
      const { transactionId } = await client.paidSession()
      const reply = await client.call("PUT", `/v1/transactions/${transactionId}`, { merchant_reference_2: "medusa-order-1" })
      expect(reply.status).toBe(200)
      expect((await client.transaction(transactionId)).merchant_reference_2).toBe("medusa-order-1")
    })
  })
})
