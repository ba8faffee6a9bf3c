import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { dinteroBackoffice, medusaRecords, signCallback, storefront } from "../helpers/checkout"
import { sandboxCallbacks, sandboxControl } from "../../test-support/sandbox-control"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { freePort, sleep, waitFor } from "../../test-support/wait"

jest.setTimeout(120_000)

/*
 * The whole journey in a real Medusa app on PostgreSQL, with the Dintero sandbox as the gateway,
 * through the store and admin HTTP APIs: sessions, payment on the sandbox, Dintero's callback
 * (signed) and the shopper's return in every order, exactly one order, capture and refund.
 */
const SIGNATURE_SECRET = "callback-signing-secret"
const ACCOUNT_ID = "T12345678"
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
let callbacks: ReturnType<typeof sandboxCallbacks>
let backendUrl: string
const env = appEnvironment()

// Declared before the runner's hooks: the sandbox and the server's port must be known when
// Medusa reads medusa-config.ts (the callback URL is built from the backend URL).
beforeAll(async () => {
  sandbox = await startSandbox({
    signatureSecret: SIGNATURE_SECRET,
    profiles: "default,instant:auto-capture",
    callbackRetries: 6,
    callbackRetryBaseMs: 300,
  })
  control = sandboxControl(sandbox.url)
  callbacks = sandboxCallbacks(sandbox.url)
  const port = await freePort()
  backendUrl = `http://127.0.0.1:${port}`
  env.set({
    PORT: String(port),
    DINTERO_SANDBOX_URL: sandbox.url,
    DINTERO_BACKEND_URL: backendUrl,
    DINTERO_SIGNATURE_SECRET: SIGNATURE_SECRET,
    DINTERO_SECOND_PROFILE_ID: "instant",
  })
})
afterAll(async () => {
  await sandbox?.stop()
  env.restore()
})

medusaIntegrationTestRunner({
  dbName: `dintero_checkout_flow_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let admin: { headers: Record<string, string> }
    let shop: ReturnType<typeof storefront>
    const records = medusaRecords(getContainer)

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer(), ["pp_dintero_dintero", "pp_dintero_second"])
      shop = storefront(api, store)
      admin = await adminHeaders(getContainer())
    })
    beforeEach(() => control.reset())

    // --- what a storefront does, and what Medusa records (integration-tests/helpers/checkout.ts) --

    const cartWithDinteroSession = (providerId?: string) => shop.cartWithDinteroSession(providerId)
    const newPaymentSession = (paymentCollectionId: string) => shop.newPaymentSession(paymentCollectionId)
    const completeAsStorefront = (cartId: string) => shop.complete(cartId)
    const { ordersOfCart, paymentsOfSession, paymentSessionStatus } = records

    async function waitForOrder(cartId: string) {
      return waitFor(async () => (await ordersOfCart(cartId))[0])
    }


    const requestsTo = async (pattern: RegExp, method = "POST") =>
      (await control.requests()).filter((r) => r.method === method && pattern.test(r.path))

    // --- the journey ------------------------------------------------------------------------

    it("happy path: pay, return, order; admin capture and partial refund agree with Dintero", async () => {
      const { cartId, paymentSessionId, dinteroSessionId, amount } = await cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "authorize")
      expect(paid.redirect_url).toContain(`merchant_reference=${paymentSessionId}`)

      const completed = await completeAsStorefront(cartId)
      expect(completed.status).toBe(200)
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id
      expect(await ordersOfCart(cartId)).toEqual([{ id: orderId }])

      const [payment] = await paymentsOfSession(paymentSessionId)
      expect(payment.data).toMatchObject({ transaction_id: paid.transaction_id, transaction_status: "AUTHORIZED" })
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("AUTHORIZED")

      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const captureRequests = await requestsTo(/\/capture$/)
      expect(captureRequests).toHaveLength(1)
      const captureBody = captureRequests[0].body as { amount: number; items: { line_id: string }[] }
      expect(captureBody.amount).toBe(amount)
      // Every line of the session, the shipping line included.
      const created = ((await control.session(dinteroSessionId)).create_request as { body: unknown }).body as {
        order: { items: { line_id: string }[]; shipping_option: { line_id: string } }
      }
      expect(captureBody.items.map((i) => i.line_id).sort()).toEqual(
        [...created.order.items.map((i) => i.line_id), created.order.shipping_option.line_id].sort()
      )
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("CAPTURED")
      expect((await paymentsOfSession(paymentSessionId))[0].captured_at).not.toBeNull()

      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 100 }, admin)
      const refundRequests = await requestsTo(/\/refund$/)
      expect(refundRequests.map((r) => r.body)).toEqual([{ amount: 10000, refund_reference: expect.stringMatching(/^ref/) }])
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("PARTIALLY_REFUNDED")
      expect((await paymentsOfSession(paymentSessionId))[0].refunds.map((r) => Number(r.amount))).toEqual([100])

      // Dintero reports the capture and the refund back (report_event): nothing is recorded twice.
      await waitFor(async () => {
        const events = (await control.callbacks()).filter((c) => /event=REFUND/.test(c.url) && c.status === 200)
        return events.length ? events : undefined
      })
      const [after] = await paymentsOfSession(paymentSessionId)
      expect(after.captures).toHaveLength(1)
      expect(after.refunds).toHaveLength(1)
    })

    it("a partial capture in the admin is a partial capture at Dintero; the rest follows with the next one", async () => {
      const { cartId, paymentSessionId, dinteroSessionId, amount } = await cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "authorize")
      await completeAsStorefront(cartId)
      const [payment] = await paymentsOfSession(paymentSessionId)

      await api.post(`/admin/payments/${payment.id}/capture`, { amount: 100 }, admin)
      expect((await requestsTo(/\/capture$/)).map((r) => (r.body as { amount: number }).amount)).toEqual([10000])
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("PARTIALLY_CAPTURED")

      // The rest: Medusa's admin asks for the outstanding amount explicitly.
      await api.post(`/admin/payments/${payment.id}/capture`, { amount: (amount - 10000) / 100 }, admin)
      const captures = await requestsTo(/\/capture$/)
      expect(captures.map((r) => (r.body as { amount: number }).amount)).toEqual([10000, amount - 10000])
      // After a capture by amount, captures can no longer be attributed to lines: the rest goes by amount too.
      expect((captures[1].body as { items?: unknown[] }).items).toBeUndefined()
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("CAPTURED")
      const [captured] = await paymentsOfSession(paymentSessionId)
      expect(captured.captured_at).not.toBeNull()
      expect(captured.captures).toHaveLength(2)
    })

    it("a partial capture made in Dintero Backoffice is recorded as such, and nothing more is captured", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "authorize")
      await completeAsStorefront(cartId)

      const capture = await dinteroApi("POST", `/v1/transactions/${paid.transaction_id}/capture`, { amount: 20000 })
      expect(capture.status).toBe(200)

      const [payment] = await waitFor(async () => {
        const payments = await paymentsOfSession(paymentSessionId)
        return payments[0]?.captures.length ? payments : undefined
      })
      expect(payment.captures.map((c) => Number(c.amount))).toEqual([200])
      expect(payment.captured_at).toBeNull()
      expect(await requestsTo(/\/capture$/)).toHaveLength(1)
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("PARTIALLY_CAPTURED")
    })

    it("a capture made in Dintero Backoffice is recorded in Medusa when Dintero reports it", async () => {
      const { cartId, paymentSessionId, dinteroSessionId, amount } = await cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "authorize")
      await waitForOrder(cartId)
      await waitFor(async () => ((await paymentsOfSession(paymentSessionId)).length ? true : undefined))

      // The merchant captures in Dintero Backoffice, not in Medusa.
      const capture = await dinteroApi("POST", `/v1/transactions/${paid.transaction_id}/capture`, { amount })
      expect(capture.status).toBe(200)

      const [payment] = await waitFor(async () => {
        const payments = await paymentsOfSession(paymentSessionId)
        return payments[0]?.captured_at ? payments : undefined
      })
      expect(payment.captures.map((c) => Math.round(Number(c.amount) * 100))).toEqual([amount])
      // Recorded from Dintero's report: the plugin sent no capture of its own.
      expect(await requestsTo(/\/capture$/)).toHaveLength(1)
    })

    it("callback only: the order appears although the shopper never returns", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      await control.pay(dinteroSessionId, "authorize")

      const delivered = await waitFor(async () => {
        const all = (await control.callbacks()).filter((c) => c.url.includes(dinteroSessionId))
        return all.some((c) => c.status === 200) ? all : undefined
      })
      expect(delivered.map((c) => c.status)).toEqual([200])
      expect(await ordersOfCart(cartId)).toHaveLength(1)
      expect(await paymentsOfSession(paymentSessionId)).toHaveLength(1)
    })

    it("callback and return together, with 20 concurrent duplicate deliveries: one order, one payment, one capture", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      await callbacks.hold()
      await control.pay(dinteroSessionId, "authorize")
      expect(await callbacks.held()).toHaveLength(1)

      const [released, completed] = await Promise.all([callbacks.release(20), completeAsStorefront(cartId)])
      expect(released.released).toBe(1)
      expect(completed.status).toBe(200)
      expect(completed.data.type).toBe("order")

      // Every delivery ends in a 2xx (a 503 makes Dintero retry), none is refused.
      await waitFor(async () => {
        const attempts = (await control.callbacks()).filter((c) => c.url.includes(dinteroSessionId))
        const settled = attempts.filter((c) => c.status === 200)
        return settled.length >= 20 ? attempts : undefined
      }, 60_000)
      const attempts = (await control.callbacks()).filter((c) => c.url.includes(dinteroSessionId))
      expect(attempts.filter((c) => c.status !== 200 && c.status !== 503).map((c) => c.status ?? c.error)).toEqual([])
      // The copies settle one at a time: at most one runs the settlement (none when the return was
      // first), the others find it done, from Medusa's records or after reading the transaction.
      const paths = attempts.filter((c) => c.status === 200).map((c) => JSON.parse(c.response_body ?? "{}").via as string)
      expect(paths.filter((path) => path === "settlement").length).toBeLessThanOrEqual(1)
      expect(paths.every((path) => ["settlement", "dintero-read", "medusa-records"].includes(path))).toBe(true)

      expect(await ordersOfCart(cartId)).toEqual([{ id: completed.data.order.id }])
      const payments = await paymentsOfSession(paymentSessionId)
      expect(payments).toHaveLength(1)

      await api.post(`/admin/payments/${payments[0].id}/capture`, {}, admin)
      expect(await requestsTo(/\/capture$/)).toHaveLength(1)
      expect((await paymentsOfSession(paymentSessionId))[0].captures).toHaveLength(1)
    })

    it("callback before the return: the return finds the order", async () => {
      const { cartId, dinteroSessionId } = await cartWithDinteroSession()
      await control.pay(dinteroSessionId, "authorize")
      const order = await waitForOrder(cartId)

      const completed = await completeAsStorefront(cartId)
      expect(completed.status).toBe(200)
      expect(completed.data.order.id).toBe(order.id)
      expect(await ordersOfCart(cartId)).toHaveLength(1)
    })

    it("callback after the return (delayed): acknowledged, nothing added", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      await callbacks.hold()
      await control.pay(dinteroSessionId, "authorize")
      const completed = await completeAsStorefront(cartId)
      expect(completed.data.type).toBe("order")

      await sleep(1_000)
      await callbacks.release()
      const attempt = await waitFor(async () => (await control.callbacks()).find((c) => c.url.includes(dinteroSessionId)))
      expect(attempt.status).toBe(200)
      expect(await ordersOfCart(cartId)).toHaveLength(1)
      expect(await paymentsOfSession(paymentSessionId)).toHaveLength(1)
    })

    it("a callback we answer with 5xx is retried by Dintero and then completes the order", async () => {
      const { cartId, dinteroSessionId } = await cartWithDinteroSession()
      // Dintero's API fails while our callback route reads the transaction: the route answers 503.
      await control.fault({ path: "^/v1/transactions/", method: "GET", status: 500, times: 4 })
      await control.pay(dinteroSessionId, "authorize")

      const attempts = await waitFor(async () => {
        const all = (await control.callbacks()).filter((c) => c.url.includes(dinteroSessionId))
        return all.some((c) => c.status === 200) ? all : undefined
      })
      expect(await ordersOfCart(cartId)).toHaveLength(1)
      expect(attempts.map((a) => a.status)).toEqual([...attempts.slice(0, -1).map(() => 503), 200])
      expect(new Set(attempts.map((a) => a.delivery_id)).size).toBe(1)
    })

    it.each(["decline", "fail", "cancel"] as const)(
      "a %s payment is reflected on the payment session; the shopper then pays on a new session",
      async (outcome) => {
        const first = await cartWithDinteroSession()
        const paid = await control.pay(first.dinteroSessionId, outcome)
        expect(paid.redirect_url).toMatch(/error=(authorization|failed|cancelled)/)

        const expected = outcome === "cancel" ? "canceled" : "error"
        await waitFor(async () => ((await paymentSessionStatus(first.paymentSessionId)) === expected ? true : undefined))
        const attempt = await waitFor(async () => (await control.callbacks()).find((c) => c.url.includes(first.dinteroSessionId)))
        expect(attempt.status).toBe(200)
        const refused = await completeAsStorefront(first.cartId)
        expect(refused.status).toBe(400)
        expect(await ordersOfCart(first.cartId)).toHaveLength(0)

        // The storefront shows the cart again with a new session; the old one is cancelled at Dintero.
        const second = await newPaymentSession(first.paymentCollectionId)
        expect(second.dinteroSessionId).not.toBe(first.dinteroSessionId)
        await control.pay(second.dinteroSessionId, "authorize")
        const completed = await completeAsStorefront(first.cartId)
        expect(completed.data.type).toBe("order")
        expect(await ordersOfCart(first.cartId)).toHaveLength(1)
        expect(await paymentsOfSession(second.paymentSessionId)).toHaveLength(1)
      }
    )

    it("auto-capture profile: the transaction arrives CAPTURED; order created, payment captured, no capture sent", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession("pp_dintero_second")
      const session = await control.session(dinteroSessionId)
      expect(JSON.stringify(session)).toContain("/hooks/dintero/pp_dintero_second/callback")
      const paid = await control.pay(dinteroSessionId, "authorize")
      expect((await control.transaction(paid.transaction_id as string)).status).toBe("CAPTURED")

      await waitForOrder(cartId)
      const [payment] = await waitFor(async () => {
        const payments = await paymentsOfSession(paymentSessionId)
        return payments[0]?.captured_at ? payments : undefined
      })
      expect(payment.captures).toHaveLength(1)
      expect(await requestsTo(/\/capture$/)).toHaveLength(0)
      const completed = await completeAsStorefront(cartId)
      expect(completed.data.type).toBe("order")
    })

    it("ON_HOLD: the order is created awaiting payment; the later AUTHORIZED callback authorizes it", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "on_hold")
      const order = await waitForOrder(cartId)
      // The order and the session's status are written by the same completion, not at the same instant.
      await waitFor(async () => ((await paymentSessionStatus(paymentSessionId)) === "pending_authorization" ? true : undefined))
      expect(await paymentsOfSession(paymentSessionId)).toHaveLength(0)

      await control.resolve(paid.transaction_id as string, "authorize")
      const [payment] = await waitFor(async () => {
        const payments = await paymentsOfSession(paymentSessionId)
        return payments.length ? payments : undefined
      })
      expect(payment.data).toMatchObject({ transaction_status: "AUTHORIZED" })
      expect(await ordersOfCart(cartId)).toEqual([{ id: order.id }])
    })

    it("ON_HOLD then FAILED is reflected on the payment session", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "on_hold")
      await waitForOrder(cartId)
      await control.resolve(paid.transaction_id as string, "fail")
      await waitFor(async () => ((await paymentSessionStatus(paymentSessionId)) === "error" ? true : undefined))
      expect(await paymentsOfSession(paymentSessionId)).toHaveLength(0)
    })

    describe("forged callbacks are refused and change nothing", () => {
      async function heldCallbackOfPaidSession() {
        const checkout = await cartWithDinteroSession()
        await callbacks.hold()
        const paid = await control.pay(checkout.dinteroSessionId, "authorize")
        const [held] = await callbacks.held()
        await callbacks.drop() // the genuine callback is never sent: the test sends its own
        return { ...checkout, transactionId: paid.transaction_id as string, url: new URL(held.url) }
      }

      const send = (url: URL, signature?: string) =>
        fetch(url, { headers: signature ? { "dintero-signature": signature } : {} })

      async function expectNothingChanged(cartId: string, paymentSessionId: string) {
        expect(await ordersOfCart(cartId)).toHaveLength(0)
        expect(await paymentsOfSession(paymentSessionId)).toHaveLength(0)
        expect(await paymentSessionStatus(paymentSessionId)).toBe("pending")
      }

      it("without a signature, with a bad one, or a stale one: 401", async () => {
        const { cartId, paymentSessionId, url } = await heldCallbackOfPaidSession()
        expect((await send(url)).status).toBe(401)
        expect((await send(url, sign(url, { secret: "wrong-secret" }))).status).toBe(401)
        expect((await send(url, sign(url, { t: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(401)
        const tampered = new URL(url)
        tampered.searchParams.set("merchant_reference", "payses_01SOMETHINGELSE")
        expect((await send(tampered, sign(url))).status).toBe(401)
        await expectNothingChanged(cartId, paymentSessionId)

        // The genuine callback, correctly signed, goes through.
        expect((await send(url, sign(url))).status).toBe(200)
        expect(await ordersOfCart(cartId)).toHaveLength(1)
      })

      it("a replay naming another session's transaction: 400", async () => {
        const victim = await heldCallbackOfPaidSession()
        const other = await heldCallbackOfPaidSession()
        const replay = new URL(victim.url)
        replay.searchParams.set("transaction_id", other.transactionId)
        const response = await send(replay, sign(replay))
        expect(response.status).toBe(400)
        await expectNothingChanged(victim.cartId, victim.paymentSessionId)
      })

      it("an unknown payment session: 404", async () => {
        const { url } = await heldCallbackOfPaidSession()
        const unknown = new URL(url)
        unknown.pathname = "/hooks/dintero/pp_dintero_nosuchprovider/callback"
        expect((await send(unknown, sign(unknown))).status).toBe(404)
      })

      it.each([
        ["amount", { amountDelta: 100 }],
        ["currency", { currency: "SEK" }],
      ])("a transaction whose %s differs from the Medusa payment session: 400", async (field, change) => {
        const { cartId, paymentSessionId, dinteroSessionId, amount } = await cartWithDinteroSession()
        // The Dintero session is changed behind Medusa's back before it is paid.
        const { create_request } = (await control.session(dinteroSessionId)) as { create_request: { body: { order: Record<string, unknown> } } }
        const { merchant_reference: _reference, ...order } = create_request.body.order
        await updateDinteroSession(dinteroSessionId, tamper({ ...order, amount }, change))
        await callbacks.hold()
        await control.pay(dinteroSessionId, "authorize")
        const [held] = await callbacks.held()
        const url = new URL(held.url)
        const response = await send(url, sign(url))
        expect(response.status).toBe(400)
        const { message } = await response.json()
        expect(message).toMatch(/does not belong to this payment/)
        expect(message).toContain(`${field} is`)
        await expectNothingChanged(cartId, paymentSessionId)
        const completed = await completeAsStorefront(cartId)
        expect(completed.status).not.toBe(200)
      })
    })

    it("an expired session cannot be paid; the storefront starts a new one", async () => {
      const { cartId, paymentCollectionId, paymentSessionId, dinteroSessionId } = await cartWithDinteroSession()
      await fetch(`${sandbox.url}/_sandbox/sessions/${dinteroSessionId}/expire`, { method: "POST" })
      const refused = await completeAsStorefront(cartId)
      expect(refused.status).toBe(400)
      expect(await paymentSessionStatus(paymentSessionId)).toBe("canceled")

      const fresh = await newPaymentSession(paymentCollectionId)
      await control.pay(fresh.dinteroSessionId, "authorize")
      expect((await completeAsStorefront(cartId)).data.type).toBe("order")
    })

    it("a cart changed after the session was created: Medusa drops the session, Dintero's is cancelled", async () => {
      const { cartId, paymentCollectionId, dinteroSessionId } = await cartWithDinteroSession()
      await api.post(`/store/carts/${cartId}/line-items`, { variant_id: store.coffee.id, quantity: 2 }, shop.headers)
      await waitFor(async () => (await requestsTo(new RegExp(`/sessions/${escape(dinteroSessionId)}/cancel$`)))[0])
      expect((await control.pay(dinteroSessionId, "authorize").catch((e: Error) => e)) instanceof Error).toBe(true)

      const fresh = await newPaymentSession(paymentCollectionId)
      await control.pay(fresh.dinteroSessionId, "authorize")
      const completed = await completeAsStorefront(cartId)
      expect(completed.data.type).toBe("order")
      expect(Math.round(completed.data.order.total * 100)).toBe(fresh.amount)
    })

    const dinteroApi = (method: string, path: string, body: unknown) => dinteroBackoffice(sandbox.url, ACCOUNT_ID)(method, path, body)

    async function updateDinteroSession(dinteroSessionId: string, order: Record<string, unknown>) {
      const response = await dinteroApi("PUT", `/v1/sessions/${dinteroSessionId}?update_without_lock=true`, { order })
      expect(response.status).toBe(200)
    }
  },
})

/** The order with a changed amount (the first line absorbs it, so the lines still add up) or currency. */
function tamper(order: Record<string, unknown>, change: { amountDelta?: number; currency?: string }) {
  if (change.currency) return { ...order, currency: change.currency }
  const delta = change.amountDelta ?? 0
  const items = order.items as { amount: number }[]
  return { ...order, amount: (order.amount as number) + delta, items: [{ ...items[0], amount: items[0].amount + delta }, ...items.slice(1)] }
}

function sign(url: URL, options: { secret?: string; t?: number } = {}) {
  return signCallback(url, options.secret ?? SIGNATURE_SECRET, { accountId: ACCOUNT_ID, t: options.t })
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
