import type { SandboxHandle } from "../index"
import { ACCOUNT, Client, basic, request, start } from "./helpers"

describe("sandbox faults", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start()
    client = new Client(sandbox)
  })
  beforeEach(async () => {
    await client.control("DELETE", "/faults")
    await client.authenticate()
  })
  afterAll(() => sandbox.stop())

  const addFault = async (fault: Record<string, unknown>) => {
    const reply = await client.control("POST", "/faults", fault)
    expect(reply.status).toBe(201)
    return reply.body
  }

  it.each([
    [500, "INTERNAL_ERROR"],
    [503, "SERVICE_UNAVAILABLE"],
    [400, "BAD_REQUEST"],
  ])("fails the next matching request with %s and Dintero's error body, then answers normally", async (status, code) => {
    const { sessionId } = await client.paidSession()
    await addFault({ path: "^/v1/sessions/", method: "GET", status })
    const failed = await client.call("GET", `/v1/sessions/${sessionId}`)
    expect(failed.status).toBe(status)
    expect(failed.body).toEqual({ error: { code, message: expect.any(String) } })
    expect((await client.call("GET", `/v1/sessions/${sessionId}`)).status).toBe(200)
  })

  it("fails N times when times is N", async () => {
    await addFault({ path: "^/v1/transactions$", status: 500, times: 2 })
    const statuses = []
    for (let i = 0; i < 3; i += 1) statuses.push((await client.call("GET", "/v1/transactions")).status)
    expect(statuses).toEqual([500, 500, 200])
    expect((await client.control("GET", "/faults")).body).toEqual([expect.objectContaining({ times: 2, remaining: 0 })])
  })

  it("with query, only matches requests whose query string matches it", async () => {
    await addFault({ path: "^/v1/transactions$", method: "GET", query: "merchant_reference=", status: 503, times: 1 })
    expect((await client.call("GET", "/v1/transactions?status=AUTHORIZED")).status).toBe(200)
    expect((await client.call("GET", "/v1/transactions")).status).toBe(200)
    expect((await client.call("GET", "/v1/transactions?merchant_reference=payses_1")).status).toBe(503)
    expect((await client.call("GET", "/v1/transactions?merchant_reference=payses_1")).status).toBe(200)
  })

  it("answers 429 with Retry-After", async () => {
    await addFault({ path: "/sessions-profile", status: 429, retry_after: 7 })
    const reply = await client.call("POST", "/v1/sessions-profile", {})
    expect(reply.status).toBe(429)
    expect(reply.headers.get("retry-after")).toBe("7")
    expect(reply.body.error.code).toBe("TOO_MANY_REQUESTS")
  })

  it("applies to the token endpoint too, before checking credentials", async () => {
    await addFault({ path: "/auth/token$", status: 503 })
    const reply = await request(`${sandbox.url}/v1/accounts/${ACCOUNT}/auth/token`, {
      method: "POST",
      headers: { authorization: basic("sandbox-client", "sandbox-secret") },
      body: { grant_type: "client_credentials", audience: `https://api.dintero.com/v1/accounts/${ACCOUNT}` },
    })
    expect(reply.status).toBe(503)
  })

  it("only matches the given method", async () => {
    const { transactionId } = await client.paidSession()
    await addFault({ path: "/transactions/", method: "POST", status: 500 })
    expect((await client.call("GET", `/v1/transactions/${transactionId}`)).status).toBe(200)
    expect((await client.call("POST", `/v1/transactions/${transactionId}/capture`, { amount: 100 })).status).toBe(500)
    expect((await client.transaction(transactionId)).status).toBe("AUTHORIZED")
  })

  it("with after, applies the capture and then fails the answer (a lost response)", async () => {
    const { transactionId } = await client.paidSession()
    await addFault({ path: "/capture$", status: 500, after: true })
    const reply = await client.call("POST", `/v1/transactions/${transactionId}/capture`, { amount: 43870, capture_reference: "cap_lost" })
    expect(reply.status).toBe(500)
    const transaction = await client.transaction(transactionId)
    expect(transaction.status).toBe("CAPTURED")
    expect(transaction.events[transaction.events.length - 1]).toMatchObject({ event: "CAPTURE", event_reference: "cap_lost" })
  })

  /** A capture of 100 by a client that stops waiting after 200 ms. */
  async function captureGivingUpAfter200ms(transactionId: string) {
    const token = await client.authenticate()
    return fetch(`${sandbox.url}/v1/transactions/${transactionId}/capture`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ amount: 100 }),
      signal: AbortSignal.timeout(200),
    })
  }

  it("with timeout, never answers (the client gives up), and the request is logged", async () => {
    const { transactionId } = await client.paidSession()
    await addFault({ path: "/capture$", timeout: true })
    await expect(captureGivingUpAfter200ms(transactionId)).rejects.toThrow()
    const entry = sandbox.state.requests().filter((r) => r.path.endsWith("/capture")).pop()
    expect(entry).toMatchObject({ status: null, fault: { kind: "timeout", after: false } })
    expect((await client.transaction(transactionId)).status).toBe("AUTHORIZED")
  })

  it("with timeout and after, applies the operation and never answers", async () => {
    const { transactionId } = await client.paidSession()
    await addFault({ path: "/refund$|/capture$", timeout: true, after: true })
    await expect(captureGivingUpAfter200ms(transactionId)).rejects.toThrow()
    expect((await client.transaction(transactionId)).status).toBe("PARTIALLY_CAPTURED")
  })

  it("with reset, cuts the connection", async () => {
    await addFault({ path: "^/v1/transactions$", reset: true })
    const token = await client.authenticate()
    await expect(fetch(`${sandbox.url}/v1/transactions`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow()
    expect((await client.call("GET", "/v1/transactions")).status).toBe(200)
  })

  it("refuses an invalid fault, naming the field", async () => {
    for (const [fault, field] of [
      [{ path: "(" , status: 500 }, "path"],
      [{ path: "x" }, "status"],
      [{ path: "x", status: 500, timeout: true }, "status"],
      [{ path: "x", status: 302 }, "status"],
      [{ path: "x", status: 500, times: 0 }, "times"],
    ] as const) {
      const reply = await client.control("POST", "/faults", fault)
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    }
  })

  it("lists and clears faults", async () => {
    await addFault({ path: "x", status: 500, times: 3 })
    expect((await client.control("GET", "/faults")).body).toEqual([
      expect.objectContaining({ id: expect.any(String), path: "x", status: 500, times: 3, remaining: 3 }),
    ])
    await client.control("DELETE", "/faults")
    expect((await client.control("GET", "/faults")).body).toEqual([])
  })

  it("stop() resolves promptly while a request hangs on a timeout fault", async () => {
    const other = await start()
    const otherClient = new Client(other)
    await otherClient.authenticate()
    await otherClient.control("POST", "/faults", { path: ".", timeout: true })
    const hanging = otherClient.call("GET", "/v1/transactions").catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    await other.stop()
    expect(Date.now() - started).toBeLessThan(1000)
    // fetch rejects (its TypeError comes from another realm than jest's Error)
    expect(String(await hanging)).toMatch(/fetch failed/)
  })
})

describe("sandbox latency", () => {
  it("adds latencyMs to every API answer", async () => {
    const slow = await start({ latencyMs: 150 })
    try {
      const client = new Client(slow)
      await client.authenticate()
      const started = Date.now()
      expect((await client.call("GET", "/v1/transactions")).status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    } finally {
      await slow.stop()
    }
  })
})
