import { InvalidOptionError, parseProfiles, startSandbox, type SandboxHandle } from "../index"
import { Client, sessionBody, start } from "./helpers"

describe("sandbox control API", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start()
    client = new Client(sandbox)
  })
  afterAll(() => sandbox.stop())

  it("describes the sandbox at GET /_sandbox", async () => {
    const reply = await client.control("GET", "")
    expect(reply.body).toMatchObject({ url: sandbox.url, account_id: "T12345678", client_id: "sandbox-client", profiles: [{ id: "default", auto_capture: false }] })
  })

  it("logs every API request, for counting calls, and clears the log on DELETE", async () => {
    await client.control("DELETE", "/requests")
    await client.authenticate()
    const id = await client.createSession({}, { "dintero-system-name": "medusa" })
    await client.call("GET", `/v1/sessions/${id}`)
    await client.call("GET", "/v1/sessions/T12345678.unknown")
    const log = (await client.control("GET", "/requests")).body as Array<Record<string, unknown>>
    expect(log.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ["POST", "/v1/accounts/T12345678/auth/token", 200],
      ["POST", "/v1/sessions-profile", 200],
      ["GET", `/v1/sessions/${id}`, 200],
      ["GET", "/v1/sessions/T12345678.unknown", 404],
    ])
    expect(log[0]).toMatchObject({ auth: "basic", body: { grant_type: "client_credentials" } })
    expect(log[1]).toMatchObject({ auth: "bearer", headers: { "dintero-system-name": "medusa" }, at: expect.any(String) })
    expect(JSON.stringify(log)).not.toContain("sandbox-secret")
    await client.control("DELETE", "/requests")
    expect((await client.control("GET", "/requests")).body).toEqual([])
  })

  it("shows a transaction without a token, as GET /v1/transactions/{id} does; 404 for an unknown one", async () => {
    const { transactionId } = await client.paidSession()
    const reply = await client.control("GET", `/transactions/${transactionId}`)
    const viaApi = await client.call("GET", `/v1/transactions/${transactionId}`)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(viaApi.body)
    expect((await client.control("GET", "/transactions/T12345678.unknown")).status).toBe(404)
  })

  it("shows a session's internal state, including the raw create request", async () => {
    const id = await client.createSession({ metadata: { ext_a: "1" } }, { "dintero-feature-toggles": "strict-session-amounts" })
    const reply = await client.control("GET", `/sessions/${id}`)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      session: { id },
      create_request: { body: { metadata: { ext_a: "1" } }, featureToggles: ["strict-session-amounts"] },
      locked: false,
      transactions: [],
      hosted_page_url: `${sandbox.url}/v1/view/${id}`,
    })
    expect((await client.control("GET", "/sessions/T12345678.nope")).status).toBe(404)
  })

  it("answers 404 with the error body for an unknown control path", async () => {
    const reply = await client.control("GET", "/nothing")
    expect(reply.status).toBe(404)
    expect(reply.body.error.code).toBe("NOT_FOUND")
  })

  it("resets everything: sessions, transactions, tokens, logs, faults", async () => {
    const { sessionId, transactionId } = await client.paidSession()
    await client.control("POST", "/faults", { path: "never-matches", status: 500 })
    expect((await client.control("POST", "/reset")).status).toBe(200)
    expect((await client.control("GET", "/faults")).body).toEqual([])
    expect(sandbox.state.requests()).toEqual([])
    expect(sandbox.state.sessions()).toEqual([])
    expect(sandbox.state.transaction(transactionId)).toBeUndefined()
    // the old token is gone too
    expect((await client.call("GET", `/v1/sessions/${sessionId}`)).status).toBe(401)
    await client.authenticate()
    expect((await client.call("GET", `/v1/sessions/${sessionId}`)).status).toBe(404)
  })

  it("gives read-only copies through handle.state", async () => {
    const { transactionId } = await client.paidSession()
    const copy = sandbox.state.transaction(transactionId)
    expect(copy?.status).toBe("AUTHORIZED")
    if (copy) copy.status = "CAPTURED"
    expect(sandbox.state.transaction(transactionId)?.status).toBe("AUTHORIZED")
  })

  it("answers 405 for a known path with another method", async () => {
    const reply = await client.call("DELETE", "/v1/sessions-profile")
    expect(reply.status).toBe(405)
    expect(reply.body.error.code).toBe("METHOD_NOT_ALLOWED")
  })
})

describe("sandbox options", () => {
  it("parses profiles with the auto-capture flag", () => {
    expect(parseProfiles("default, swish:auto-capture")).toEqual([
      { id: "default", autoCapture: false },
      { id: "swish", autoCapture: true },
    ])
    expect(parseProfiles([{ id: "a" }, { id: "b", autoCapture: true }])).toEqual([
      { id: "a", autoCapture: false },
      { id: "b", autoCapture: true },
    ])
  })

  it.each([
    [{ profiles: "default:turbo" }],
    [{ profiles: "" }],
    [{ profiles: "a,a" }],
    [{ accountId: "12345678" }],
    [{ port: 70000 }],
    [{ latencyMs: -1 }],
    [{ tokenExpiresIn: 0 }],
    [{ publicUrl: "not a url" }],
  ])("rejects invalid options %j", async (options) => {
    await expect(startSandbox(options)).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it("uses publicUrl in the URLs it hands out and accepts it as audience", async () => {
    const sandbox = await start({ publicUrl: "https://sandbox.example.com/" })
    try {
      const client = new Client(sandbox)
      const reply = await client.call("POST", "/v1/sessions-profile", sessionBody())
      expect(reply.body.url).toMatch(/^https:\/\/sandbox\.example\.com\/v1\/view\/T12345678\./)
      const token = await fetch(`${sandbox.url}/v1/accounts/T12345678/auth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from("sandbox-client:sandbox-secret").toString("base64")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ grant_type: "client_credentials", audience: "https://sandbox.example.com/v1/accounts/T12345678" }),
      })
      expect(token.status).toBe(200)
    } finally {
      await sandbox.stop()
    }
  })

  it("reports its url without a trailing slash, and stop() is idempotent", async () => {
    const sandbox = await startSandbox()
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`)
    await Promise.all([sandbox.stop(), sandbox.stop()])
    await expect(fetch(`${sandbox.url}/_sandbox`)).rejects.toThrow()
  })
})
