/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON asserted field by field */
import type { SandboxHandle } from "../index"
import { ACCOUNT, Client, request, start, startReceiver } from "./helpers"

const PAYEX_TOKEN_CONFIG = { payex: { creditcard: { enabled: true, generate_payment_token: true } } }

describe("sandbox payment tokens", () => {
  let sandbox: SandboxHandle
  let client: Client

  beforeAll(async () => {
    sandbox = await start({ profiles: "default,instant:auto-capture" })
    client = new Client(sandbox)
  })
  beforeEach(async () => {
    await client.control("DELETE", "/faults")
  })
  afterAll(() => sandbox.stop())

  /** Pays a session that asks for a payex token; returns the token and the paying transaction. */
  async function tokenFromCheckout(overrides: Record<string, unknown> = {}): Promise<{ token: string; tokenId: string; transactionId: string }> {
    const { transactionId } = await client.paidSession({ configuration: PAYEX_TOKEN_CONFIG, ...overrides })
    const reply = await client.call("GET", `/v1/transactions/${transactionId}?includes=card.payment_token`)
    expect(reply.status).toBe(200)
    return { token: reply.body.card.payment_token, tokenId: reply.body.card.payment_token_id, transactionId }
  }

  let reference = 0
  const nextReference = () => `mit-${Date.now()}-${(reference += 1)}`

  function payBody(token: string, overrides: { session?: Record<string, unknown>; payment?: Record<string, unknown> } = {}) {
    return {
      session: {
        order: { amount: 10000, currency: "NOK", merchant_reference: nextReference() },
        customer: { tokens: { "payex.creditcard": { payment_token: token } } },
        ...overrides.session,
      },
      payment: { payment_product_type: "payex.creditcard", operation: "unscheduled_purchase", ...overrides.payment },
    }
  }

  const pay = (body: unknown, headers: Record<string, string> = {}) => client.call("POST", "/v1/sessions/pay", body, headers)

  describe("generate_payment_token on a checkout session", () => {
    it("creates a token when the session is paid by card, shown only with includes=card.payment_token", async () => {
      const sessionId = await client.createSession({ configuration: PAYEX_TOKEN_CONFIG })
      const paid = await client.control("POST", `/sessions/${sessionId}/pay`, { outcome: "authorize" })
      expect(paid.status).toBe(200)
      const transactionId = paid.body.transaction_id as string

      const plain = await client.transaction(transactionId)
      // The session asked for a payex token, so paying without naming a product uses payex's card.
      expect(plain).toMatchObject({
        status: "AUTHORIZED",
        payment_product_type: "payex.creditcard",
        card: {
          brand: "visa",
          masked_pan: "400000******0002",
          expiry_date: "12/2030",
          payment_token_id: expect.stringMatching(/^[0-9a-f]{40}$/),
        },
      })
      expect(plain.card).not.toHaveProperty("payment_token")
      expect((await client.call("GET", `/v1/transactions/${transactionId}?includes=session`)).body.card).not.toHaveProperty(
        "payment_token",
      )

      const included = await client.call("GET", `/v1/transactions/${transactionId}?includes=card.payment_token`)
      expect(included.body.card).toMatchObject({
        payment_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
        payment_token_id: plain.card.payment_token_id,
      })

      const tokens = (await client.control("GET", "/payment-tokens")).body as any[]
      expect(tokens).toContainEqual(
        expect.objectContaining({
          payment_token: included.body.card.payment_token,
          payment_token_id: plain.card.payment_token_id,
          payment_product_type: "payex.creditcard",
          session_id: sessionId,
          transaction_id: transactionId,
          card: expect.objectContaining({ masked_pan: "400000******0002" }),
          decline: null,
          revoked: false,
        }),
      )
    })

    it("creates a token from the hosted page with bambora's option", async () => {
      const sessionId = await client.createSession({
        configuration: { bambora: { creditcard: { enabled: true, generate_payment_token: true } } },
      })
      const reply = await request(`${sandbox.url}/v1/view/${sessionId}/pay`, {
        method: "POST",
        raw: new URLSearchParams({ outcome: "authorize", payment_product_type: "bambora.creditcard" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      expect(reply.status).toBe(303)
      const transactionId = new URL(reply.headers.get("location") ?? "").searchParams.get("transaction_id") ?? ""
      const transaction = await client.call("GET", `/v1/transactions/${transactionId}?includes=card.payment_token`)
      expect(transaction.body.card).toMatchObject({ payment_token: expect.any(String), payment_token_id: expect.any(String) })
    })

    it("creates no token without the option, with another product, or on a decline", async () => {
      const { transactionId: plain } = await client.paidSession({}, "authorize", "payex.creditcard")
      const { transactionId: other } = await client.paidSession({ configuration: PAYEX_TOKEN_CONFIG }, "authorize", "dintero_psp.creditcard")
      const { transactionId: declined } = await client.paidSession({ configuration: PAYEX_TOKEN_CONFIG }, "decline", "payex.creditcard")
      for (const id of [plain, other, declined]) {
        const reply = await client.call("GET", `/v1/transactions/${id}?includes=card.payment_token`)
        expect(reply.body.card).not.toHaveProperty("payment_token")
        expect(reply.body.card).not.toHaveProperty("payment_token_id")
      }
    })

    it("refuses a non-boolean generate_payment_token naming the field", async () => {
      const reply = await client.call("POST", "/v1/sessions-profile", {
        profile_id: "default",
        url: { return_url: "https://shop.example/return" },
        order: { amount: 100, currency: "NOK", merchant_reference: "r" },
        configuration: { payex: { creditcard: { enabled: true, generate_payment_token: "yes" } } },
      })
      expect(reply.status).toBe(400)
      expect(reply.body.error.errors).toContainEqual({
        field: "configuration.payex.creditcard.generate_payment_token",
        message: "must be a boolean",
      })
    })
  })

  describe("POST /v1/sessions/payment-token", () => {
    const tokenSession = (overrides: Record<string, unknown> = {}) => ({
      session: {
        order: { currency: "NOK", merchant_reference: "card-on-file-1" },
        url: { return_url: "https://shop.example/cards/return" },
      },
      token_provider: { payment_product_type: "payex.creditcard", token_types: ["payment_token"] },
      ...overrides,
    })

    it("answers id and url; paying it creates a zero-amount transaction holding the token", async () => {
      const created = await client.call("POST", "/v1/sessions/payment-token?include_session=true", tokenSession())
      expect(created.status).toBe(200)
      expect(created.body).toMatchObject({
        id: expect.stringMatching(new RegExp(`^${ACCOUNT}\\.`)),
        url: `${sandbox.url}/v1/view/${created.body.id}`,
        session: { order: { amount: 0, currency: "NOK", merchant_reference: "card-on-file-1" } },
      })

      const page = await request(created.body.url)
      expect(page.text).toContain('<option value="payex.creditcard" selected>')

      const paid = await client.control("POST", `/sessions/${created.body.id}/pay`, { outcome: "authorize" })
      expect(paid.status).toBe(200)
      const transaction = await client.call("GET", `/v1/transactions/${paid.body.transaction_id}?includes=card.payment_token`)
      expect(transaction.body).toMatchObject({
        amount: 0,
        status: "AUTHORIZED",
        payment_product_type: "payex.creditcard",
        card: { payment_token: expect.any(String), payment_token_id: expect.any(String), masked_pan: "400000******0002" },
      })

      // The token pays.
      const mit = await pay(payBody(transaction.body.card.payment_token))
      expect(mit.status).toBe(200)
      expect(mit.body).toMatchObject({ success: true, status: "AUTHORIZED" })
    })

    it("offers Bambora's card on the hosted page of a Bambora token session, preselected", async () => {
      const created = await client.call(
        "POST",
        "/v1/sessions/payment-token",
        tokenSession({ token_provider: { payment_product_type: "bambora.creditcard", token_types: ["payment_token"] } }),
      )
      const page = await request(created.body.url)
      expect(page.text).toContain('<option value="bambora.creditcard" selected>')
    })

    it("refuses another payment product for a token session", async () => {
      const created = await client.call("POST", "/v1/sessions/payment-token", tokenSession())
      const paid = await client.control("POST", `/sessions/${created.body.id}/pay`, {
        outcome: "authorize",
        payment_product_type: "vipps",
      })
      expect(paid.status).toBe(400)
      expect(paid.body.error.errors[0].field).toBe("payment_product_type")
    })

    it("refuses a bad body naming the field", async () => {
      const noProvider = await client.call("POST", "/v1/sessions/payment-token", tokenSession({ token_provider: undefined }))
      expect(noProvider.status).toBe(400)
      expect(noProvider.body.error.errors).toContainEqual({ field: "token_provider", message: "is required" })

      const wrongProduct = await client.call(
        "POST",
        "/v1/sessions/payment-token",
        tokenSession({ token_provider: { payment_product_type: "vipps", token_types: ["payment_token"] } }),
      )
      expect(wrongProduct.body.error.errors[0]).toMatchObject({ field: "token_provider.payment_product_type" })

      const recurrenceOnly = await client.call(
        "POST",
        "/v1/sessions/payment-token",
        tokenSession({ token_provider: { payment_product_type: "payex.creditcard", token_types: ["recurrence_token"] } }),
      )
      expect(recurrenceOnly.status).toBe(400)
      expect(recurrenceOnly.body.error.errors[0].field).toBe("token_provider.token_types")
    })
  })

  describe("a checkout session preloaded with a saved card (customer.tokens)", () => {
    const savedCard = (token: string) => ({ customer: { customer_id: "cus_1", tokens: { "payex.creditcard": { payment_token: token } } } })

    it("shows the token's id, never the token, offers the card on the hosted page and pays with it", async () => {
      const { token, tokenId } = await tokenFromCheckout()
      const created = await client.call("POST", "/v1/sessions-profile", {
        profile_id: "default",
        url: { return_url: "https://shop.example/return" },
        order: { amount: 25000, currency: "NOK", merchant_reference: nextReference() },
        ...savedCard(token),
      })
      expect(created.status).toBe(200)
      expect(created.text).not.toContain(token)
      const session = await client.call("GET", `/v1/sessions/${created.body.id}`)
      expect(session.body.customer).toEqual({ customer_id: "cus_1", tokens: { "payex.creditcard": { payment_token_id: tokenId } } })
      expect(session.text).not.toContain(token)

      const page = await request(`${sandbox.url}/v1/view/${created.body.id}`)
      expect(page.text).toContain('<option value="payex.creditcard" selected>Saved card: VISA 400000******0002 (12/2030)</option>')
      expect(page.text).not.toContain(token)

      const paid = await client.control("POST", `/sessions/${created.body.id}/pay`, { outcome: "authorize" })
      const transaction = await client.call("GET", `/v1/transactions/${paid.body.transaction_id}?includes=card.payment_token`)
      expect(transaction.body).toMatchObject({
        status: "AUTHORIZED",
        amount: 25000,
        payment_product_type: "payex.creditcard",
        card: { payment_token: token, payment_token_id: tokenId, masked_pan: "400000******0002" },
      })
      // Paying with the saved card makes no second token.
      const tokens = (await client.control("GET", "/payment-tokens")).body as any[]
      expect(tokens.filter((candidate) => candidate.payment_token_id === tokenId)).toHaveLength(1)
      expect(tokens.find((candidate) => candidate.payment_token_id === tokenId).payments).toEqual([paid.body.transaction_id])
    })

    it("fails the payment with the issuer's error when the saved card is declined", async () => {
      const { token, tokenId } = await tokenFromCheckout()
      await client.control("POST", `/payment-tokens/${tokenId}/decline`, { type: "DO_NOT_RETRY" })
      const { transactionId } = await client.paidSession(savedCard(token))
      const transaction = await client.transaction(transactionId)
      expect(transaction.status).toBe("FAILED")
      expect(transaction.events.at(-1)).toMatchObject({ event: "AUTHORIZE", success: false, error: { type: "DO_NOT_RETRY" } })
    })

    it("refuses an unknown or revoked token naming the field, creating no session", async () => {
      const before = sandbox.state.sessions().length
      const unknown = await client.call("POST", "/v1/sessions-profile", {
        profile_id: "default",
        url: { return_url: "https://shop.example/return" },
        order: { amount: 100, currency: "NOK", merchant_reference: nextReference() },
        ...savedCard("not-a-token"),
      })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.errors).toEqual([{ field: "customer.tokens.payex.creditcard.payment_token", message: "unknown payment token for payex.creditcard" }])

      const { token, tokenId } = await tokenFromCheckout()
      await client.control("POST", `/payment-tokens/${tokenId}/revoke`)
      const revoked = await client.call("POST", "/v1/sessions-profile", {
        profile_id: "default",
        url: { return_url: "https://shop.example/return" },
        order: { amount: 100, currency: "NOK", merchant_reference: nextReference() },
        ...savedCard(token),
      })
      expect(revoked.status).toBe(400)
      expect(revoked.body.error.code).toBe("OPERATION_NOT_ALLOWED")
      // Only the session that made the token: neither refused request created one.
      expect(sandbox.state.sessions().length).toBe(before + 1)
    })
  })

  describe("POST /v1/sessions/pay", () => {
    it("pays with a known token: 200 with the transaction and SessionPayResult, once", async () => {
      const { token, tokenId } = await tokenFromCheckout()
      const body = payBody(token, {
        session: {
          order: { amount: 12500, currency: "NOK", merchant_reference: "sub-2026-12" },
          customer: { email: "kari@example.com", tokens: { "payex.creditcard": { payment_token: token } } },
          metadata: { subscription: "s_1" },
        },
      })
      const before = sandbox.state.transactions().length
      const reply = await pay(body)
      expect(reply.status).toBe(200)
      expect(reply.body).toMatchObject({
        id: expect.stringMatching(new RegExp(`^${ACCOUNT}\\.`)),
        session_id: expect.any(String),
        success: true,
        actions: [{ source: "PAYEX", code: "AUTHORIZED", type: "success" }],
        status: "AUTHORIZED",
        amount: 12500,
        currency: "NOK",
        merchant_reference: "sub-2026-12",
        payment_product_type: "payex.creditcard",
        card: { masked_pan: "400000******0002", brand: "visa", expiry_date: "12/2030", payment_token_id: tokenId },
        metadata: { subscription: "s_1" },
      })
      expect(reply.body.card).not.toHaveProperty("payment_token")
      expect(sandbox.state.transactions().length).toBe(before + 1)
      expect(reply.body.events.map((event: any) => [event.event, event.transaction_status, event.success])).toEqual([
        ["INITIALIZE", "INITIATED", true],
        ["AUTHORIZE", "AUTHORIZED", true],
      ])

      const session = await client.call("GET", `/v1/sessions/${reply.body.session_id}`)
      expect(session.body).toMatchObject({
        transaction_id: reply.body.id,
        customer: { email: "kari@example.com", tokens: { "payex.creditcard": { payment_token_id: tokenId } } },
      })
      expect(JSON.stringify(session.body)).not.toContain(token)

      // A merchant-initiated session has no customer to pay it again.
      const again = await client.control("POST", `/sessions/${reply.body.session_id}/pay`, { outcome: "authorize" })
      expect(again.status).toBe(400)

      const logged = sandbox.state.requests().filter((entry) => entry.path === "/v1/sessions/pay")
      expect(logged.at(-1)).toMatchObject({ method: "POST", status: 200, auth: "bearer" })
    })

    it("captures at once when the session asks for auto_capture, or names an auto-capture profile", async () => {
      const { token } = await tokenFromCheckout()
      const byConfig = await pay(payBody(token, { session: { configuration: { auto_capture: true } } }))
      expect(byConfig.body).toMatchObject({ status: "CAPTURED", success: true, actions: [{ code: "CAPTURED" }] })
      const byProfile = await pay(payBody(token, { session: { profile_id: "instant" } }))
      expect(byProfile.body.status).toBe("CAPTURED")
    })

    it("with strict-merchant-reference refuses a duplicate merchant_reference with 400 and no second transaction", async () => {
      const { token } = await tokenFromCheckout()
      const body = payBody(token)
      const headers = { "dintero-feature-toggles": "strict-merchant-reference" }
      const first = await pay(body, headers)
      expect(first.status).toBe(200)
      const count = sandbox.state.transactions().length
      const retry = await pay(body, headers)
      expect(retry.status).toBe(400)
      expect(retry.body).toMatchObject({
        success: false,
        error: {
          code: "DUPLICATE_MERCHANT_REFERENCE",
          errors: [{ field: "session.order.merchant_reference", message: "is already used" }],
        },
      })
      expect(sandbox.state.transactions().length).toBe(count)
      // Without the toggle, Dintero pays the same reference again.
      expect((await pay(body)).status).toBe(200)
    })

    it("with strict-success-merchant-reference allows a retry after a FAILED payment only", async () => {
      const { token } = await tokenFromCheckout()
      const headers = { "dintero-feature-toggles": "strict-success-merchant-reference" }
      const body = payBody(token)
      await client.control("POST", `/payment-tokens/${token}/decline`, { type: "REJECTED_BY_ACQUIRER_INSUFFICIENT_FUNDS" })
      const failed = await pay(body, headers)
      expect(failed.body).toMatchObject({ status: "FAILED", success: false })
      await client.control("POST", `/payment-tokens/${token}/approve`)
      const retried = await pay(body, headers)
      expect(retried.body).toMatchObject({ status: "AUTHORIZED", success: true })
      const third = await pay(body, headers)
      expect(third.status).toBe(400)
      expect(third.body.error.code).toBe("DUPLICATE_MERCHANT_REFERENCE")
    })

    it("answers a declined token with 200, a FAILED transaction and DO_NOT_RETRY in its events", async () => {
      const { token, tokenId } = await tokenFromCheckout()
      const declined = await client.control("POST", `/payment-tokens/${tokenId}/decline`, { code: "DO_NOT_RETRY" })
      expect(declined.status).toBe(200)
      expect(declined.body.decline).toEqual({ code: "DO_NOT_RETRY", type: "DO_NOT_RETRY", message: expect.any(String) })

      const reply = await pay(payBody(token))
      expect(reply.status).toBe(200)
      expect(reply.body).toMatchObject({
        status: "FAILED",
        success: false,
        actions: [{ source: "PAYEX", code: "FAILED", type: "error" }],
      })
      const authorize = reply.body.events.find((event: any) => event.event === "AUTHORIZE")
      expect(authorize).toMatchObject({
        success: false,
        transaction_status: "FAILED",
        error: { code: "DO_NOT_RETRY", type: "DO_NOT_RETRY", message: expect.any(String) },
      })
      // The failed payment does not pay its session.
      const session = await client.call("GET", `/v1/sessions/${reply.body.session_id}`)
      expect(session.body).not.toHaveProperty("transaction_id")
      expect((await client.transaction(reply.body.id)).status).toBe("FAILED")
    })

    it("refuses bad input with 400 naming the field", async () => {
      const { token } = await tokenFromCheckout()
      const cases: Array<[unknown, string]> = [
        [payBody(token, { payment: { operation: "whenever" } }), "payment.operation"],
        [payBody(token, { payment: { payment_product_type: "vipps" } }), "payment.payment_product_type"],
        [payBody(token, { payment: { operation: "recurring_purchase" } }), "payment.operation"],
        [payBody(token, { session: { customer: { tokens: {} } } }), "session.customer.tokens.payex.creditcard.payment_token"],
        [payBody(token, { session: { customer: undefined } }), "session.customer.tokens.payex.creditcard.payment_token"],
        [payBody(token, { session: { order: { amount: 1.5, currency: "NOK", merchant_reference: "x" } } }), "session.order.amount"],
        [payBody(token, { session: { order: { amount: 100, currency: "NOK" } } }), "session.order.merchant_reference"],
        [{ payment: { payment_product_type: "payex.creditcard", operation: "unscheduled_purchase" } }, "session"],
      ]
      for (const [body, field] of cases) {
        const reply = await pay(body)
        expect(reply.status).toBe(400)
        expect(reply.body.success).toBe(false)
        expect(reply.body.error.code).toBe("VALIDATION_ERROR")
        expect(reply.body.error.errors.map((error: { field: string }) => error.field)).toContain(field)
        expect(reply.body.error.message).toContain(field)
      }
      const empty = await pay(undefined)
      expect(empty.status).toBe(400)
      expect(empty.body.error.errors).toEqual([{ field: "body", message: "is required" }])
    })

    it("refuses an unknown, a revoked or another product's token with 400 and creates no transaction", async () => {
      const { token } = await tokenFromCheckout()
      const count = sandbox.state.transactions().length
      const unknown = await pay(payBody("00000000-0000-0000-0000-000000000000"))
      expect(unknown.status).toBe(400)
      expect(unknown.body).toMatchObject({
        success: false,
        error: { errors: [{ field: "session.customer.tokens.payex.creditcard.payment_token", message: expect.stringContaining("unknown") }] },
      })

      const bambora = await pay(
        payBody(token, {
          session: { customer: { tokens: { "bambora.creditcard": { payment_token: token } } } },
          payment: { payment_product_type: "bambora.creditcard" },
        }),
      )
      expect(bambora.status).toBe(400)
      expect(bambora.body.error.errors[0].field).toBe("session.customer.tokens.bambora.creditcard.payment_token")

      await client.control("POST", `/payment-tokens/${token}/revoke`)
      const revoked = await pay(payBody(token))
      expect(revoked.status).toBe(400)
      expect(revoked.body.error.errors[0]).toEqual({
        field: "session.customer.tokens.payex.creditcard.payment_token",
        message: "is revoked",
      })
      expect(sandbox.state.transactions().length).toBe(count)
    })

    it("is subject to faults like every /v1 endpoint", async () => {
      const { token } = await tokenFromCheckout()
      await client.control("POST", "/faults", { path: "^/v1/sessions/pay$", status: 503 })
      const count = sandbox.state.transactions().length
      const failed = await pay(payBody(token))
      expect(failed.status).toBe(503)
      expect(sandbox.state.transactions().length).toBe(count)

      // A lost answer: the payment is made, the client sees a 500 (why retries need strict-merchant-reference).
      await client.control("POST", "/faults", { path: "^/v1/sessions/pay$", status: 500, after: true })
      const lost = await pay(payBody(token))
      expect(lost.status).toBe(500)
      expect(sandbox.state.transactions().length).toBe(count + 1)
    })

    it("calls the session's callback_url with the transaction, and on failure only with report_error", async () => {
      const receiver = await startReceiver()
      try {
        const { token } = await tokenFromCheckout()
        const ok = await pay(payBody(token, { session: { url: { callback_url: `${receiver.url}/cb` } } }))
        const [callback] = await receiver.waitFor(1)
        expect(callback?.url.searchParams.get("transaction_id")).toBe(ok.body.id)
        expect(callback?.url.searchParams.get("session_id")).toBe(ok.body.session_id)

        await client.control("POST", `/payment-tokens/${token}/decline`, {})
        const failed = await pay(payBody(token, { session: { url: { callback_url: `${receiver.url}/cb?report_error=true` } } }))
        const calls = await receiver.waitFor(2)
        expect(calls[1]?.url.searchParams.get("error")).toBe("failed")
        expect(calls[1]?.url.searchParams.get("transaction_id")).toBe(failed.body.id)
      } finally {
        await receiver.close()
      }
    })

    it("requires a Bearer token", async () => {
      const reply = await request(`${sandbox.url}/v1/sessions/pay`, { method: "POST", body: payBody("x") })
      expect(reply.status).toBe(401)
    })
  })

  describe("control API", () => {
    it("answers 404 for an unknown token and 400 for a bad decline body", async () => {
      expect((await client.control("POST", "/payment-tokens/nope/decline", {})).status).toBe(404)
      const { token } = await tokenFromCheckout()
      const bad = await client.control("POST", `/payment-tokens/${token}/decline`, { type: "SOMETIMES" })
      expect(bad.status).toBe(400)
      expect(bad.body.error.errors[0].field).toBe("type")
      expect((await client.control("GET", `/payment-tokens/${token}`)).body.payment_token).toBe(token)
    })

    it("forgets tokens on reset", async () => {
      await tokenFromCheckout()
      await client.control("POST", "/reset")
      expect((await client.control("GET", "/payment-tokens")).body).toEqual([])
    })
  })
})
