import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { dinteroBackoffice, medusaRecords, minorSum, storefront } from "../helpers/checkout"
import { RecordedRequest, sandboxCallbacks, sandboxControl, succeededEvents } from "../../test-support/sandbox-control"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { freePort, waitFor } from "../../test-support/wait"

jest.setTimeout(120_000)

/*
 * What one checkout costs at Dintero, counted by the sandbox: at most 4 requests for a checkout
 * with capture in steady state (create the session, one verifying read of the payment, one read
 * before the capture, the capture), no token request after the first, whichever of Dintero's
 * callback and the shopper's return comes first; and the callbacks that only repeat what Medusa
 * already records cost no Dintero request and no settlement.
 */
const SIGNATURE_SECRET = "request-count-secret"
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
let callbacks: ReturnType<typeof sandboxCallbacks>
const env = appEnvironment()

beforeAll(async () => {
  sandbox = await startSandbox({ signatureSecret: SIGNATURE_SECRET, callbackRetries: 6, callbackRetryBaseMs: 300 })
  control = sandboxControl(sandbox.url)
  callbacks = sandboxCallbacks(sandbox.url)
  const port = await freePort()
  env.set({
    PORT: String(port),
    DINTERO_SANDBOX_URL: sandbox.url,
    DINTERO_BACKEND_URL: `http://127.0.0.1:${port}`,
    DINTERO_SIGNATURE_SECRET: SIGNATURE_SECRET,
  })
})
afterAll(async () => {
  await sandbox?.stop()
  env.restore()
})

/** A request as "METHOD /path", the transaction and session ids replaced by placeholders. */
const endpoint = (request: RecordedRequest) =>
  `${request.method} ${request.path.replace(/\/(transactions|sessions)\/[^/]+/, "/$1/{id}").replace(/\/accounts\/[^/]+/, "/accounts/{aid}")}`

/**
 * The reconciliation job's listing (transactions by status and creation time) runs on its own
 * clock, once a minute, not per checkout: left out of a checkout's count.
 */
const isReconciliation = (request: RecordedRequest) => request.method === "GET" && request.path === "/v1/transactions" && !!request.query?.status

medusaIntegrationTestRunner({
  dbName: `dintero_request_counts_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let admin: { headers: Record<string, string> }
    let shop: ReturnType<typeof storefront>
    const records = medusaRecords(getContainer)

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer())
      shop = storefront(api, store)
      admin = await adminHeaders(getContainer())
    })
    // Not reset between tests: a reset revokes Dintero's tokens, and the counts are of the steady state.
    beforeEach(async () => {
      await callbacks.drop()
      await warmUp()
    })

    /** Requests Dintero received since the last call (and the log cleared). */
    async function takeRequests(): Promise<string[]> {
      const requests = (await control.requests()).filter((request) => !isReconciliation(request)).map(endpoint)
      await control.clearRequests()
      return requests
    }

    /**
     * Waits until the sandbox's callbacks since the last call were answered 2xx, `expected` of them,
     * and returns how the plugin answered each (`via`: medusa-records, dintero-read, settlement).
     */
    async function callbacksAnswered(expected: number): Promise<string[]> {
      const answered = await waitFor(async () => {
        const made = await control.callbacks()
        const ok = made.filter((attempt) => attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300)
        return ok.length >= expected && ok.length === made.length ? ok : undefined
      })
      await fetch(`${sandbox.url}/_sandbox/callbacks`, { method: "DELETE" })
      return answered.map((attempt) => JSON.parse(attempt.response_body ?? "{}").via).sort()
    }

    async function captureInAdmin(paymentSessionId: string) {
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      const response = await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(response.status).toBe(200)
    }

    /** One checkout first, so the token is cached: the counts below are the steady state. */
    async function warmUp() {
      const { cartId, dinteroSessionId } = await shop.cartWithDinteroSession()
      await control.pay(dinteroSessionId, "authorize")
      expect((await shop.complete(cartId)).status).toBe(200)
      await callbacksAnswered(1)
      await control.clearRequests()
    }

    it("callback first: 4 requests with the capture, none for the shopper's completion or the capture's callback", async () => {
      await callbacks.hold()
      const { cartId, paymentSessionId, dinteroSessionId } = await shop.cartWithDinteroSession()
      expect(await takeRequests()).toEqual(["POST /v1/sessions-profile"])

      const paid = await control.pay(dinteroSessionId, "authorize")
      expect((await callbacks.release()).released).toBe(1)
      expect(await callbacksAnswered(1)).toEqual(["settlement"])
      expect(await records.ordersOfCart(cartId)).toHaveLength(1)
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}"])

      // The shopper's return: the order exists, Medusa answers from it.
      const completed = await shop.complete(cartId)
      expect(completed.status).toBe(200)
      expect(completed.data.type).toBe("order")
      expect(await takeRequests()).toEqual([])

      await callbacks.hold()
      await captureInAdmin(paymentSessionId)
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}", "POST /v1/transactions/{id}/capture"])
      // Dintero reports the capture (report_event): Medusa already records the whole amount.
      expect((await callbacks.release()).released).toBe(1)
      expect(await callbacksAnswered(1)).toEqual(["medusa-records"])
      expect(await takeRequests()).toEqual([])

      // Both ends: one capture of the whole amount at Dintero, one capture in Medusa.
      const transaction = await control.transaction(paid.transaction_id as string)
      expect(transaction.status).toBe("CAPTURED")
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      expect(payment.captures).toHaveLength(1)
      await callbacks.drop()
    })

    it("return first: the completion reads once, the callback that follows costs nothing", async () => {
      await callbacks.hold()
      const { cartId, paymentSessionId, dinteroSessionId } = await shop.cartWithDinteroSession()
      await control.pay(dinteroSessionId, "authorize")
      await takeRequests()

      const completed = await shop.complete(cartId)
      expect(completed.data.type).toBe("order")
      expect(await takeRequests()).toEqual(["GET /v1/transactions"])

      // Dintero's callback, three times (a retry after a lost answer, a duplicate delivery).
      expect((await callbacks.release(3)).released).toBe(1)
      expect(await callbacksAnswered(3)).toEqual(["medusa-records", "medusa-records", "medusa-records"])
      expect(await takeRequests()).toEqual([])
      expect(await records.ordersOfCart(cartId)).toHaveLength(1)

      await callbacks.hold()
      await captureInAdmin(paymentSessionId)
      expect((await callbacks.release()).released).toBe(1)
      expect(await callbacksAnswered(1)).toEqual(["medusa-records"])
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}", "POST /v1/transactions/{id}/capture"])
      await callbacks.drop()
    })

    it("a full refund's callback costs nothing: one refund at Dintero, one in Medusa", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await shop.cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "authorize")
      expect((await shop.complete(cartId)).data.type).toBe("order")
      await callbacksAnswered(1)
      await captureInAdmin(paymentSessionId)
      await callbacksAnswered(1)
      await takeRequests()

      await callbacks.hold()
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      expect((await api.post(`/admin/payments/${payment.id}/refund`, {}, admin)).status).toBe(200)
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}", "POST /v1/transactions/{id}/refund"])
      expect((await callbacks.release()).released).toBe(1)
      expect(await callbacksAnswered(1)).toEqual(["medusa-records"])
      expect(await takeRequests()).toEqual([])

      const transaction = await control.transaction(paid.transaction_id as string)
      const refunds = succeededEvents(transaction, "REFUND")
      expect(transaction.status).toBe("REFUNDED")
      expect(refunds).toHaveLength(1)
      const [after] = await records.paymentsOfSession(paymentSessionId)
      expect(after.refunds).toHaveLength(1)
      expect(minorSum(after.refunds)).toBe(refunds[0].amount)
    })

    it("a partial capture's callback is read once (Medusa cannot tell it from a Backoffice capture) and settles nothing", async () => {
      await callbacks.hold()
      const { cartId, paymentSessionId, dinteroSessionId } = await shop.cartWithDinteroSession()
      await control.pay(dinteroSessionId, "authorize")
      expect((await shop.complete(cartId)).data.type).toBe("order")
      await callbacks.drop()
      await callbacks.hold()
      await takeRequests()

      const [payment] = await records.paymentsOfSession(paymentSessionId)
      expect((await api.post(`/admin/payments/${payment.id}/capture`, { amount: 100 }, admin)).status).toBe(200)
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}", "POST /v1/transactions/{id}/capture"])
      expect((await callbacks.release()).released).toBe(1)
      expect(await callbacksAnswered(1)).toEqual(["dintero-read"])
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}"])
      await callbacks.drop()
    })

    it("a capture made in Backoffice is still read and recorded, even after the order exists", async () => {
      const { cartId, paymentSessionId, dinteroSessionId } = await shop.cartWithDinteroSession()
      const paid = await control.pay(dinteroSessionId, "authorize")
      expect((await shop.complete(cartId)).data.type).toBe("order")
      await callbacksAnswered(1)
      await takeRequests()

      // Backoffice: Dintero's API with Dintero's own credentials, outside Medusa.
      const captured = await dinteroBackoffice(sandbox.url)("POST", `/v1/transactions/${paid.transaction_id}/capture`, { amount: 5000, capture_reference: "backoffice-1" })
      expect(captured.status).toBe(200)
      await control.clearRequests()
      expect(await callbacksAnswered(1)).toEqual(["settlement"])
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      expect(payment.captures).toEqual([expect.objectContaining({ created_by: "dintero" })])
      expect(minorSum(payment.captures)).toBe(5000)
      expect(await takeRequests()).toEqual(["GET /v1/transactions/{id}"])
    })
  },
})
