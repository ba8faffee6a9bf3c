import type { SandboxHandle } from "../index"
import { ACCOUNT, Client, sessionBody, sleep, start } from "./helpers"

const STRICT = { "dintero-feature-toggles": "strict-session-amounts" }

describe("sandbox sessions", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start({ profiles: "default,instant:auto-capture" })
    client = new Client(sandbox)
  })
  afterAll(() => sandbox.stop())

  describe("create", () => {
    it("answers id, hosted page url and publish, and the session with include_session", async () => {
      const reply = await client.call("POST", "/v1/sessions-profile?include_session=true", sessionBody())
      expect(reply.status).toBe(200)
      expect(reply.body.id).toMatch(new RegExp(`^${ACCOUNT}\\.[A-Za-z0-9]{22}$`))
      expect(reply.body.url).toBe(`${sandbox.url}/v1/view/${reply.body.id}`)
      expect(reply.body.publish).toEqual([])
      expect(reply.body.session).toMatchObject({ id: reply.body.id, order: { amount: 43870 } })

      const plain = await client.call("POST", "/v1/sessions-profile", sessionBody())
      expect(plain.body).not.toHaveProperty("session")
    })

    it("returns everything sent on GET, plus ids, times and an INITIATED event, and no status", async () => {
      const body = sessionBody({
        customer: { email: "kari@example.com", phone_number: "+4799999999" },
        metadata: { ext_cart_id: "cart_1", ext_attempt: 2 },
        url: { callback_url: "http://127.0.0.1:9/callback?x=1" },
        configuration: { default_payment_type: "vipps" },
        express: { shipping_options: [] },
      })
      const id = await client.createSession(body, { "dintero-system-name": "medusa", "dintero-system-plugin-name": "medusa-payment-dintero" })
      const reply = await client.call("GET", `/v1/sessions/${id}`)
      expect(reply.status).toBe(200)
      const session = reply.body
      expect(session).toMatchObject({
        id,
        profile_id: "default",
        url: body.url as object,
        order: body.order as object,
        customer: { email: "kari@example.com" },
        configuration: { default_payment_type: "vipps", auto_capture: false },
        metadata: { ext_cart_id: "cart_1", ext_attempt: 2, "session:profile_id": "default" },
        express: { shipping_options: [] },
        initiating_system_request_headers: {
          "dintero-system-name": "medusa",
          "dintero-system-plugin-name": "medusa-payment-dintero",
        },
      })
      expect(Date.parse(session.created_at)).not.toBeNaN()
      expect(Date.parse(session.updated_at)).not.toBeNaN()
      expect(session.events).toEqual([expect.objectContaining({ id: expect.any(String), name: "INITIATED", created_at: expect.any(String) })])
      expect(session).not.toHaveProperty("status")
      expect(session).not.toHaveProperty("transaction_id")
      expect(session).not.toHaveProperty("cancelled_at")
    })

    it("records the Dintero-System-* and feature toggle headers in the request log", async () => {
      await client.createSession({}, { "dintero-system-name": "medusa", "dintero-system-version": "2.21.2", ...STRICT })
      const entries = sandbox.state.requests().filter((entry) => entry.path === "/v1/sessions-profile")
      expect(entries[entries.length - 1]).toMatchObject({
        method: "POST",
        status: 200,
        auth: "bearer",
        headers: {
          "dintero-system-name": "medusa",
          "dintero-system-version": "2.21.2",
          "dintero-feature-toggles": "strict-session-amounts",
        },
        body: expect.objectContaining({ profile_id: "default" }),
      })
    })

    const future = () => new Date(Date.now() + 3_600_000).toISOString()
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["profile_id missing", { profile_id: undefined }, "profile_id"],
      ["unknown profile", { profile_id: "no-such-profile" }, "profile_id"],
      ["url.return_url missing", { url: { return_url: undefined } }, "url.return_url"],
      ["url.return_url not a URL", { url: { return_url: "not a url" } }, "url.return_url"],
      ["url.callback_url not http(s)", { url: { callback_url: "ftp://example.com/cb" } }, "url.callback_url"],
      ["order.amount missing", { order: { amount: undefined } }, "order.amount"],
      ["order.amount not an integer", { order: { amount: 438.7 } }, "order.amount"],
      ["order.amount a string", { order: { amount: "43870" } }, "order.amount"],
      ["order.amount negative", { order: { amount: -1 } }, "order.amount"],
      ["order.currency missing", { order: { currency: undefined } }, "order.currency"],
      ["order.currency not three letters", { order: { currency: "kroner" } }, "order.currency"],
      ["order.merchant_reference missing", { order: { merchant_reference: undefined } }, "order.merchant_reference"],
      ["an item amount not an integer", { order: { items: [{ line_id: "1", amount: 10.5 }] } }, "order.items[0].amount"],
      ["an item vat as a fraction with many decimals", { order: { items: [{ line_id: "1", amount: 100, vat: 0.125 }] } }, "order.items[0].vat"],
      ["an item vat as a string", { order: { items: [{ line_id: "1", amount: 100, vat: "25" }] } }, "order.items[0].vat"],
      ["an item type unknown", { order: { items: [{ line_id: "1", amount: 100, type: "food" }] } }, "order.items[0].type"],
      [
        "duplicate item line_ids",
        { order: { amount: 200, items: [{ line_id: "1", amount: 100 }, { line_id: "1", amount: 100 }], shipping_option: undefined } },
        "order.items[1].line_id",
      ],
      [
        "shipping_option without operator",
        { order: { shipping_option: { id: "s", line_id: "s", amount: 3900, title: "Standard" } } },
        "order.shipping_option.operator",
      ],
      [
        "shipping_option without line_id",
        { order: { shipping_option: { id: "s", amount: 3900, title: "Standard", operator: "" } } },
        "order.shipping_option.line_id",
      ],
      [
        "shipping_option amount not an integer",
        { order: { shipping_option: { id: "s", line_id: "s", amount: 39.5, title: "Standard", operator: "" } } },
        "order.shipping_option.amount",
      ],
      [
        "shipping_option line_id equal to an item's",
        { order: { shipping_option: { id: "s", line_id: "1", amount: 3900, title: "Standard", operator: "" } } },
        "order.shipping_option.line_id",
      ],
      ["expires_at in the past", { expires_at: "2020-01-01T00:00:00Z" }, "expires_at"],
      ["expires_at not a date-time", { expires_at: "tomorrow" }, "expires_at"],
      ["a metadata value that is a boolean", { metadata: { ext_flag: true } }, "metadata.ext_flag"],
      ["an address country that is not ISO alpha-2", { order: { shipping_address: { country: "Norway" } } }, "order.shipping_address.country"],
    ]

    it.each(cases)("answers 400 naming the field for %s", async (_case, overrides, field) => {
      const body = sessionBody(overrides)
      // sessionBody merges; undefined removes a field from the JSON
      const reply = await client.call("POST", "/v1/sessions-profile", body)
      expect(reply.status).toBe(400)
      expect(reply.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining(field) })
      expect(reply.body.error.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]))
    })

    it("lists every bad field, not only the first", async () => {
      const reply = await client.call("POST", "/v1/sessions-profile", { url: {}, order: { amount: 1.5 } })
      const fields = (reply.body.error.errors as Array<{ field: string }>).map((error) => error.field)
      expect(fields).toEqual(
        expect.arrayContaining(["profile_id", "url.return_url", "order.amount", "order.currency", "order.merchant_reference"]),
      )
    })

    it("accepts an expires_at in the future and a missing body is a 400", async () => {
      expect((await client.call("POST", "/v1/sessions-profile", sessionBody({ expires_at: future() }))).status).toBe(200)
      const empty = await client.call("POST", "/v1/sessions-profile")
      expect(empty.status).toBe(400)
      expect(empty.body.error.errors).toEqual([{ field: "body", message: "is required" }])
    })

    it("enforces the sum rule only with the strict-session-amounts toggle", async () => {
      const mismatched = sessionBody({ order: { amount: 43000 } })
      expect((await client.call("POST", "/v1/sessions-profile", mismatched)).status).toBe(200)
      const strict = await client.call("POST", "/v1/sessions-profile", mismatched, STRICT)
      expect(strict.status).toBe(400)
      expect(strict.body.error.errors).toEqual([{ field: "order.amount", message: expect.stringContaining("43870") }])
      expect((await client.call("POST", "/v1/sessions-profile", sessionBody(), STRICT)).status).toBe(200)
    })

    it("accepts http://127.0.0.1 and localhost callback URLs (unlike Dintero)", async () => {
      for (const callback_url of ["http://127.0.0.1:9000/hooks/dintero", "http://localhost:9000/hooks/dintero"]) {
        expect((await client.call("POST", "/v1/sessions-profile", sessionBody({ url: { callback_url } }))).status).toBe(200)
      }
    })
  })

  describe("get", () => {
    it("answers 404 with the error body for an unknown session", async () => {
      const reply = await client.call("GET", `/v1/sessions/${ACCOUNT}.AAAAAAAAAAAAAAAAAAAAAA`)
      expect(reply.status).toBe(404)
      expect(reply.body.error).toEqual({ code: "NOT_FOUND", message: expect.any(String) })
    })

    it("shows transaction_id and the AUTHORIZED event once paid", async () => {
      const { sessionId, transactionId } = await client.paidSession()
      const session = (await client.call("GET", `/v1/sessions/${sessionId}`)).body
      expect(session.transaction_id).toBe(transactionId)
      expect(session.events.map((event: { name: string }) => event.name)).toEqual(expect.arrayContaining(["INITIATED", "AUTHORIZED"]))
    })
  })

  describe("update", () => {
    const newOrder = {
      amount: 33890,
      currency: "NOK",
      items: [{ id: "sku-chair", line_id: "1", description: "Chair", quantity: 1, amount: 29990, vat: 25 }],
      shipping_option: { id: "standard", line_id: "shipping", amount: 3900, title: "Standard", operator: "Bring" },
    }

    it("refuses an update without a lock and without update_without_lock=true", async () => {
      const id = await client.createSession()
      const reply = await client.call("PUT", `/v1/sessions/${id}`, { order: newOrder })
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toContain("Session must be locked for paying before updating")
    })

    it("updates with update_without_lock=true, keeping merchant_reference, and records UPDATE_SESSION", async () => {
      const id = await client.createSession()
      const reply = await client.call("PUT", `/v1/sessions/${id}?update_without_lock=true`, { order: newOrder })
      expect(reply.status).toBe(200)
      expect(reply.body.order).toMatchObject({ ...newOrder, merchant_reference: "order-1" })
      const update = reply.body.events.find((event: { name: string }) => event.name === "UPDATE_SESSION")
      expect(update.details.previous_order.amount).toBe(43870)
      expect(update.details.updated_order.amount).toBe(33890)
      expect((await client.call("GET", `/v1/sessions/${id}`)).body.order.amount).toBe(33890)
    })

    it("accepts an update of a session locked through the control API, and removes the lock", async () => {
      const id = await client.createSession()
      expect((await client.control("POST", `/sessions/${id}/lock`)).status).toBe(200)
      expect((await client.call("PUT", `/v1/sessions/${id}`, { order: newOrder })).status).toBe(200)
      expect((await client.call("PUT", `/v1/sessions/${id}`, { order: newOrder })).status).toBe(400)
    })

    it("always enforces the sum rule", async () => {
      const id = await client.createSession()
      const reply = await client.call("PUT", `/v1/sessions/${id}?update_without_lock=true`, { order: { ...newOrder, amount: 33000 } })
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toEqual([{ field: "order.amount", message: expect.stringContaining("33890") }])
    })

    it("refuses to change merchant_reference", async () => {
      const id = await client.createSession()
      const reply = await client.call("PUT", `/v1/sessions/${id}?update_without_lock=true`, {
        order: { ...newOrder, merchant_reference: "other" },
      })
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toEqual([expect.objectContaining({ field: "order.merchant_reference" })])
    })

    it("answers 400 naming the field for a bad update body", async () => {
      const id = await client.createSession()
      const reply = await client.call("PUT", `/v1/sessions/${id}?update_without_lock=true`, { order: { ...newOrder, currency: 578 } })
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toEqual([expect.objectContaining({ field: "order.currency" })])
    })

    it.each([
      ["paid", async (id: string) => client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize" }), /paid/],
      ["cancelled", async (id: string) => client.call("POST", `/v1/sessions/${id}/cancel`), /cancelled/],
      ["expired", async (id: string) => client.control("POST", `/sessions/${id}/expire`), /expired/],
    ])("refuses to update a %s session", async (_state, makeState, message) => {
      const id = await client.createSession()
      expect((await makeState(id)).status).toBe(200)
      const reply = await client.call("PUT", `/v1/sessions/${id}?update_without_lock=true`, { order: newOrder })
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toMatch(message)
    })
  })

  describe("cancel", () => {
    it("sets cancelled_at and cancelled_by on an unpaid session, and the hosted page refuses it", async () => {
      const id = await client.createSession()
      const reply = await client.call("POST", `/v1/sessions/${id}/cancel`)
      expect(reply.status).toBe(200)
      expect(reply.body).toMatchObject({ id, cancelled_by: "sandbox-client" })
      expect(Date.parse(reply.body.cancelled_at)).not.toBeNaN()
      expect(reply.body.events.map((event: { name: string }) => event.name)).toContain("CANCELLED")
      const pay = await client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize" })
      expect(pay.status).toBe(400)
    })

    it("voids an AUTHORIZED transaction", async () => {
      const { sessionId, transactionId } = await client.paidSession()
      expect((await client.call("POST", `/v1/sessions/${sessionId}/cancel`)).status).toBe(200)
      const transaction = await client.transaction(transactionId)
      expect(transaction.status).toBe("AUTHORIZATION_VOIDED")
      expect(transaction.events[transaction.events.length - 1]).toMatchObject({
        event: "VOID",
        success: true,
        transaction_status: "AUTHORIZATION_VOIDED",
        amount: 43870,
      })
    })

    it.each([
      ["CAPTURED (auto-capture)", { profile_id: "instant" }, "authorize"],
      ["ON_HOLD", {}, "on_hold"],
    ])("refuses to cancel when the transaction is %s", async (_status, overrides, outcome) => {
      const { sessionId, transactionId } = await client.paidSession(overrides, outcome)
      const before = await client.transaction(transactionId)
      const reply = await client.call("POST", `/v1/sessions/${sessionId}/cancel`)
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toMatch(/Cancel is not allowed/)
      expect((await client.transaction(transactionId)).status).toBe(before.status)
      expect((await client.call("GET", `/v1/sessions/${sessionId}`)).body).not.toHaveProperty("cancelled_at")
    })

    it("answers 404 for an unknown session", async () => {
      expect((await client.call("POST", `/v1/sessions/${ACCOUNT}.nope/cancel`)).status).toBe(404)
    })
  })

  describe("expires_at", () => {
    it("makes the session unpayable once passed, and the hosted page says so", async () => {
      const id = await client.createSession({ expires_at: new Date(Date.now() + 1000).toISOString() })
      expect((await client.call("GET", `/v1/sessions/${id}`)).body.expires_at).toBeDefined()
      await sleep(1100)
      const pay = await client.control("POST", `/sessions/${id}/pay`, { outcome: "authorize" })
      expect(pay.status).toBe(400)
      expect(pay.body.error.message).toMatch(/expired/)
      const page = await fetch(`${sandbox.url}/v1/view/${id}`)
      expect(page.status).toBe(410)
      expect(await page.text()).toContain("expired")
    })
  })
})
