import { createHmac } from "node:crypto"
import { callbackDelayMs, retryDelayMs } from "../callbacks"
import type { SandboxHandle } from "../index"
import { Client, type Receiver, request, sleep, start, startReceiver, waitFor } from "./helpers"

const SECRET = "callback-secret"

/** Dintero's scheme, computed here independently of the sandbox's signer. */
function expectedSignature(header: string, method: string, url: URL): string {
  const t = /t=(\d+)/.exec(header)?.[1] ?? ""
  const query = new URLSearchParams(url.search)
  query.sort()
  const payload = [t, "T12345678", method, url.hostname, url.pathname, query.toString()].join("\n")
  return `t=${t},v0-hmac-sha256=${createHmac("sha256", SECRET).update(payload).digest("hex")}`
}

describe("sandbox callbacks", () => {
  let sandbox: SandboxHandle
  let client: Client
  let receiver: Receiver

  beforeAll(async () => {
    sandbox = await start({ signatureSecret: SECRET, callbackRetries: 3, callbackRetryBaseMs: 10, callbackTimeoutMs: 1000, profiles: "default,instant:auto-capture" })
    client = new Client(sandbox)
  })
  beforeEach(async () => {
    receiver = await startReceiver()
  })
  afterEach(() => receiver.close())
  afterAll(() => sandbox.stop())

  const withCallback = (query: string, extra: Record<string, unknown> = {}) => ({
    url: { callback_url: `${receiver.url}/hooks/dintero?${query}` },
    ...extra,
  })

  it("calls back with GET and Dintero's parameters added to the merchant's own, signed", async () => {
    const { sessionId, transactionId } = await client.paidSession(withCallback("cart=c_1&tenant=eu"))
    const [callback] = await receiver.waitFor(1)
    const transaction = await client.transaction(transactionId)
    expect(callback?.method).toBe("GET")
    expect(callback?.url.pathname).toBe("/hooks/dintero")
    expect(Object.fromEntries(callback?.url.searchParams ?? [])).toEqual({
      cart: "c_1",
      tenant: "eu",
      transaction_id: transactionId,
      session_id: sessionId,
      merchant_reference: "order-1",
      time: transaction.created_at,
    })
    expect(callback?.headers["event-delivery"]).toEqual(expect.any(String))
    const signature = String(callback?.headers["dintero-signature"])
    expect(signature).toMatch(/^t=\d+,v0-hmac-sha256=[0-9a-f]{64}$/)
    expect(signature).toBe(expectedSignature(signature, "GET", callback!.url))
    expect(Math.abs(Number(/t=(\d+)/.exec(signature)?.[1]) - Date.now() / 1000)).toBeLessThan(60)
  })

  it("uses POST with the Transaction as JSON body for method=POST, with the session for includes=session", async () => {
    const { transactionId } = await client.paidSession(withCallback("method=POST&includes=session"))
    const [callback] = await receiver.waitFor(1)
    expect(callback?.method).toBe("POST")
    expect(callback?.headers["content-type"]).toBe("application/json")
    const body = JSON.parse(callback?.body ?? "")
    expect(body).toMatchObject({ id: transactionId, status: "AUTHORIZED", amount: 43870, session: { transaction_id: transactionId } })
    expect(callback?.url.searchParams.get("method")).toBe("POST")
    expect(String(callback?.headers["dintero-signature"])).toBe(
      expectedSignature(String(callback?.headers["dintero-signature"]), "POST", callback!.url),
    )
  })

  it("names the session parameter sid with sid_parameter_name=sid", async () => {
    const { sessionId } = await client.paidSession(withCallback("sid_parameter_name=sid"))
    const [callback] = await receiver.waitFor(1)
    expect(callback?.url.searchParams.get("sid")).toBe(sessionId)
    expect(callback?.url.searchParams.has("session_id")).toBe(false)
  })

  it("calls back once the auto-captured transaction is CAPTURED", async () => {
    await client.paidSession(withCallback("method=POST", { profile_id: "instant" }))
    const [callback] = await receiver.waitFor(1)
    expect(JSON.parse(callback?.body ?? "").status).toBe("CAPTURED")
    await sleep(100)
    expect(receiver.received).toHaveLength(1)
  })

  it("delays the first attempt by delay_callback seconds", async () => {
    const started = Date.now()
    await client.paidSession(withCallback("delay_callback=1"))
    await sleep(600)
    expect(receiver.received).toHaveLength(0)
    const [callback] = await receiver.waitFor(1, 3000)
    expect(callback!.at - started).toBeGreaterThanOrEqual(950)
  })

  it("clamps delay_callback to 60 seconds and ignores nonsense", () => {
    expect(callbackDelayMs(new URL("https://x.example/cb?delay_callback=120"))).toBe(60_000)
    expect(callbackDelayMs(new URL("https://x.example/cb?delay_callback=30"))).toBe(30_000)
    expect(callbackDelayMs(new URL("https://x.example/cb?delay_callback=soon"))).toBe(0)
    expect(callbackDelayMs(new URL("https://x.example/cb"))).toBe(0)
  })

  it("backs off exponentially", () => {
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(1000, retry))).toEqual([1000, 2000, 4000, 8000])
    expect(retryDelayMs(1000, 20)).toBe(256_000)
  })

  describe("report_error", () => {
    it.each([
      ["decline", "authorization", true],
      ["fail", "failed", true],
      ["cancel", "cancelled", false],
    ])("calls back on %s with error=%s", async (outcome, error, hasTransaction) => {
      const sessionId = await client.createSession(withCallback("report_error=true"))
      const paid = await client.control("POST", `/sessions/${sessionId}/pay`, { outcome })
      const [callback] = await receiver.waitFor(1)
      const params = callback!.url.searchParams
      expect(params.get("error")).toBe(error)
      expect(params.get("session_id")).toBe(sessionId)
      expect(params.get("merchant_reference")).toBe("order-1")
      expect(params.get("time")).toEqual(expect.any(String))
      expect(params.get("transaction_id")).toBe(hasTransaction ? paid.body.transaction_id : null)
    })

    it("does not call back on failures without report_error", async () => {
      const sessionId = await client.createSession(withCallback("x=1"))
      await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "decline" })
      await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "cancel" })
      await sleep(150)
      expect(receiver.received).toHaveLength(0)
    })
  })

  describe("report_event", () => {
    it("calls back after each CAPTURE and REFUND asked for, with event and event_id", async () => {
      const { transactionId } = await client.paidSession(withCallback("report_event=CAPTURE&report_event=REFUND"))
      await receiver.waitFor(1)
      const captured = await client.call("POST", `/v1/transactions/${transactionId}/capture`, { amount: 43870 })
      const captureEvent = captured.body.events[captured.body.events.length - 1]
      const refunded = await client.call("POST", `/v1/transactions/${transactionId}/refund`, { amount: 100 })
      const refundEvent = refunded.body.events[refunded.body.events.length - 1]
      const callbacks = await receiver.waitFor(3)
      const events = callbacks.slice(1).map((c) => [c.url.searchParams.get("event"), c.url.searchParams.get("event_id")])
      expect(events).toEqual(
        expect.arrayContaining([
          ["CAPTURE", captureEvent.id],
          ["REFUND", refundEvent.id],
        ]),
      )
      expect(callbacks[1]!.url.searchParams.get("transaction_id")).toBe(transactionId)
      expect(callbacks[1]!.url.searchParams.getAll("report_event")).toEqual(["CAPTURE", "REFUND"])
    })

    it("reports a VOID made by cancelling the session, and not events that were not asked for", async () => {
      const { sessionId } = await client.paidSession(withCallback("report_event=VOID"))
      await receiver.waitFor(1)
      await client.call("POST", `/v1/sessions/${sessionId}/cancel`)
      const callbacks = await receiver.waitFor(2)
      expect(callbacks[1]!.url.searchParams.get("event")).toBe("VOID")

      const other = await client.paidSession(withCallback("report_event=VOID"))
      await receiver.waitFor(3)
      await client.call("POST", `/v1/transactions/${other.transactionId}/capture`, { amount: 100 })
      await sleep(150)
      expect(receiver.received).toHaveLength(3)
    })

    it("reports the completion of an accepted (202) capture", async () => {
      const { transactionId } = await client.paidSession(withCallback("report_event=CAPTURE"))
      await receiver.waitFor(1)
      await client.control("POST", "/faults", { path: "/capture$", status: 202, delay_ms: 20 })
      const reply = await client.call("POST", `/v1/transactions/${transactionId}/capture`, { amount: 100 })
      expect(reply.status).toBe(202)
      const callbacks = await receiver.waitFor(2)
      expect(callbacks[1]!.url.searchParams.get("event")).toBe("CAPTURE")
      const transaction = await client.transaction(transactionId)
      const completed = transaction.events[transaction.events.length - 1]
      expect(completed.correlation_request_id).toBe(reply.headers.get("event-request-id"))
      expect(callbacks[1]!.url.searchParams.get("event_id")).toBe(completed.id)
    })
  })

  it("calls back for ON_HOLD, and again when the transaction leaves ON_HOLD", async () => {
    const { transactionId } = await client.paidSession(withCallback("method=POST"), "on_hold", "collector.invoice")
    const [first] = await receiver.waitFor(1)
    expect(JSON.parse(first!.body).status).toBe("ON_HOLD")
    await client.control("POST", `/transactions/${transactionId}/resolve`, { outcome: "authorize" })
    const callbacks = await receiver.waitFor(2)
    expect(JSON.parse(callbacks[1]!.body).status).toBe("AUTHORIZED")
    expect(callbacks[1]!.url.searchParams.get("transaction_id")).toBe(transactionId)
    expect(callbacks[1]!.headers["event-delivery"]).not.toBe(first!.headers["event-delivery"])
  })

  describe("retries", () => {
    it("retries on 5xx with the same event-delivery until a 2xx", async () => {
      receiver.respond = (_request, index) => (index < 2 ? 503 : 200)
      const { transactionId } = await client.paidSession(withCallback("x=1"))
      const callbacks = await receiver.waitFor(3)
      const deliveries = new Set(callbacks.map((c) => c.headers["event-delivery"]))
      expect(deliveries.size).toBe(1)
      await sleep(100)
      expect(receiver.received).toHaveLength(3)
      const log = sandbox.state.callbacks().filter((entry) => entry.transaction_id === transactionId)
      expect(log.map((entry) => [entry.attempt, entry.status])).toEqual([
        [1, 503],
        [2, 503],
        [3, 200],
      ])
      expect(log[0]!.signature).toMatch(/^t=\d+,v0-hmac-sha256=/)
    })

    it("does not retry a 4xx", async () => {
      receiver.respond = () => 404
      await client.paidSession(withCallback("x=1"))
      await receiver.waitFor(1)
      await sleep(150)
      expect(receiver.received).toHaveLength(1)
    })

    it("retries a callback left unanswered past the timeout", async () => {
      receiver.respond = (_request, index) => (index === 0 ? "hang" : 200)
      const { transactionId } = await client.paidSession(withCallback("x=1"))
      const callbacks = await receiver.waitFor(2, 5000)
      expect(callbacks[1]!.headers["event-delivery"]).toBe(callbacks[0]!.headers["event-delivery"])
      // The attempt is logged when its answer arrives, just after the receiver has seen it.
      const log = await waitFor(() => {
        const entries = sandbox.state.callbacks().filter((entry) => entry.transaction_id === transactionId)
        return entries.length >= 2 ? entries : undefined
      })
      expect(log[0]).toMatchObject({ attempt: 1, error: expect.stringContaining("1000 ms") })
      expect(log[1]).toMatchObject({ attempt: 2, status: 200 })
    })

    it("retries connection errors up to callbackRetries, then gives up", async () => {
      const closed = await startReceiver()
      const deadUrl = closed.url
      await closed.close()
      const { transactionId } = await client.paidSession({ url: { callback_url: `${deadUrl}/cb` } })
      const log = await (async () => {
        for (let i = 0; i < 200; i += 1) {
          const entries = sandbox.state.callbacks().filter((entry) => entry.transaction_id === transactionId)
          if (entries.length >= 4) return entries
          await sleep(10)
        }
        return []
      })()
      expect(log.map((entry) => entry.attempt)).toEqual([1, 2, 3, 4])
      expect(log.every((entry) => entry.error !== undefined && entry.status === undefined)).toBe(true)
      await sleep(200)
      expect(sandbox.state.callbacks().filter((entry) => entry.transaction_id === transactionId)).toHaveLength(4)
    })
  })

  it("cancels pending retries and delayed callbacks on stop()", async () => {
    const stopping = await start({ callbackRetryBaseMs: 200 })
    const stoppingClient = new Client(stopping)
    receiver.respond = () => 500
    await stoppingClient.paidSession({ url: { callback_url: `${receiver.url}/cb` } })
    await stoppingClient.paidSession({ url: { callback_url: `${receiver.url}/cb?delay_callback=1` } })
    await receiver.waitFor(1)
    await stopping.stop()
    await sleep(1300)
    expect(receiver.received).toHaveLength(1)
  })

  it("sends no signature header when no signature secret is configured", async () => {
    const unsigned = await start()
    try {
      const unsignedClient = new Client(unsigned)
      await unsignedClient.paidSession({ url: { callback_url: `${receiver.url}/cb` } })
      const [callback] = await receiver.waitFor(1)
      expect(callback!.headers).not.toHaveProperty("dintero-signature")
      expect(callback!.headers["event-delivery"]).toEqual(expect.any(String))
    } finally {
      await unsigned.stop()
    }
  })

  it("holds callbacks on request and releases them later, as concurrent copies if asked", async () => {
    await request(`${sandbox.url}/_sandbox/callbacks/hold`, { method: "POST" })
    const { transactionId } = await client.paidSession(withCallback("cart=c_9"))
    await sleep(100)
    expect(receiver.received).toHaveLength(0)
    const held = await request(`${sandbox.url}/_sandbox/callbacks/held`, { method: "GET" })
    expect(held.body).toEqual([expect.objectContaining({ method: "GET", url: expect.stringContaining(`transaction_id=${transactionId}`) })])

    const released = await request(`${sandbox.url}/_sandbox/callbacks/release`, { method: "POST", body: { copies: 3 } })
    expect(released.body).toEqual({ released: 1 })
    const callbacks = await receiver.waitFor(3)
    expect(new Set(callbacks.map((c) => c.headers["event-delivery"])).size).toBe(1)
    expect((await request(`${sandbox.url}/_sandbox/callbacks/held`, { method: "GET" })).body).toEqual([])
  })

  it("drops held callbacks, which are then never sent", async () => {
    await request(`${sandbox.url}/_sandbox/callbacks/hold`, { method: "POST" })
    await client.paidSession(withCallback("cart=c_10"))
    expect((await request(`${sandbox.url}/_sandbox/callbacks/held`, { method: "DELETE" })).body).toEqual({ dropped: 1 })
    await client.paidSession(withCallback("cart=c_11"))
    const [callback] = await receiver.waitFor(1)
    await sleep(100)
    expect(receiver.received).toHaveLength(1)
    expect(callback?.url.searchParams.get("cart")).toBe("c_11")
  })

  it("refuses a release with a silly number of copies", async () => {
    expect((await request(`${sandbox.url}/_sandbox/callbacks/release`, { method: "POST", body: { copies: 0 } })).status).toBe(400)
  })
})
