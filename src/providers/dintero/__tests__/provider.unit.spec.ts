import { MedusaError } from "@medusajs/framework/utils"
import { clearTokenCache, DinteroClient } from "../../../dintero"
import { SandboxHandle, startSandbox } from "../../../sandbox"
import { sandboxControl } from "../../../../test-support/sandbox-control"
import { DinteroProviderService } from "../service"
import { readsInFlight, shareRead } from "../reads-in-flight"
import { handOverVerifiedTransaction } from "../verified-handoff"
import { medusaStandIn } from "./medusa-stand-in"

/*
 * The provider's hooks, called as Medusa calls them, over real HTTP against the Dintero sandbox.
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
let provider: DinteroProviderService
let autoCaptureProvider: DinteroProviderService
let dintero: DinteroClient
const warnings: string[] = []
const medusa = medusaStandIn()

const logger = {
  warn: (message: string) => warnings.push(message),
  error: (message: string) => warnings.push(message),
  info: () => undefined,
  debug: () => undefined,
} as never

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: "default,instant:auto-capture", callbackRetries: 0 })
  control = sandboxControl(sandbox.url)
  const options = {
    accountId: "T12345678",
    clientId: "sandbox-client",
    clientSecret: "sandbox-secret",
    backendUrl: "http://127.0.0.1:9",
    // No cart here (the stand-in has none), so no {cart_id}: see "refuses … an empty cart id" below.
    returnUrl: "https://shop.example.com/dintero/return?ps={payment_session_id}",
    apiBaseUrl: `${sandbox.url}/v1`,
    checkoutBaseUrl: `${sandbox.url}/v1`,
    requestTimeoutMs: 2_000,
  }
  // Medusa's query and Locking Module (the provider gets both through the payment module's
  // dependencies): a stand-in holding the captures and refunds Medusa would have recorded.
  const cradle = { logger, query: medusa.query, locking: medusa.locking }
  provider = new DinteroProviderService(cradle, options)
  autoCaptureProvider = new DinteroProviderService(cradle, { ...options, profileId: "instant" })
  dintero = provider.dintero
})
afterAll(() => sandbox.stop())
beforeEach(async () => {
  clearTokenCache()
  await control.reset()
  warnings.length = 0
})

let sequence = 0
const paymentSessionId = () => `payses_01TEST${String(++sequence).padStart(4, "0")}`

async function initiate(amount: number | string = 199.5, currency = "nok", p = provider) {
  const session_id = paymentSessionId()
  const result = await p.initiatePayment({ amount, currency_code: currency, data: { session_id }, context: { idempotency_key: session_id } })
  // Medusa stores {...input.data, ...output.data}
  return { ...result, data: { session_id, ...result.data } as Record<string, unknown> }
}

async function paid(outcome: Parameters<typeof control.pay>[1] = "authorize", p = provider, productType?: string) {
  const session = await initiate(199.5, "nok", p)
  const payment = await control.pay(session.data.dintero_session_id as string, outcome, productType)
  const authorized = await p.authorizePayment({ data: session.data, context: { idempotency_key: session.data.session_id as string } })
  return { session, payment, authorized }
}

const medusaError = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a MedusaError")
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(MedusaError)
      return error as MedusaError
    }
  )

describe("initiatePayment", () => {
  it("creates a session from the payment profile, with return and callback URLs and the merchant reference", async () => {
    const { id, status, data } = await initiate()
    expect(status).toBe("pending")
    expect(id).toMatch(/^T12345678\.[0-9A-Za-z]{22}$/)
    expect(data).toMatchObject({
      dintero_session_id: id,
      checkout_url: `${sandbox.url}/v1/view/${id}`,
      merchant_reference: data.session_id,
      amount: 19950,
      currency: "NOK",
      profile_id: "default",
    })

    const session = await dintero.getSession(id)
    expect(session.order).toMatchObject({ amount: 19950, currency: "NOK", merchant_reference: data.session_id })
    expect(session.url?.return_url).toBe(`https://shop.example.com/dintero/return?ps=${data.session_id}`)
    expect(session.url?.callback_url).toBe(
      "http://127.0.0.1:9/hooks/dintero/pp_dintero_dintero/callback?report_error=true&report_event=CAPTURE&report_event=REFUND&report_event=VOID"
    )
    expect(Date.parse(session.expires_at as string)).toBeGreaterThan(Date.now() + 200 * 60_000)
    const create = (await control.requests()).find((r) => r.path === "/v1/sessions-profile")
    expect(create?.body).toMatchObject({ profile_id: "default" })
  })

  it("asks Dintero to delay the callback when callbackDelaySeconds is set", async () => {
    const p = new DinteroProviderService({ logger }, { ...provider.pluginOptions, callbackDelaySeconds: 5 })
    const { id } = await p.initiatePayment({ amount: 10, currency_code: "nok", data: { session_id: paymentSessionId() } })
    const callbackUrl = new URL((await dintero.getSession(id)).url?.callback_url as string)
    expect(callbackUrl.searchParams.get("delay_callback")).toBe("5")
  })

  it.each([
    ["JPY", 1999, 1999],
    ["ISK", "1500", 1500],
    ["KWD", "12.345", 12345],
    ["EUR", "10.005", 1001],
  ])("sends %s amounts in minor units", async (currency, amount, minor) => {
    const { data } = await initiate(amount, currency)
    const session = await dintero.getSession(data.dintero_session_id as string)
    expect(session.order.amount).toBe(minor)
    expect(session.order.currency).toBe(currency)
  })

  it("keeps secrets out of the session data", async () => {
    const { data } = await initiate()
    expect(JSON.stringify(data)).not.toContain("sandbox-secret")
  })

  it("accepts a storefront return URL only for an allowed host", async () => {
    const p = new DinteroProviderService(
      { logger },
      { ...provider.pluginOptions, returnUrl: undefined, allowedReturnUrlHosts: ["shop.example.com"] }
    )
    const ok = await p.initiatePayment({ amount: 10, currency_code: "nok", data: { session_id: paymentSessionId(), return_url: "https://shop.example.com/r" } })
    expect((await dintero.getSession(ok.id)).url?.return_url).toBe("https://shop.example.com/r")

    const error = await medusaError(
      p.initiatePayment({ amount: 10, currency_code: "nok", data: { session_id: paymentSessionId(), return_url: "https://evil.example.net/r" } })
    )
    expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(error.message).toContain("evil.example.net")
  })

  it("refuses, clearly, a return URL with an empty cart id (the cart cannot be read)", async () => {
    const withCartId = new DinteroProviderService({ logger, query: medusa.query, locking: medusa.locking }, {
      ...provider.pluginOptions,
      returnUrl: "https://shop.example.com/dintero/return?cart_id={cart_id}",
    })
    const error = await medusaError(initiate(199.5, "nok", withCartId))
    expect(error.message).toContain("{cart_id}")
    expect(error.message).toContain('dependencies: ["query", "locking", "dintero_saved_cards"]')
    expect((await control.requests()).filter((r) => r.path.endsWith("/sessions-profile"))).toHaveLength(0)
  })

  it("fails with a MedusaError carrying Dintero's message when Dintero refuses", async () => {
    const p = new DinteroProviderService({ logger }, { ...provider.pluginOptions, profileId: "no-such-profile" })
    const error = await medusaError(p.initiatePayment({ amount: 10, currency_code: "nok", data: { session_id: paymentSessionId() } }))
    expect(error.message).toMatch(/^Could not create the Dintero payment session: Dintero create session failed \(HTTP 4\d\d/)
  })

  it("fails with a MedusaError for a currency that is not ISO 4217", async () => {
    const error = await medusaError(initiate(10, "xyz"))
    expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
  })
})

describe("authorizePayment", () => {
  it("is pending until the shopper pays, and always returns data", async () => {
    const { data } = await initiate()
    const result = await provider.authorizePayment({ data })
    expect(result.status).toBe("pending")
    expect(result.data).toMatchObject(data)
  })

  it("authorizes from Dintero's own transaction and records it in the data", async () => {
    const { payment, authorized } = await paid("authorize")
    expect(authorized.status).toBe("authorized")
    expect(authorized.data).toMatchObject({
      transaction_id: payment.transaction_id,
      transaction_status: "AUTHORIZED",
      authorized_amount: 19950,
      captured_amount: 0,
    })
  })

  it("authorizes a paid payment with one Dintero request (the session's transactions, listed by session)", async () => {
    const session = await initiate()
    const payment = await control.pay(session.data.dintero_session_id as string, "authorize")
    await control.clearRequests()
    const result = await provider.authorizePayment({ data: session.data })
    expect(result.status).toBe("authorized")
    expect(result.data).toMatchObject({ transaction_id: payment.transaction_id })
    expect((await control.requests()).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/transactions"])
  })

  it("authorizes with no Dintero request when a settlement has just read the transaction, once", async () => {
    const session = await initiate()
    const payment = await control.pay(session.data.dintero_session_id as string, "authorize")
    const transaction = await dintero.getTransaction(payment.transaction_id as string)
    handOverVerifiedTransaction(session.data.session_id as string, transaction)
    await control.clearRequests()
    expect((await provider.authorizePayment({ data: session.data })).status).toBe("authorized")
    expect(await control.requests()).toHaveLength(0)
    // Taken once: the next authorization reads Dintero again.
    expect((await provider.authorizePayment({ data: session.data })).status).toBe("authorized")
    expect(await control.requests()).toHaveLength(1)
  })

  it("joins a read of the same payment under way (Dintero's callback and the return together): one request", async () => {
    const session = await initiate()
    const payment = await control.pay(session.data.dintero_session_id as string, "authorize")
    await control.clearRequests()
    const paymentSessionId = session.data.session_id as string
    const callbackRead = shareRead(paymentSessionId, async () => ({ transaction: await dintero.getTransaction(payment.transaction_id as string) }))
    const result = await provider.authorizePayment({ data: session.data })
    expect(result.status).toBe("authorized")
    expect((await callbackRead).transaction?.id).toBe(payment.transaction_id)
    expect((await control.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/transactions/${payment.transaction_id}`])
    expect(readsInFlight()).toBe(0)
  })

  it("reads for itself when the read under way is another payment's (a forged callback's hint)", async () => {
    const first = await paid("authorize")
    const second = await initiate()
    await control.pay(second.data.dintero_session_id as string, "authorize")
    await control.clearRequests()
    const foreign = shareRead(second.data.session_id as string, async () => ({ transaction: await dintero.getTransaction(first.payment.transaction_id as string) }))
    expect((await provider.authorizePayment({ data: second.data })).status).toBe("authorized")
    await foreign
    expect(await control.requests()).toHaveLength(2)
  })

  it("refuses a handed-over transaction that is not this payment's", async () => {
    const first = await paid("authorize")
    const second = await initiate()
    handOverVerifiedTransaction(second.data.session_id as string, await dintero.getTransaction(first.payment.transaction_id as string))
    const error = await medusaError(provider.authorizePayment({ data: second.data }))
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
  })

  it.each([
    ["decline", "error"],
    ["fail", "error"],
    ["on_hold", "pending_authorization"],
  ] as const)("maps a %s payment to %s", async (outcome, status) => {
    const { authorized } = await paid(outcome)
    expect(authorized.status).toBe(status)
  })

  it("maps a session the shopper cancelled on the hosted page to canceled", async () => {
    const { authorized } = await paid("cancel")
    expect(authorized.status).toBe("canceled")
    expect((await dintero.getSession(authorized.data?.dintero_session_id as string)).cancelled_at).toEqual(expect.any(String))
  })

  it("maps an expired unpaid session to canceled", async () => {
    const { data } = await initiate()
    await fetch(`${sandbox.url}/_sandbox/sessions/${data.dintero_session_id}/expire`, { method: "POST" })
    expect((await provider.authorizePayment({ data })).status).toBe("canceled")
  })

  it("maps a transaction captured at once (auto-capture profile) to captured", async () => {
    const { authorized } = await paid("authorize", autoCaptureProvider)
    expect(authorized.status).toBe("captured")
    expect(authorized.data).toMatchObject({ transaction_status: "CAPTURED", captured_amount: 19950 })
  })

  it("maps a voided authorization to canceled", async () => {
    const { authorized } = await paid("authorize")
    await dintero.voidTransaction(authorized.data?.transaction_id as string)
    expect((await provider.getPaymentStatus({ data: authorized.data })).status).toBe("canceled")
  })

  it("refuses a transaction that does not match this payment (amount tampered in data)", async () => {
    const { session } = await paid("authorize")
    const error = await medusaError(provider.authorizePayment({ data: { ...session.data, amount: 100 } }))
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(error.message).toContain("amount")
  })

  it("refuses data pointing at another payment's Dintero session", async () => {
    const first = await paid("authorize")
    const second = await initiate()
    const error = await medusaError(
      provider.authorizePayment({ data: { ...second.data, dintero_session_id: first.session.data.dintero_session_id } })
    )
    expect(error.message).toContain("merchant_reference")
  })

  it("explains a payment session without Dintero data", async () => {
    const error = await medusaError(provider.authorizePayment({ data: {} }))
    expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(error.message).toContain("dintero_session_id")
  })
})

/** Medusa's order of things: record the capture, then ask the provider (the row id is the key). */
async function captureAsMedusa(authorized: { data?: Record<string, unknown> }, amount: number, p = provider) {
  const sessionId = authorized.data?.session_id as string
  const id = medusa.capture(sessionId, amount)
  try {
    return { id, result: await p.capturePayment({ data: authorized.data, context: { idempotency_key: id } }) }
  } catch (error) {
    medusa.drop(sessionId, id)
    throw error
  }
}

async function refundAsMedusa(data: Record<string, unknown>, amount: number | object, createdBy?: string) {
  const sessionId = data.session_id as string
  const major = typeof amount === "number" ? amount : Number((amount as { value: string }).value)
  const id = medusa.refund(sessionId, major, createdBy)
  try {
    return { id, result: await provider.refundPayment({ data, amount: amount as never, context: { idempotency_key: id } }) }
  } catch (error) {
    medusa.drop(sessionId, id)
    throw error
  }
}

const requestsTo = async (suffix: string) => (await control.requests()).filter((r) => r.method === "POST" && r.path.endsWith(suffix))

describe("capturePayment", () => {
  it("captures what Medusa records, referenced by Medusa's capture id", async () => {
    const { authorized } = await paid("authorize")
    const { id, result } = await captureAsMedusa(authorized, 199.5)
    expect(result.data).toMatchObject({ transaction_status: "CAPTURED", captured_amount: 19950 })

    const [capture] = await requestsTo("/capture")
    expect(capture?.body).toMatchObject({ amount: 19950, capture_reference: id })
    // No cart here, so the session has no lines (the integration tests capture with every line).
    expect((capture?.body as { items?: unknown[] }).items).toBeUndefined()
  })

  it("a partial capture in Medusa is a partial capture at Dintero, by amount", async () => {
    const { authorized } = await paid("authorize")
    await captureAsMedusa(authorized, 100)
    const [capture] = await requestsTo("/capture")
    expect(capture.body).toEqual({ amount: 10000, capture_reference: expect.stringMatching(/^capt_/) })
  })

  it("a retry of the same capture (same id) sends nothing more", async () => {
    const { authorized } = await paid("authorize")
    const { id } = await captureAsMedusa(authorized, 50)
    await provider.capturePayment({ data: authorized.data, context: { idempotency_key: id } })
    expect(await requestsTo("/capture")).toHaveLength(1)
  })

  it("a capture Dintero already has (Backoffice) is recorded in Medusa without capturing again", async () => {
    const { authorized } = await paid("authorize")
    await dintero.captureTransaction(authorized.data?.transaction_id as string, { amount: 5000 })
    const { result } = await captureAsMedusa(authorized, 50)
    expect(result.data).toMatchObject({ captured_amount: 5000 })
    expect(await requestsTo("/capture")).toHaveLength(1) // the Backoffice one
  })

  it("sends no capture for an auto-captured payment", async () => {
    const { authorized } = await paid("authorize", autoCaptureProvider)
    await captureAsMedusa(authorized, 199.5, autoCaptureProvider)
    expect(await requestsTo("/capture")).toHaveLength(0)
  })

  it("refuses, sending nothing, when Medusa's capture cannot be read (never captures 'everything' by guess)", async () => {
    const { authorized } = await paid("authorize")
    const unknown = await medusaError(provider.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_not_recorded" } }))
    expect(unknown.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(unknown.message).toContain("could not be read")

    const withoutQuery = new DinteroProviderService({ logger }, provider.pluginOptions)
    const noQuery = await medusaError(withoutQuery.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_x" } }))
    expect(noQuery.message).toContain('dependencies: ["query", "locking", "dintero_saved_cards"]')

    const withoutLocking = new DinteroProviderService({ logger, query: medusa.query }, provider.pluginOptions)
    const noLock = await medusaError(captureAsMedusa(authorized, 10, withoutLocking))
    expect(noLock.message).toContain("Locking Module")
    expect(await requestsTo("/capture")).toHaveLength(0)
  })

  it("refuses to capture a voided payment", async () => {
    const { authorized } = await paid("authorize")
    await provider.cancelPayment({ data: authorized.data })
    const error = await medusaError(captureAsMedusa(authorized, 199.5))
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(error.message).toContain("AUTHORIZATION_VOIDED")
  })

  it("does not capture twice when the answer to the capture is lost", async () => {
    const { authorized } = await paid("authorize")
    await control.fault({ path: "/capture$", method: "POST", status: 500, after: true, times: 1 })
    const { result } = await captureAsMedusa(authorized, 199.5)
    expect(result.data).toMatchObject({ transaction_status: "CAPTURED", captured_amount: 19950 })
    expect(await requestsTo("/capture")).toHaveLength(1)
  })

  it("does not send a capture again before Dintero's Retry-After has passed: it reports the 429", async () => {
    const { authorized } = await paid("authorize")
    await control.fault({ path: "/capture$", method: "POST", status: 429, retry_after: 30, times: 1 })
    const started = Date.now()
    const error = await medusaError(captureAsMedusa(authorized, 199.5))
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(error.message).toContain("429")
    expect(await requestsTo("/capture")).toHaveLength(1)
  })
})

describe("refundPayment", () => {
  async function capturedPayment() {
    const { authorized } = await paid("authorize")
    const { result } = await captureAsMedusa(authorized, 199.5)
    return result.data as Record<string, unknown>
  }

  it("refunds part of the payment by amount, given as Medusa's raw BigNumber", async () => {
    const data = await capturedPayment()
    const { id, result } = await refundAsMedusa(data, { value: "50.25", precision: 20 })
    expect(result.data).toMatchObject({ transaction_status: "PARTIALLY_REFUNDED", refunded_amount: 5025 })
    const [refund] = await requestsTo("/refund")
    expect(refund?.body).toEqual({ amount: 5025, refund_reference: id })
  })

  it("refunds two equal partial amounts as two refunds", async () => {
    const data = await capturedPayment()
    await refundAsMedusa(data, 10)
    const { result } = await refundAsMedusa(data, 10)
    expect(result.data).toMatchObject({ refunded_amount: 2000 })
  })

  it("does not refund again for the same refund id", async () => {
    const data = await capturedPayment()
    const { id } = await refundAsMedusa(data, 10)
    const again = await provider.refundPayment({ data, amount: 10, context: { idempotency_key: id } })
    expect(again.data).toMatchObject({ refunded_amount: 1000 })
    expect(await requestsTo("/refund")).toHaveLength(1)
  })

  it("refunds everything with the lines, ending REFUNDED", async () => {
    const data = await capturedPayment()
    const { result } = await refundAsMedusa(data, 199.5)
    expect(result.data).toMatchObject({ transaction_status: "REFUNDED", refunded_amount: 19950 })
  })

  it("refuses to refund more than was captured, before asking Dintero", async () => {
    const data = await capturedPayment()
    const error = await medusaError(refundAsMedusa(data, 200))
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(error.message).toContain("only 199.5 NOK")
    expect(await requestsTo("/refund")).toHaveLength(0)
  })

  it("a refund made at Dintero first and then entered in Medusa is not refunded twice", async () => {
    const data = await capturedPayment()
    await dintero.refundTransaction(data.transaction_id as string, { amount: 3000 })
    await refundAsMedusa(data, 30)
    expect(await requestsTo("/refund")).toHaveLength(1) // the Backoffice one
  })

  it("a refund recorded from Dintero's own report moves no money and reads nothing", async () => {
    const data = await capturedPayment()
    await control.clearRequests()
    await refundAsMedusa(data, 30, "dintero")
    expect(await control.requests()).toHaveLength(0)
  })
})

describe("cancelPayment and deletePayment", () => {
  it("voids an authorization; voiding again is success", async () => {
    const { authorized } = await paid("authorize")
    const cancelled = await provider.cancelPayment({ data: authorized.data })
    expect(cancelled.data).toMatchObject({ transaction_status: "AUTHORIZATION_VOIDED" })
    const again = await provider.cancelPayment({ data: authorized.data })
    expect(again.data).toMatchObject({ transaction_status: "AUTHORIZATION_VOIDED" })
    expect(await requestsTo("/void")).toHaveLength(1)
    expect(warnings.join("\n")).toContain("authorization released because Medusa cancelled the payment")
  })

  it("refuses to cancel a captured payment (Medusa refunds it instead)", async () => {
    const { authorized } = await paid("authorize", autoCaptureProvider)
    const error = await medusaError(autoCaptureProvider.cancelPayment({ data: authorized.data }))
    expect(error.message).toContain("refunded, not cancelled")
  })

  it("treats a declined payment as nothing to cancel", async () => {
    const { authorized } = await paid("decline")
    await expect(provider.cancelPayment({ data: authorized.data })).resolves.toBeDefined()
  })

  it("cancels an unpaid Dintero session when Medusa deletes the payment session", async () => {
    const { data } = await initiate()
    await provider.deletePayment({ data })
    const session = await dintero.getSession(data.dintero_session_id as string)
    expect(session.cancelled_at).toEqual(expect.any(String))
    expect((await provider.authorizePayment({ data })).status).toBe("canceled")
  })

  it("never cancels a paid session when Medusa deletes the payment session: it refuses, and the authorization stays", async () => {
    const { session, payment } = await paid("authorize")
    const error = await medusaError(provider.deletePayment({ data: session.data }))
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(error.message).toContain(payment.transaction_id as string)
    expect((await dintero.getTransaction(payment.transaction_id as string)).status).toBe("AUTHORIZED")
    expect(await requestsTo("/cancel")).toHaveLength(0)
  })

  it("keeps the payment session when Dintero cannot be reached (it might be paid)", async () => {
    const { data } = await initiate()
    await control.fault({ path: "^/v1/sessions/", times: 20, status: 500 })
    await expect(provider.deletePayment({ data })).rejects.toBeInstanceOf(MedusaError)
  })

  it("has nothing to delete for a session that never reached Dintero", async () => {
    await expect(provider.deletePayment({ data: { session_id: "payses_x" } })).resolves.toEqual({ data: { session_id: "payses_x" } })
  })
})

describe("updatePayment and retrievePayment", () => {
  it("updates the unpaid session's amount", async () => {
    const { data } = await initiate()
    const updated = await provider.updatePayment({ data, amount: 250, currency_code: "nok" })
    expect(updated.data).toMatchObject({ amount: 25000, dintero_session_id: data.dintero_session_id })
    expect((await dintero.getSession(data.dintero_session_id as string)).order.amount).toBe(25000)
  })

  it("replaces the session when the currency changes", async () => {
    const { data } = await initiate()
    const updated = await provider.updatePayment({ data, amount: 20, currency_code: "eur" })
    expect(updated.data).toMatchObject({ amount: 2000, currency: "EUR" })
    expect(updated.data?.dintero_session_id).not.toBe(data.dintero_session_id)
    expect((await dintero.getSession(data.dintero_session_id as string)).cancelled_at).toEqual(expect.any(String))
  })

  it("refuses to change a paid session", async () => {
    const { authorized } = await paid("authorize")
    const error = await medusaError(provider.updatePayment({ data: authorized.data, amount: 1, currency_code: "nok" }))
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
  })

  it("retrieves the payment as Dintero has it", async () => {
    const { authorized } = await paid("authorize")
    const retrieved = await provider.retrievePayment({ data: authorized.data })
    expect(retrieved.data).toMatchObject({ transaction_status: "AUTHORIZED", transaction_id: authorized.data?.transaction_id })
  })
})

describe("getWebhookActionAndData", () => {
  it("acts on nothing that reaches Medusa's generic webhook route (Dintero calls the plugin's own route)", async () => {
    const { session, payment } = await paid("authorize")
    await control.clearRequests()
    const result = await provider.getWebhookActionAndData({
      data: { transaction_id: payment.transaction_id, merchant_reference: session.data.session_id },
      rawData: "",
      headers: {},
    })
    expect(result).toEqual({ action: "not_supported" })
    expect(await control.requests()).toHaveLength(0)
  })
})
