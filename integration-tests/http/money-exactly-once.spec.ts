import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { reconcileDinteroPayments } from "../../src/reconciliation/reconcile"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { dinteroBackoffice, medusaRecords, minorSum, storefront } from "../helpers/checkout"
import { sandboxCallbacks, sandboxControl, succeededEvents } from "../../test-support/sandbox-control"
import { freePort, sleep, waitFor } from "../../test-support/wait"

jest.setTimeout(120_000)

/*
 * Money moves exactly once, tried as a hostile tester and a flaky network would: each of the
 * outcomes reported in the issue, over HTTP against a real Medusa app and the sandbox, counting
 * at both ends (Dintero's events at the sandbox vs the captures and refunds Medusa records).
 *
 * This server has NO signature secret: anyone can call the callback routes, which is what the
 * invariants must survive (a callback is a hint, never a command).
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
let callbacks: ReturnType<typeof sandboxCallbacks>
let dinteroApi: ReturnType<typeof dinteroBackoffice>
let backendUrl: string
const env = appEnvironment()

beforeAll(async () => {
  sandbox = await startSandbox({ signatureSecret: "unused-by-this-server", callbackRetries: 8, callbackRetryBaseMs: 300 })
  control = sandboxControl(sandbox.url)
  callbacks = sandboxCallbacks(sandbox.url)
  dinteroApi = dinteroBackoffice(sandbox.url)
  const port = await freePort()
  backendUrl = `http://127.0.0.1:${port}`
  env.set({ PORT: String(port), DINTERO_SANDBOX_URL: sandbox.url, DINTERO_BACKEND_URL: backendUrl, DINTERO_SIGNATURE_SECRET: undefined })
})
afterAll(async () => {
  await sandbox?.stop()
  env.restore()
})


medusaIntegrationTestRunner({
  dbName: `dintero_money_${process.pid}`,
  testSuite: ({ api, getContainer, dbConnection }) => {
    let shop: ReturnType<typeof storefront>
    let admin: { headers: Record<string, string> }
    const records = medusaRecords(getContainer)

    beforeAll(async () => {
      const store = await seedNorwegianStore(getContainer())
      shop = storefront(api, store)
      admin = await adminHeaders(getContainer())
    })
    beforeEach(async () => {
      await callbacks.drop()
      await control.reset()
    })

    const transactionAtDintero = (id: string) => control.transaction(id)
    const requestsTo = async (pattern: RegExp, method = "POST") =>
      (await control.requests()).filter((r) => r.method === method && pattern.test(r.path))
    const callbackAttempts = async (pattern: RegExp) => (await control.callbacks()).filter((c) => pattern.test(c.url))

    /** Both ends, in minor units: Dintero's successful events, Medusa's records. */
    async function bothEnds(transactionId: string, paymentSessionId: string) {
      const transaction = await transactionAtDintero(transactionId)
      const events = (kind: string) => succeededEvents(transaction, kind)
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      return {
        dintero: {
          status: transaction.status,
          captured: events("CAPTURE").reduce((t, e) => t + (e.amount ?? 0), 0),
          refunded: events("REFUND").reduce((t, e) => t + (e.amount ?? 0), 0),
          captures: events("CAPTURE").length,
          refunds: events("REFUND").length,
          voids: events("VOID").length,
        },
        medusa: {
          captured: minorSum(payment?.captures ?? []),
          refunded: minorSum(payment?.refunds ?? []),
          captures: payment?.captures.length ?? 0,
          refunds: payment?.refunds.length ?? 0,
          canceled: !!payment?.canceled_at,
        },
      }
    }

    /** A paid checkout with its order, as the callback makes it. */
    async function paidOrder() {
      const checkout = await shop.cartWithDinteroSession()
      const paid = await control.pay(checkout.dinteroSessionId, "authorize")
      const order = await waitFor(async () => (await records.ordersOfCart(checkout.cartId))[0])
      const [payment] = await waitFor(async () => {
        const payments = await records.paymentsOfSession(checkout.paymentSessionId)
        return payments.length ? payments : undefined
      })
      return { ...checkout, transactionId: paid.transaction_id as string, orderId: order.id, paymentId: payment.id }
    }

    it("1. a Backoffice capture reported by 5 parallel copies of its callback is recorded once, and nothing is captured", async () => {
      const { transactionId, paymentSessionId, paymentId, amount } = await paidOrder()
      await callbacks.hold()
      expect((await dinteroApi("POST", `/v1/transactions/${transactionId}/capture`, { amount: 20000 })).status).toBe(200)
      await waitFor(async () => ((await callbacks.held()).length === 1 ? true : undefined))
      await callbacks.release(5)
      await waitFor(async () => ((await callbackAttempts(/CAPTURE/)).filter((c) => c.status === 200).length >= 5 ? true : undefined), 30_000)

      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({
        dintero: { captured: 20000, captures: 1 },
        medusa: { captured: 20000, captures: 1 },
      })
      expect((await records.paymentsOfSession(paymentSessionId))[0].captures[0].created_by).toBe("dintero")
      expect(await requestsTo(/\/capture$/)).toHaveLength(1) // the Backoffice one

      // The admin captures the rest: exactly the rest goes to Dintero.
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: (amount - 20000) / 100 }, admin)
      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({
        dintero: { captured: amount, captures: 2 },
        medusa: { captured: amount, captures: 2 },
      })
    })

    it("2. forged callbacks (no signature secret configured) never capture: Medusa's generic route and the plugin's", async () => {
      const { transactionId, paymentSessionId, paymentId } = await paidOrder()
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: 100 }, admin)
      const forged = await fetch(`${backendUrl}/hooks/payment/dintero_dintero`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ transaction_id: transactionId, merchant_reference: paymentSessionId }),
      })
      expect(forged.status).toBe(200) // Medusa's route answers before anything is checked …
      const ours = await fetch(`${backendUrl}/hooks/dintero/pp_dintero_dintero/callback?transaction_id=${transactionId}&merchant_reference=${paymentSessionId}`)
      expect(ours.status).toBe(200) // … ours reads Dintero back: nothing new there
      await sleep(6_500) // past Medusa's webhook delay (5 s), so its subscriber has run

      expect(await requestsTo(/\/capture$/)).toHaveLength(1)
      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({
        dintero: { captured: 10000, captures: 1 },
        medusa: { captured: 10000, captures: 1 },
      })
    })

    it("3a. a refund made in Backoffice and then entered in the admin is refunded once", async () => {
      const { transactionId, paymentSessionId, paymentId, amount } = await paidOrder()
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: amount / 100 }, admin)
      await callbacks.hold()
      expect((await dinteroApi("POST", `/v1/transactions/${transactionId}/refund`, { amount: 5000 })).status).toBe(200)
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 50 }, admin)
      await callbacks.release(3)
      await waitFor(async () => ((await callbackAttempts(/REFUND/)).filter((c) => c.status === 200).length >= 3 ? true : undefined), 30_000)

      expect(await requestsTo(/\/refund$/)).toHaveLength(1) // the Backoffice one
      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({
        dintero: { refunded: 5000, refunds: 1 },
        medusa: { refunded: 5000, refunds: 1 },
      })
    })

    it("3b. an admin refund whose answer was lost and whose read-back failed, retried by the admin, is refunded once", async () => {
      const { transactionId, paymentSessionId, paymentId, amount } = await paidOrder()
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: amount / 100 }, admin)
      await callbacks.hold()
      await control.fault({ path: "/refund$", method: "POST", status: 500, after: true, times: 1 })
      // The provider's own read passes; the read-back after the lost answer fails, every repeat of it.
      await control.fault({ path: "^/v1/transactions/[^/]+$", method: "GET", status: 503, skip: 1, times: 4 })
      const failed = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 50 }, { ...admin, validateStatus: () => true })
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect((await records.paymentsOfSession(paymentSessionId))[0].refunds).toHaveLength(0)

      const retried = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 50 }, admin)
      expect(retried.status).toBe(200)
      await callbacks.release(2)
      await sleep(6_000) // the recheck after the lost answer (5 s) has run too

      expect(await requestsTo(/\/refund$/)).toHaveLength(1)
      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({
        dintero: { refunded: 5000, refunds: 1 },
        medusa: { refunded: 5000, refunds: 1 },
      })
    })

    it("4. a partial capture whose answer was lost while its callback arrived ends recorded at both ends", async () => {
      const { transactionId, paymentSessionId, paymentId } = await paidOrder()
      await control.fault({ path: "/capture$", method: "POST", status: 500, after: true, times: 1 })
      // The provider's own read passes; every read after it fails for a while: the provider's
      // read-back after the lost answer, and the CAPTURE callback's (answered 503, so retried).
      await control.fault({ path: "^/v1/transactions/[^/]+$", method: "GET", status: 503, skip: 1, times: 16 })
      const failed = await api.post(`/admin/payments/${paymentId}/capture`, { amount: 100 }, { ...admin, validateStatus: () => true })
      expect(failed.status).toBeGreaterThanOrEqual(400)

      const ends = await waitFor(async () => {
        const both = await bothEnds(transactionId, paymentSessionId)
        return both.medusa.captured === 10000 ? both : undefined
      }, 30_000)
      expect(ends).toMatchObject({ dintero: { captured: 10000, captures: 1 }, medusa: { captured: 10000, captures: 1 } })
      expect(await requestsTo(/\/capture$/)).toHaveLength(1)
      await sleep(5_500) // the recheck and every callback retry have run: still once
      expect((await bothEnds(transactionId, paymentSessionId)).medusa).toMatchObject({ captured: 10000, captures: 1 })
    })

    it("5. a new payment session asked for after the shopper paid does not void the payment: the paid one makes the order", async () => {
      const checkout = await shop.cartWithDinteroSession()
      await callbacks.hold()
      const paid = await control.pay(checkout.dinteroSessionId, "authorize")
      // Double click: the storefront asks for a new session. The paid one cannot be replaced.
      const replacement = await api.post(
        `/store/payment-collections/${checkout.paymentCollectionId}/payment-sessions`,
        { provider_id: "pp_dintero_dintero" },
        { ...shop.headers, validateStatus: () => true }
      )
      expect(replacement.status).toBeGreaterThanOrEqual(400)
      expect(await records.paymentSessionStatus(checkout.paymentSessionId)).toBe("pending") // kept

      await callbacks.release()
      const order = await waitFor(async () => (await records.ordersOfCart(checkout.cartId))[0])
      // The order and its payment are written by one completion, not at the same instant.
      await waitFor(async () => ((await records.paymentsOfSession(checkout.paymentSessionId)).length === 1 ? true : undefined))
      expect((await transactionAtDintero(paid.transaction_id as string)).status).toBe("AUTHORIZED")
      expect(await requestsTo(/\/void$/)).toHaveLength(0)
      expect(await requestsTo(new RegExp(`/sessions/${checkout.dinteroSessionId}/cancel$`))).toHaveLength(0)
      const completed = await shop.complete(checkout.cartId)
      expect(completed.data.order.id).toBe(order.id)
    })

    it("6. a Dintero 4xx on a read during a callback is answered 5xx, so Dintero retries", async () => {
      const checkout = await shop.cartWithDinteroSession()
      await control.fault({ path: "^/v1/transactions/[^/]+$", method: "GET", status: 404, times: 2 })
      await control.pay(checkout.dinteroSessionId, "authorize")
      const attempts = await waitFor(async () => {
        const all = await callbackAttempts(new RegExp(checkout.dinteroSessionId))
        return all.some((c) => c.status === 200) ? all : undefined
      }, 30_000)
      expect(attempts.map((a) => a.status)).toEqual([503, 503, 200])
      expect(await records.ordersOfCart(checkout.cartId)).toHaveLength(1)
    })

    it("7. a stale DECLINED callback for a session paid afterwards changes nothing, even racing the completion", async () => {
      const checkout = await shop.cartWithDinteroSession()
      await callbacks.hold()
      await control.pay(checkout.dinteroSessionId, "decline")
      await control.pay(checkout.dinteroSessionId, "authorize") // the shopper tries again and pays
      expect(await callbacks.held()).toHaveLength(2)
      const [, completed] = await Promise.all([callbacks.release(3), shop.complete(checkout.cartId)])
      expect(completed.data.type).toBe("order")
      await waitFor(async () => ((await callbackAttempts(new RegExp(checkout.dinteroSessionId))).filter((c) => c.status === 200).length >= 6 ? true : undefined), 30_000)

      expect(await records.paymentSessionStatus(checkout.paymentSessionId)).toBe("authorized")
      expect(await records.paymentsOfSession(checkout.paymentSessionId)).toHaveLength(1)
      expect(await records.ordersOfCart(checkout.cartId)).toHaveLength(1)
    })

    it("8. a partial admin capture is partial at Dintero (the amount is read from Medusa's capture, never guessed)", async () => {
      const { transactionId, paymentSessionId, paymentId } = await paidOrder()
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: 123.45 }, admin)
      expect((await requestsTo(/\/capture$/)).map((r) => (r.body as { amount: number }).amount)).toEqual([12345])
      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({ dintero: { captured: 12345 }, medusa: { captured: 12345 } })
    })

    it("9. 30 duplicates of a settled callback are answered 200 from Medusa's records alone: no Dintero read, no workflow", async () => {
      const checkout = await shop.cartWithDinteroSession()
      await callbacks.hold()
      await control.pay(checkout.dinteroSessionId, "authorize")
      const [held] = await callbacks.held()
      await callbacks.release()
      await waitFor(async () => ((await callbackAttempts(new RegExp(checkout.dinteroSessionId)))[0]?.status === 200 ? true : undefined))
      await control.clearRequests()

      const started = Date.now()
      const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(held.url)))
      const elapsed = Date.now() - started
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200))
      expect(elapsed).toBeLessThan(10_000)
      // Medusa's payment was made from this very transaction and the cart has its order: there is
      // nothing a copy could add, so Dintero is not asked (src/callbacks/already-recorded.ts).
      expect((await Promise.all(answers.map((a) => a.json()))).map((body) => body.via)).toEqual(Array(30).fill("medusa-records"))
      expect(await control.requests()).toHaveLength(0)
    })

    it("10. a 429 with Retry-After 30 on a capture is not sent again early: the admin gets the error, nothing is recorded", async () => {
      const { transactionId, paymentSessionId, paymentId } = await paidOrder()
      await control.fault({ path: "/capture$", method: "POST", status: 429, retry_after: 30, times: 1 })
      const started = Date.now()
      const refused = await api.post(`/admin/payments/${paymentId}/capture`, { amount: 100 }, { ...admin, validateStatus: () => true })
      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(Date.now() - started).toBeLessThan(5_000)
      await sleep(5_500)
      expect(await requestsTo(/\/capture$/)).toHaveLength(1)
      expect(await bothEnds(transactionId, paymentSessionId)).toMatchObject({ dintero: { captured: 0 }, medusa: { captured: 0, captures: 0 } })
    })

    it("an order cancelled in the admin voids the authorization once, deliberately, with a notice to the admin", async () => {
      const { transactionId, paymentSessionId, orderId } = await paidOrder()
      const cancelled = await api.post(`/admin/orders/${orderId}/cancel`, {}, { ...admin, validateStatus: () => true })
      expect(cancelled.status).toBe(200)

      const ends = await waitFor(async () => {
        const both = await bothEnds(transactionId, paymentSessionId)
        return both.medusa.canceled ? both : undefined
      })
      expect(ends).toMatchObject({ dintero: { status: "AUTHORIZATION_VOIDED", voids: 1, captured: 0 }, medusa: { canceled: true, captured: 0 } })
      expect(await requestsTo(/\/void$/)).toHaveLength(1)
      const notices = await waitFor(async () => {
        const feed = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" })
        const titles = feed.map((n) => (n.data as { title?: string }).title)
        return titles.includes("Dintero: authorization released") ? titles : undefined
      })
      expect(notices).toContain("Dintero: authorization released")
      // Dintero reports the void back (report_event=VOID): nothing more is sent.
      await waitFor(async () => ((await callbackAttempts(/VOID/)).some((c) => c.status === 200) ? true : undefined))
      expect(await requestsTo(/\/void$/)).toHaveLength(1)
    })

    it("a void made in Backoffice cancels Medusa's payment, and the plugin sends no void", async () => {
      const { transactionId, paymentSessionId } = await paidOrder()
      expect((await dinteroApi("POST", `/v1/transactions/${transactionId}/void`)).status).toBe(200)
      const ends = await waitFor(async () => {
        const both = await bothEnds(transactionId, paymentSessionId)
        return both.medusa.canceled ? both : undefined
      })
      expect(ends.dintero).toMatchObject({ status: "AUTHORIZATION_VOIDED", voids: 1 })
      expect(await requestsTo(/\/void$/)).toHaveLength(1) // the Backoffice one
    })

    it("the storefront's data keeps only what the plugin allows; nothing secret is stored or returned", async () => {
      const checkout = await shop.cartWithDinteroSession()
      const { data } = await api.post(
        `/store/payment-collections/${checkout.paymentCollectionId}/payment-sessions`,
        { provider_id: "pp_dintero_dintero", data: { injected: "<script>", transaction_id: "T12345678.forged", amount: 1 } },
        shop.headers
      )
      const session = data.payment_collection.payment_sessions.find((s: { provider_id: string }) => s.provider_id === "pp_dintero_dintero")
      expect(session.data).not.toHaveProperty("injected")
      expect(session.data).not.toHaveProperty("transaction_id")
      expect(session.data.amount).toBe(checkout.amount)
      expect(JSON.stringify(session)).not.toContain("sandbox-secret")
      expect(Object.keys(session.data).sort()).toEqual(
        ["amount", "checkout_url", "currency", "dintero_session_id", "expires_at", "merchant_reference", "profile_id", "session_id"].sort()
      )
    })

    describe("reconciliation job", () => {
      const runJob = () => reconcileDinteroPayments(getContainer(), { afterMinutes: 0 })

      it("a paid session whose callbacks were all dropped becomes an order within one run", async () => {
        const checkout = await shop.cartWithDinteroSession()
        await callbacks.hold()
        await control.pay(checkout.dinteroSessionId, "authorize")
        await callbacks.drop()
        expect(await records.ordersOfCart(checkout.cartId)).toHaveLength(0)

        await runJob()
        expect(await records.ordersOfCart(checkout.cartId)).toHaveLength(1)
        expect(await records.paymentsOfSession(checkout.paymentSessionId)).toHaveLength(1)
        await runJob() // again, and on another instance at once: nothing more
        await Promise.all([runJob(), runJob()])
        expect(await records.ordersOfCart(checkout.cartId)).toHaveLength(1)
        expect(await records.paymentsOfSession(checkout.paymentSessionId)).toHaveLength(1)
      })

      it.each(["authorize", "fail"] as const)("ON_HOLD that turns %s is reflected, with every callback lost", async (outcome) => {
        const checkout = await shop.cartWithDinteroSession()
        await callbacks.hold()
        const paid = await control.pay(checkout.dinteroSessionId, "on_hold")
        await callbacks.drop()
        await runJob()
        expect(await records.ordersOfCart(checkout.cartId)).toHaveLength(1)
        expect(await records.paymentSessionStatus(checkout.paymentSessionId)).toBe("pending_authorization")

        await callbacks.hold()
        await control.resolve(paid.transaction_id as string, outcome)
        await callbacks.drop()
        await runJob()
        if (outcome === "authorize") {
          expect(await records.paymentsOfSession(checkout.paymentSessionId)).toHaveLength(1)
          expect(await records.paymentSessionStatus(checkout.paymentSessionId)).toBe("authorized")
        } else {
          expect(await records.paymentsOfSession(checkout.paymentSessionId)).toHaveLength(0)
          expect(await records.paymentSessionStatus(checkout.paymentSessionId)).toBe("error")
        }
      })

      it("an authorization whose Medusa payment session is gone is released by the job; another shop's is left alone", async () => {
        // Medusa loses a payment session outside the plugin's control (custom code, a restored backup).
        const checkout = await shop.cartWithDinteroSession()
        await callbacks.hold()
        const paid = await control.pay(checkout.dinteroSessionId, "authorize")
        await callbacks.drop()
        await dbConnection.raw("delete from payment_session where id = ?", [checkout.paymentSessionId])

        // Another shop on the same Dintero account, with a Medusa-like reference of its own.
        const created = await dinteroApi("POST", "/v1/sessions-profile", {
          profile_id: "default",
          url: { return_url: "https://other-shop.example/return", callback_url: "https://other-shop.example/hooks/dintero/pp_dintero_dintero/callback" },
          order: { amount: 10000, currency: "NOK", merchant_reference: "payses_01OTHERSHOP0000000000000" },
        })
        const otherSession = (await created.json()) as { id: string }
        const other = await control.pay(otherSession.id, "authorize")

        const [report] = await runJob()
        expect(report.released).toBe(1)
        expect((await requestsTo(/\/void$/)).map((r) => r.path)).toEqual([`/v1/transactions/${paid.transaction_id}/void`])
        expect((await transactionAtDintero(paid.transaction_id as string)).status).toBe("AUTHORIZATION_VOIDED")
        expect((await transactionAtDintero(other.transaction_id as string)).status).toBe("AUTHORIZED")
        const notifications = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" })
        expect(notifications.map((n) => (n.data as { title?: string }).title)).toContain("Dintero: orphaned authorization released")
        await runJob()
        expect(await requestsTo(/\/void$/)).toHaveLength(1)
      })

      it("a second paid session for a paid cart is reported by its callback and released by the job, with a notice to the admin", async () => {
        const first = await shop.cartWithDinteroSession()
        await callbacks.hold()
        const firstPayment = await control.pay(first.dinteroSessionId, "authorize")
        // Custom code adds a second session beside the paid one (the store route would refuse).
        const paymentModule = getContainer().resolve(Modules.PAYMENT)
        const created = await paymentModule.createPaymentSession(first.paymentCollectionId, {
          provider_id: "pp_dintero_dintero",
          currency_code: "nok",
          amount: first.amount / 100,
          data: {},
        })
        const second = { paymentSessionId: created.id, dinteroSessionId: created.data?.dintero_session_id as string }
        const secondPayment = await control.pay(second.dinteroSessionId, "authorize")
        await callbacks.release()
        await waitFor(async () => ((await callbackAttempts(/./)).filter((c) => c.status === 200).length >= 2 ? true : undefined), 30_000)

        const orders = await records.ordersOfCart(first.cartId)
        expect(orders).toHaveLength(1)
        const paidSessions = [
          ...(await records.paymentsOfSession(first.paymentSessionId)),
          ...(await records.paymentsOfSession(second.paymentSessionId)),
        ]
        expect(paidSessions).toHaveLength(1)
        expect(await requestsTo(/\/void$/)).toHaveLength(0) // a callback never releases money

        await runJob()
        const voids = await requestsTo(/\/void$/)
        expect(voids).toHaveLength(1)
        // Whichever callback came first made the order; the other payment is the surplus.
        const firstMadeTheOrder = (await records.paymentsOfSession(first.paymentSessionId)).length === 1
        const surplusTransaction = (firstMadeTheOrder ? secondPayment : firstPayment).transaction_id as string
        expect(voids[0].path).toBe(`/v1/transactions/${surplusTransaction}/void`)
        const notifications = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" })
        expect(notifications.map((n) => (n.data as { title?: string }).title)).toContain("Dintero: second payment released")
      })
    })
  },
})
