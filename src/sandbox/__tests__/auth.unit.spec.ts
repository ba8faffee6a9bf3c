import type { SandboxHandle } from "../index"
import { ACCOUNT, Client, basic, request, sleep, start } from "./helpers"

const AUDIENCE = `https://api.dintero.com/v1/accounts/${ACCOUNT}`

describe("sandbox auth", () => {
  let sandbox: SandboxHandle

  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.stop())

  function token(body: unknown, authorization?: string, account = ACCOUNT) {
    return request(`${sandbox.url}/v1/accounts/${account}/auth/token`, {
      method: "POST",
      body,
      headers: authorization ? { authorization } : {},
    })
  }
  const goodBasic = () => basic("sandbox-client", "sandbox-secret")

  it("issues a Bearer token for client credentials and the api.dintero.com audience", async () => {
    const reply = await token({ grant_type: "client_credentials", audience: AUDIENCE }, goodBasic())
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 14400 })
    expect(reply.body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })

  it("also accepts the sandbox's own account URL as audience", async () => {
    const reply = await token({ grant_type: "client_credentials", audience: `${sandbox.url}/v1/accounts/${ACCOUNT}` }, goodBasic())
    expect(reply.status).toBe(200)
  })

  it.each([
    ["a wrong secret", basic("sandbox-client", "wrong"), ACCOUNT],
    ["a wrong client id", basic("someone", "sandbox-secret"), ACCOUNT],
    ["no Authorization header", undefined, ACCOUNT],
    ["a Bearer instead of Basic header", "Bearer abc", ACCOUNT],
    ["another account id", basic("sandbox-client", "sandbox-secret"), "T87654321"],
  ])("answers 401 with Dintero's error body for %s", async (_case, authorization, account) => {
    const reply = await token({ grant_type: "client_credentials", audience: AUDIENCE }, authorization, account)
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } })
  })

  it("answers 403 for an audience that is not the account's", async () => {
    const reply = await token({ grant_type: "client_credentials", audience: "https://api.dintero.com/v1/accounts/T00000001" }, goodBasic())
    expect(reply.status).toBe(403)
    expect(reply.body.error.message).toContain("audience")
  })

  it.each([
    ["no body", undefined, "body"],
    ["a wrong grant_type", { grant_type: "password", audience: AUDIENCE }, "grant_type"],
    ["no audience", { grant_type: "client_credentials" }, "audience"],
  ])("answers 400 naming the field for %s", async (_case, body, field) => {
    const reply = await token(body, goodBasic())
    expect(reply.status).toBe(400)
    expect(reply.body.error.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
  })

  it("answers 400 for a body that is not JSON", async () => {
    const reply = await request(`${sandbox.url}/v1/accounts/${ACCOUNT}/auth/token`, {
      method: "POST",
      raw: "{not json",
      headers: { authorization: goodBasic(), "content-type": "application/json" },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe("INVALID_JSON")
  })

  it.each([
    ["no Authorization header", {}],
    ["an unknown token", { authorization: "Bearer not-a-token" }],
    ["Basic credentials", { authorization: "Basic c2FuZGJveC1jbGllbnQ6c2FuZGJveC1zZWNyZXQ=" }],
  ])("refuses API calls with %s (401)", async (_case, headers) => {
    const reply = await request(`${sandbox.url}/v1/transactions`, { headers })
    expect(reply.status).toBe(401)
    expect(reply.body.error).toEqual({ code: "UNAUTHORIZED", message: expect.any(String) })
  })

  it("does not require a token for the hosted page", async () => {
    const client = new Client(sandbox)
    const sessionId = await client.createSession()
    const reply = await request(`${sandbox.url}/v1/view/${sessionId}`)
    expect(reply.status).toBe(200)
  })

  it("refuses tokens expired through the control API, and a new token works", async () => {
    const client = new Client(sandbox)
    await client.authenticate()
    expect((await client.call("GET", "/v1/transactions")).status).toBe(200)
    expect((await client.control("POST", "/tokens/expire")).status).toBe(200)
    const expired = await client.call("GET", "/v1/transactions")
    expect(expired.status).toBe(401)
    expect(expired.body.error.message).toMatch(/expired/)
    await client.authenticate()
    expect((await client.call("GET", "/v1/transactions")).status).toBe(200)
  })
})

describe("sandbox token lifetime", () => {
  it("reports tokenExpiresIn as expires_in and refuses the token once it has passed", async () => {
    const sandbox = await start({ tokenExpiresIn: 1, clientId: "id-2", clientSecret: "secret-2", accountId: "P00000001" })
    try {
      const reply = await request(`${sandbox.url}/v1/accounts/P00000001/auth/token`, {
        method: "POST",
        headers: { authorization: basic("id-2", "secret-2") },
        body: { grant_type: "client_credentials", audience: "https://api.dintero.com/v1/accounts/P00000001" },
      })
      expect(reply.body.expires_in).toBe(1)
      const headers = { authorization: `Bearer ${reply.body.access_token}` }
      expect((await request(`${sandbox.url}/v1/transactions`, { headers })).status).toBe(200)
      await sleep(1100)
      expect((await request(`${sandbox.url}/v1/transactions`, { headers })).status).toBe(401)
    } finally {
      await sandbox.stop()
    }
  })
})
