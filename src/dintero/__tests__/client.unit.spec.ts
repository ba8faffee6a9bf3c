import { createServer, Server } from "node:http"
import { AddressInfo } from "node:net"
import { clearTokenCache, DinteroClient, DinteroError } from ".."
import { SandboxHandle, startSandbox } from "../../sandbox"
import { sandboxControl } from "../../../test-support/sandbox-control"
import { freePort } from "../../../test-support/wait"

/*
 * The Dintero client over real HTTP, against the Dintero sandbox on loopback.
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: "default", callbackRetries: 0 })
  control = sandboxControl(sandbox.url)
})
afterAll(() => sandbox.stop())
beforeEach(async () => {
  clearTokenCache()
  await control.reset()
})

const client = (overrides: Partial<ConstructorParameters<typeof DinteroClient>[0]> = {}) =>
  new DinteroClient({
    accountId: "T12345678",
    clientId: "sandbox-client",
    clientSecret: "sandbox-secret",
    apiBaseUrl: `${sandbox.url}/v1`,
    checkoutBaseUrl: `${sandbox.url}/v1`,
    timeoutMs: 2_000,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 2_000 },
    system: { name: "medusa", version: "2.21.2", pluginName: "medusa-payment-dintero", pluginVersion: "9.9.9" },
    ...overrides,
  })

const newSession = (c: DinteroClient, reference = "payses_test1", amount = 12500) =>
  c.createSession({
    profile_id: "default",
    url: { return_url: "https://shop.example.com/return" },
    order: {
      amount,
      currency: "NOK",
      merchant_reference: reference,
      items: [
        { id: "sku-1", line_id: "item_1", description: "Sweater", quantity: 1, amount: amount - 2500, vat: 25, vat_amount: (amount - 2500) / 5 },
      ],
      shipping_option: { id: "standard", line_id: "ship_1", amount: 2500, vat: 25, vat_amount: 500, title: "Standard", operator: "" },
    },
  })

/** A session paid (authorized) on the sandbox; returns the transaction id. */
async function authorizedTransaction(c: DinteroClient, reference = "payses_test1"): Promise<string> {
  const session = await newSession(c, reference)
  const paid = await control.pay(session.id, "authorize")
  return paid.transaction_id as string
}

describe("authentication", () => {
  it("shares one token request among 50 concurrent calls, and reuses the token afterwards", async () => {
    const c = client()
    const session = await newSession(c)
    clearTokenCache()
    await control.clearRequests()

    const sessions = await Promise.all(Array.from({ length: 50 }, () => c.getSession(session.id)))
    await c.getSession(session.id)

    expect(sessions.every((s) => s.id === session.id)).toBe(true)
    const requests = await control.requests()
    expect(requests.filter((r) => r.path.endsWith("/auth/token"))).toHaveLength(1)
    expect(requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/sessions/"))).toHaveLength(51)
  })

  it("shares the token between clients with the same credentials", async () => {
    await newSession(client())
    await newSession(client(), "payses_other")
    const requests = await control.requests()
    expect(requests.filter((r) => r.path.endsWith("/auth/token"))).toHaveLength(1)
  })

  it("gets a new token once and repeats the call when Dintero answers 401", async () => {
    const c = client()
    const session = await newSession(c)
    await control.expireTokens()

    await expect(c.getSession(session.id)).resolves.toMatchObject({ id: session.id })
    const requests = await control.requests()
    expect(requests.filter((r) => r.path.endsWith("/auth/token"))).toHaveLength(2)
    expect(requests.filter((r) => r.method === "GET").map((r) => r.status)).toEqual([401, 200])
  })

  it("fails with Dintero's error on bad credentials, without leaking the secret", async () => {
    const c = client({ clientSecret: "wrong-secret-value" })
    const error = await newSession(c).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DinteroError)
    expect((error as DinteroError).status).toBe(401)
    expect((error as DinteroError).operation).toBe("authentication")
    expect((error as DinteroError).dinteroMessage).toEqual(expect.any(String))
    expect(JSON.stringify(error)).not.toContain("wrong-secret-value")
    expect((error as Error).message).not.toContain("wrong-secret-value")
  })

  it("sends the audience and the Dintero-System headers", async () => {
    await newSession(client())
    const requests = await control.requests()
    const create = requests.find((r) => r.path === "/v1/sessions-profile")
    expect(create?.headers).toMatchObject({
      "dintero-system-name": "medusa",
      "dintero-system-version": "2.21.2",
      "dintero-system-plugin-name": "medusa-payment-dintero",
      "dintero-system-plugin-version": "9.9.9",
      "dintero-feature-toggles": "strict-session-amounts",
    })
  })
})

describe("repeats", () => {
  it("repeats a read after 503s and succeeds", async () => {
    const c = client()
    const session = await newSession(c)
    await control.fault({ path: "^/v1/sessions/", method: "GET", status: 503, times: 2 })

    await expect(c.getSession(session.id)).resolves.toMatchObject({ id: session.id })
    const gets = (await control.requests()).filter((r) => r.method === "GET" && r.path.startsWith("/v1/sessions/"))
    expect(gets.map((r) => r.status)).toEqual([503, 503, 200])
  })

  it("honours Retry-After on 429", async () => {
    const c = client()
    const session = await newSession(c)
    await control.fault({ path: "^/v1/sessions/", method: "GET", status: 429, retry_after: 1, times: 1 })

    const started = Date.now()
    await c.getSession(session.id)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it("gives up after the configured repeats with Dintero's status", async () => {
    const c = client()
    const session = await newSession(c)
    await control.fault({ path: "^/v1/sessions/", method: "GET", status: 500, times: 10 })

    const error = (await c.getSession(session.id).catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.status).toBe(500)
    const gets = (await control.requests()).filter((r) => r.method === "GET" && r.path.startsWith("/v1/sessions/"))
    expect(gets).toHaveLength(4)
  })

  it("times out a hanging request and repeats it", async () => {
    const c = client({ timeoutMs: 1_000 })
    const session = await newSession(c)
    await control.fault({ path: "^/v1/sessions/", method: "GET", timeout: true, times: 1 })
    await expect(c.getSession(session.id)).resolves.toMatchObject({ id: session.id })
  })

  it("reports a refused connection as a network error", async () => {
    const closed = await freePort()
    const c = client({ apiBaseUrl: `http://127.0.0.1:${closed}/v1`, checkoutBaseUrl: `http://127.0.0.1:${closed}/v1`, retry: { retries: 1, baseDelayMs: 1 } })
    const error = (await c.getSession("T12345678.x").catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.kind).toBe("network")
    expect(error.message).toContain("ECONNREFUSED")
  })
})

describe("capture, refund and void: read before repeating", () => {
  it("does not capture twice when the capture was applied but its answer timed out", async () => {
    const c = client({ timeoutMs: 1_500 })
    const transactionId = await authorizedTransaction(c)
    await control.fault({ path: "/capture$", method: "POST", timeout: true, after: true, times: 1 })

    const result = await c.captureTransaction(transactionId, { amount: 12500, capture_reference: "capt_1" })

    expect(result.recovered).toBe(true)
    expect(result.transaction.status).toBe("CAPTURED")
    const captures = (await control.requests()).filter((r) => r.path.endsWith("/capture"))
    expect(captures).toHaveLength(1)
    const transaction = await c.getTransaction(transactionId)
    expect(transaction.events?.filter((e) => e.event === "CAPTURE")).toHaveLength(1)
  })

  it("repeats a capture that was not applied (503 before processing)", async () => {
    const c = client()
    const transactionId = await authorizedTransaction(c)
    await control.fault({ path: "/capture$", method: "POST", status: 503, times: 1 })

    const result = await c.captureTransaction(transactionId, { amount: 12500, capture_reference: "capt_2" })

    expect(result.recovered).toBe(false)
    expect(result.transaction.status).toBe("CAPTURED")
    const captures = (await control.requests()).filter((r) => r.path.endsWith("/capture"))
    expect(captures.map((r) => r.status)).toEqual([503, 200])
    const transaction = await c.getTransaction(transactionId)
    expect(transaction.events?.filter((e) => e.event === "CAPTURE" && e.success)).toHaveLength(1)
  })

  it("does not refund twice when a refund's answer is lost (500 after processing)", async () => {
    const c = client()
    const transactionId = await authorizedTransaction(c)
    await c.captureTransaction(transactionId, { amount: 12500 })
    await control.fault({ path: "/refund$", method: "POST", status: 500, after: true, times: 1 })

    const result = await c.refundTransaction(transactionId, { amount: 2000, refund_reference: "ref_1" })

    expect(result.recovered).toBe(true)
    expect(result.transaction.status).toBe("PARTIALLY_REFUNDED")
    expect((await control.requests()).filter((r) => r.path.endsWith("/refund"))).toHaveLength(1)
  })

  it("takes a void whose answer was lost as done once the transaction is voided", async () => {
    const c = client()
    const transactionId = await authorizedTransaction(c)
    await control.fault({ path: "/void$", method: "POST", reset: true, after: true, times: 1 })

    const result = await c.voidTransaction(transactionId)
    expect(result.recovered).toBe(true)
    expect(result.transaction.status).toBe("AUTHORIZATION_VOIDED")
  })

  it("reports 202 as accepted, not as a failure", async () => {
    const c = client()
    const transactionId = await authorizedTransaction(c)
    await control.fault({ path: "/capture$", method: "POST", status: 202, times: 1 })

    const result = await c.captureTransaction(transactionId, { amount: 12500, capture_reference: "capt_3" })
    expect(result.accepted).toBe(true)
    expect(result.requestId).toEqual(expect.any(String))
  })

  it("turns Dintero's error body into a DinteroError with its code and message", async () => {
    const c = client()
    const transactionId = await authorizedTransaction(c)
    const error = (await c.captureTransaction(transactionId, { amount: 99999 }).catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.status).toBe(400)
    expect(error.dinteroMessage).toEqual(expect.any(String))
    expect(error.message).toContain(error.dinteroMessage as string)
    expect((await control.requests()).filter((r) => r.path.endsWith("/capture"))).toHaveLength(1)
  })
})

describe("responses", () => {
  let server: Server
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  it("rejects a 2xx body that is not what Dintero's contract describes", async () => {
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json")
      if (req.url?.endsWith("/auth/token")) {
        res.end(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 3600 }))
      } else {
        res.end(JSON.stringify({ id: 42 }))
      }
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
    const c = client({ apiBaseUrl: base, checkoutBaseUrl: base })
    const error = (await c.getTransaction("T12345678.x").catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.kind).toBe("invalid_response")
    expect(error.message).toContain("id")
  })

  it("lists transactions by merchant reference", async () => {
    const c = client()
    const transactionId = await authorizedTransaction(c, "payses_listme")
    const found = await c.listTransactions({ merchant_reference: "payses_listme" })
    expect(found.map((t) => t.id)).toEqual([transactionId])
  })
})
