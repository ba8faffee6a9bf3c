import { createServer, Server } from "node:http"
import { AddressInfo } from "node:net"
import { clearTokenCache, DinteroClient, DinteroError } from ".."
import { SandboxHandle, startSandbox } from "../../sandbox"
import { sandboxControl } from "../../../test-support/sandbox-control"

/*
 * Payment profiles over real HTTP, against the Dintero sandbox on loopback: an account with more
 * profiles than fit in one of Dintero's pages (100).
 */
const CUSTOM_ID = "T12345678.46dP6T4F1mUXYPeYKYc5Gj"
const IDS = ["default", CUSTOM_ID, ...Array.from({ length: 128 }, (_, index) => `profile-${String(index + 3).padStart(3, "0")}`)]

let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>

beforeAll(async () => {
  sandbox = await startSandbox({
    profiles: IDS.map((id, index) => ({
      id,
      autoCapture: id === CUSTOM_ID,
      ...(index < 2 ? { description: id === CUSTOM_ID ? "Instant capture (Swish, Vipps)" : "Nordic web shop" } : {}),
    })),
    callbackRetries: 0,
  })
  control = sandboxControl(sandbox.url)
})
afterAll(() => sandbox.stop())
beforeEach(async () => {
  clearTokenCache()
  await control.reset()
})

const client = (base = `${sandbox.url}/v1`, overrides: Partial<ConstructorParameters<typeof DinteroClient>[0]> = {}) =>
  new DinteroClient({
    accountId: "T12345678",
    clientId: "sandbox-client",
    clientSecret: "sandbox-secret",
    apiBaseUrl: base,
    checkoutBaseUrl: base,
    timeoutMs: 2_000,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 2_000 },
    ...overrides,
  })

const profileRequests = async () =>
  (await control.requests()).filter((request) => request.path.startsWith("/v1/admin/session/profiles"))

describe("listProfiles", () => {
  it("reads every profile, 100 per page, following starting_after", async () => {
    const profiles = await client().listProfiles()

    expect(profiles.map((profile) => profile.id)).toEqual(IDS)
    const requests = await profileRequests()
    expect(requests.map((request) => [request.method, request.path, request.query, request.status])).toEqual([
      ["GET", "/v1/admin/session/profiles", { limit: "100" }, 200],
      ["GET", "/v1/admin/session/profiles", { limit: "100", starting_after: IDS[99] }, 200],
    ])
  })

  it("keeps what Dintero says of each profile", async () => {
    const [first, second, third] = await client().listProfiles()
    expect(first).toMatchObject({ id: "default", profile_id: "default", description: "Nordic web shop", configuration: { auto_capture: false } })
    expect(second).toMatchObject({ id: CUSTOM_ID, description: "Instant capture (Swish, Vipps)", configuration: { auto_capture: true } })
    expect(third?.description).toBe(`Payment profile ${IDS[2]}`)
    // Loose: fields the client does not check pass through.
    expect(first?.configuration).toMatchObject({ dintero_psp: { type: "payment_type" } })
  })

  it("asks once more after a full last page, and stops at the empty one", async () => {
    const exact = await startSandbox({ profiles: IDS.slice(0, 100).map((id) => ({ id })) })
    try {
      const profiles = await client(`${exact.url}/v1`).listProfiles()
      expect(profiles).toHaveLength(100)
      const gets = exact.state.requests().filter((request) => request.method === "GET")
      expect(gets.map((request) => request.query)).toEqual([{ limit: "100" }, { limit: "100", starting_after: IDS[99] }])
    } finally {
      await exact.stop()
    }
  })

  it("repeats a page after a 503, like every read", async () => {
    await control.fault({ path: "^/v1/admin/session/profiles$", method: "GET", status: 503, skip: 1, times: 1 })
    await expect(client().listProfiles()).resolves.toHaveLength(IDS.length)
    expect((await profileRequests()).map((request) => request.status)).toEqual([200, 503, 200])
  })

  it("gets a new token once when Dintero answers 401", async () => {
    const c = client()
    await c.listProfiles()
    await control.expireTokens()
    await control.clearRequests()

    await expect(c.listProfiles()).resolves.toHaveLength(IDS.length)
    const requests = await control.requests()
    expect(requests.filter((request) => request.path.endsWith("/auth/token"))).toHaveLength(1)
    expect((await profileRequests()).map((request) => request.status)).toEqual([401, 200, 200])
  })

  it("fails with Dintero's 401 on bad credentials", async () => {
    const error = (await client(undefined, { clientSecret: "wrong" }).listProfiles().catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.status).toBe(401)
    expect(error.operation).toBe("authentication")
    expect(await profileRequests()).toEqual([])
  })
})

describe("getProfile", () => {
  it("reads one profile by the id a session names", async () => {
    const profile = await client().getProfile(CUSTOM_ID)
    expect(profile).toMatchObject({ id: CUSTOM_ID, profile_id: CUSTOM_ID, configuration: { auto_capture: true } })
    expect((await profileRequests()).map((request) => request.path)).toEqual([`/v1/admin/session/profiles/${CUSTOM_ID}`])
  })

  it("turns an unknown profile into a DinteroError with status 404 and Dintero's message, without repeating", async () => {
    const error = (await client().getProfile("T12345678.unknown").catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error).toMatchObject({ kind: "http", status: 404, operation: "get profile", dinteroMessage: "Profile not found: T12345678.unknown" })
    expect(error.message).toContain("Profile not found: T12345678.unknown")
    expect(await profileRequests()).toHaveLength(1)
  })

  it("escapes the id in the path", async () => {
    const error = (await client().getProfile("../sessions/x").catch((e: unknown) => e)) as DinteroError
    expect(error.status).toBe(404)
    expect((await profileRequests()).map((request) => request.path)).toEqual(["/v1/admin/session/profiles/..%2Fsessions%2Fx"])
  })
})

describe("listProfiles against a server whose paging never ends", () => {
  let server: Server
  let pages: number
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

  /** A fake Dintero answering every page of profiles with 100 profiles from `page`. */
  async function fake(page: (url: URL, index: number) => Array<{ id: string }>): Promise<string> {
    pages = 0
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json")
      const url = new URL(req.url ?? "/", "http://fake.invalid")
      if (url.pathname.endsWith("/auth/token")) {
        res.end(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 3600 }))
        return
      }
      res.end(JSON.stringify(page(url, pages++)))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  }

  const hundred = (offset: number) => Array.from({ length: 100 }, (_, index) => ({ id: `p${offset + index}` }))

  it("stops when starting_after is ignored (the same profiles come back)", async () => {
    const base = await fake(() => hundred(0))
    const error = (await client(base).listProfiles().catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.kind).toBe("invalid_response")
    expect(error.message).toContain("does not advance")
    expect(pages).toBe(2)
  })

  it("stops after 50 full pages", async () => {
    const base = await fake((_url, index) => hundred(index * 100))
    const error = (await client(base).listProfiles().catch((e: unknown) => e)) as DinteroError
    expect(error).toBeInstanceOf(DinteroError)
    expect(error.kind).toBe("invalid_response")
    expect(pages).toBe(50)
  })
})
