import { InvalidOptionError, parseProfiles, startSandbox, type SandboxHandle } from "../index"
import { Client, request, sessionBody, start } from "./helpers"

const PROFILES = "default=Nordic web shop,instant:auto-capture=Instant capture (Swish, Vipps),T12345678.46dP6T4F1mUXYPeYKYc5Gj"

describe("sandbox payment profiles API", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start({ profiles: PROFILES })
    client = new Client(sandbox)
  })
  afterAll(() => sandbox.stop())

  it("lists the profiles as a bare array, in the order given, with descriptions", async () => {
    const reply = await client.call("GET", "/v1/admin/session/profiles")
    expect(reply.status).toBe(200)
    expect(Array.isArray(reply.body)).toBe(true)
    expect(reply.body.map((profile: { id: string; description: string }) => [profile.id, profile.description])).toEqual([
      ["default", "Nordic web shop"],
      ["instant", "Instant capture (Swish, Vipps)"],
      ["T12345678.46dP6T4F1mUXYPeYKYc5Gj", "Payment profile T12345678.46dP6T4F1mUXYPeYKYc5Gj"],
    ])
  })

  it("shows Dintero's profile fields, with auto_capture from the profile's flag", async () => {
    const reply = await client.call("GET", "/v1/admin/session/profiles/instant")
    expect(reply.status).toBe(200)
    const profile = reply.body
    expect(profile).toMatchObject({
      id: "instant",
      profile_id: "instant",
      description: "Instant capture (Swish, Vipps)",
      created_by: "sandbox-client",
      merchant: { name: expect.any(String) },
      configuration: {
        auto_capture: true,
        channel: "ecommerce",
        publish: [],
        active_payment_types: { enabled: false },
        default_payment_type: "dintero_psp.creditcard",
        dintero_psp: { type: "payment_type", creditcard: { enabled: true, type: "payment_product_type", payability: "payable" } },
        swish: { type: "payment_type", swish: { enabled: true, type: "payment_product_type", payability: "payable" } },
        vipps: { type: "payment_type", enabled: true, payability: "payable" },
      },
    })
    expect(Date.parse(profile.created_at)).not.toBeNaN()
    expect(profile.updated_at).toBe(profile.created_at)
    expect(profile).not.toHaveProperty("name")
    const plain = await client.call("GET", "/v1/admin/session/profiles/default")
    expect(plain.body.configuration.auto_capture).toBe(false)
  })

  it("enables exactly the payment methods the hosted page offers", async () => {
    const { configuration } = (await client.call("GET", "/v1/admin/session/profiles/default")).body
    const page = await request(`${sandbox.url}/v1/view/${await client.createSession()}`)
    const offered = [...page.text.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1])
    const enabled = Object.entries(configuration as Record<string, Record<string, unknown>>)
      .filter(([, value]) => value?.type === "payment_type")
      .flatMap(([gateway, value]) =>
        value.enabled === true ? [gateway] : Object.keys(value).filter((key) => key !== "type").map((product) => `${gateway}.${product}`),
      )
    expect(enabled.sort()).toEqual([...offered].sort())
  })

  it("gives a session created from an auto-capture profile the same auto_capture", async () => {
    const id = await client.createSession({ profile_id: "instant" })
    expect((await client.call("GET", `/v1/sessions/${id}`)).body.configuration.auto_capture).toBe(true)
  })

  it("answers 404 with Dintero's error body for an unknown profile", async () => {
    const reply = await client.call("GET", "/v1/admin/session/profiles/T12345678.unknown")
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ error: { code: "NOT_FOUND", message: "Profile not found: T12345678.unknown" } })
  })

  it("keeps refusing an unknown profile_id on session creation with a 400 on that field", async () => {
    const reply = await client.call("POST", "/v1/sessions-profile", sessionBody({ profile_id: "nope" }))
    expect(reply.status).toBe(400)
    expect(reply.body.error.errors).toEqual([{ field: "profile_id", message: expect.stringContaining('"nope"') }])
  })

  it.each([
    ["no token", {}],
    ["an unknown token", { authorization: "Bearer nope" }],
  ])("refuses both endpoints with %s (401)", async (_case, headers) => {
    for (const path of ["/v1/admin/session/profiles", "/v1/admin/session/profiles/default"]) {
      const reply = await request(`${sandbox.url}${path}`, { headers })
      expect(reply.status).toBe(401)
      expect(reply.body.error).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) })
    }
  })

  it.each(["0", "101", "ten", "1.5", ""])("answers 400 for limit=%j", async (limit) => {
    const reply = await client.call("GET", `/v1/admin/session/profiles?limit=${limit}`)
    expect(reply.status).toBe(400)
    expect(reply.body.error).toMatchObject({ code: "VALIDATION_ERROR", errors: [{ field: "limit", message: expect.any(String) }] })
  })

  it("lists the account's profiles in the control API, with descriptions", async () => {
    const reply = await client.control("GET", "")
    expect(reply.body.profiles).toEqual([
      { id: "default", description: "Nordic web shop", auto_capture: false },
      { id: "instant", description: "Instant capture (Swish, Vipps)", auto_capture: true },
      { id: "T12345678.46dP6T4F1mUXYPeYKYc5Gj", description: "Payment profile T12345678.46dP6T4F1mUXYPeYKYc5Gj", auto_capture: false },
    ])
  })
})

describe("sandbox profile paging", () => {
  let sandbox: SandboxHandle
  let client: Client
  const ids = Array.from({ length: 25 }, (_, index) => `profile-${String(index + 1).padStart(2, "0")}`)

  beforeAll(async () => {
    sandbox = await start({ profiles: ids.map((id) => ({ id })) })
    client = new Client(sandbox)
  })
  afterAll(() => sandbox.stop())

  const list = async (query: string): Promise<string[]> => {
    const reply = await client.call("GET", `/v1/admin/session/profiles${query}`)
    expect(reply.status).toBe(200)
    return (reply.body as Array<{ id: string }>).map((profile) => profile.id)
  }

  it("answers 10 profiles by default", async () => {
    expect(await list("")).toEqual(ids.slice(0, 10))
  })

  it("pages with limit and starting_after until a short page", async () => {
    const first = await list("?limit=10")
    const second = await list(`?limit=10&starting_after=${first[first.length - 1]}`)
    const third = await list(`?limit=10&starting_after=${second[second.length - 1]}`)
    expect([first.length, second.length, third.length]).toEqual([10, 10, 5])
    expect([...first, ...second, ...third]).toEqual(ids)
    expect(await list("?limit=100")).toEqual(ids)
  })

  it("names only the first ten known profiles when a session names an unknown one", async () => {
    const reply = await client.call("POST", "/v1/sessions-profile", sessionBody({ profile_id: "nope" }))
    expect(reply.status).toBe(400)
    expect(reply.body.error.errors[0].message).toBe(`unknown payment profile "nope" (known: ${ids.slice(0, 10).join(", ")} and 15 more)`)
  })

  it("answers an empty page after the last profile or an unknown id", async () => {
    expect(await list(`?starting_after=${ids[ids.length - 1]}`)).toEqual([])
    expect(await list("?starting_after=unknown")).toEqual([])
  })
})

describe("--profiles with descriptions", () => {
  it("reads id[:flag...][=description], keeping the old syntax", () => {
    expect(parseProfiles("default,instant:auto-capture")).toEqual([
      { id: "default", autoCapture: false },
      { id: "instant", autoCapture: true },
    ])
    expect(parseProfiles("default=Nordic web shop, instant:auto-capture=Instant capture (Swish, Vipps)")).toEqual([
      { id: "default", autoCapture: false, description: "Nordic web shop" },
      { id: "instant", autoCapture: true, description: "Instant capture (Swish, Vipps)" },
    ])
  })

  it("keeps ':' and '=' inside a description, and an escaped comma", () => {
    expect(parseProfiles("b2b=Invoice: 30 days = net,shop=Cards\\, Vipps and Swish")).toEqual([
      { id: "b2b", autoCapture: false, description: "Invoice: 30 days = net" },
      { id: "shop", autoCapture: false, description: "Cards, Vipps and Swish" },
    ])
  })

  it("accepts the array form with descriptions", () => {
    expect(parseProfiles([{ id: "a", description: "Shop A" }, { id: "b", autoCapture: true }])).toEqual([
      { id: "a", autoCapture: false, description: "Shop A" },
      { id: "b", autoCapture: true },
    ])
  })

  it.each([
    ["an empty description", "default="],
    ["an unclosed parenthesis", "default=Shop (NO,instant"],
    ["an unknown flag", "default,x:turbo"],
  ])("rejects %s", (_case, profiles) => {
    expect(() => parseProfiles(profiles)).toThrow(InvalidOptionError)
  })

  it("rejects a blank or non-string description in the array form", async () => {
    await expect(startSandbox({ profiles: [{ id: "a", description: " " }] })).rejects.toBeInstanceOf(InvalidOptionError)
    await expect(startSandbox({ profiles: [{ id: "a", description: 42 as unknown as string }] })).rejects.toThrow(/description/)
  })
})
