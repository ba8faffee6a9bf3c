import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { medusaRecords, minorSum, storefront } from "../helpers/checkout"
import { sandboxCallbacks, sandboxControl, succeededEvents } from "../../test-support/sandbox-control"
import { freePort, waitFor } from "../../test-support/wait"

jest.setTimeout(180_000)

/*
 * Payments for an order's payment collection (an order edit, an exchange: what Medusa asks the
 * customer to pay after the order was placed), in a real Medusa app on PostgreSQL against the
 * sandbox over HTTP: the Dintero session's lines are the change's lines, Σ = the collection's
 * amount; the paid session is settled without a cart (authorized, linked to the order's
 * collection) by the callback or the storefront's return, once; and it is captured by line like
 * any other payment. Counted at both ends.
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
let callbacks: ReturnType<typeof sandboxCallbacks>
const env = appEnvironment()

beforeAll(async () => {
  sandbox = await startSandbox({ signatureSecret: "unused-by-this-server", callbackRetries: 4, callbackRetryBaseMs: 200 })
  control = sandboxControl(sandbox.url)
  callbacks = sandboxCallbacks(sandbox.url)
  const port = await freePort()
  env.set({
    PORT: String(port),
    DINTERO_SANDBOX_URL: sandbox.url,
    DINTERO_BACKEND_URL: `http://127.0.0.1:${port}`,
    DINTERO_SIGNATURE_SECRET: undefined,
  })
})
afterAll(async () => {
  await sandbox?.stop()
  env.restore()
})

type Item = { id?: string; line_id: string; amount: number; quantity?: number; vat_amount?: number; type?: string; description?: string }
type SessionOrder = { amount: number; vat_amount?: number; items?: Item[]; shipping_option?: Item; merchant_reference_2?: string }

medusaIntegrationTestRunner({
  dbName: `dintero_order_changes_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let shop: ReturnType<typeof storefront>
    let admin: { headers: Record<string, string> }
    const records = medusaRecords(getContainer)
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer())
      shop = storefront(api, store)
      admin = await adminHeaders(getContainer())
    })
    beforeEach(async () => {
      await callbacks.drop()
      await control.reset()
    })

    const step = async (path: string, body: unknown = {}) => {
      const response = await api.post(path, body, { ...admin, validateStatus: () => true })
      if (response.status >= 300) throw new Error(`${path} → ${response.status}: ${JSON.stringify(response.data)}`)
      return response.data
    }
    const sent = async (operation: "capture" | "refund" | "void") =>
      (await control.requests())
        .filter((r) => r.method === "POST" && r.path.endsWith(`/${operation}`) && r.status < 300)
        .map((r) => r.body as { amount: number; items?: Item[] })
    const completeCollection = (paymentCollectionId: string, body: Record<string, unknown> = {}) =>
      api.post(`/store/dintero/payment-collections/${paymentCollectionId}/complete`, body, { ...shop.headers, validateStatus: () => true })

    /** 2 sweaters (+ shipping) paid by card at Dintero; captured in full unless `capture` is false. */
    async function placedOrder(capture = true) {
      const { data: { cart } } = await api.post(
        "/store/carts",
        {
          region_id: store.region.id,
          sales_channel_id: store.salesChannel.id,
          email: "kari@example.com",
          items: [{ variant_id: store.sweater.id, quantity: 2 }],
          shipping_address: { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no" },
        },
        shop.headers
      )
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOption.id }, shop.headers)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, shop.headers)
      const session = await shop.newPaymentSession(payment_collection.id)
      const paid = await control.pay(session.dinteroSessionId, "authorize", "dintero_psp.creditcard")
      const { id: orderId } = await waitFor(async () => (await records.ordersOfCart(cart.id))[0])
      const [payment] = await waitFor(async () => {
        const payments = await records.paymentsOfSession(session.paymentSessionId)
        return payments.length ? payments : undefined
      })
      if (capture) await step(`/admin/payments/${payment!.id}/capture`)
      const { data: { order } } = await api.get(`/admin/orders/${orderId}?fields=*items`, admin)
      const sweater = order.items.find((item: { variant_id: string }) => item.variant_id === store.sweater.id) as { id: string }
      return { orderId: orderId as string, sweater, firstSession: session, firstTransactionId: paid.transaction_id!, firstPaymentId: payment!.id }
    }

    /** The order's payment collections that are not paid yet (Medusa made them for the change). */
    async function outstandingCollection(orderId: string) {
      const { data } = await query().graph({
        entity: "order",
        fields: ["id", "display_id", "summary.*", "payment_collections.id", "payment_collections.status", "payment_collections.amount"],
        filters: { id: orderId },
      })
      const order = data[0] as { display_id: number; summary: { pending_difference: number }; payment_collections: { id: string; status: string; amount: number }[] }
      const open = order.payment_collections.filter((collection) => collection.status === "not_paid")
      expect(open).toHaveLength(1)
      return { collection: open[0]!, displayId: order.display_id, pendingDifference: order.summary.pending_difference }
    }
    async function orderItem(orderId: string, variantId: string, quantity: number) {
      const { data: { order } } = await api.get(`/admin/orders/${orderId}?fields=*items`, admin)
      return order.items.find((item: { variant_id: string; quantity: number }) => item.variant_id === variantId && item.quantity === quantity) as { id: string }
    }
    async function collectionState(collectionId: string) {
      const { data } = await query().graph({
        entity: "payment_collection",
        fields: ["id", "status", "payments.id", "payments.canceled_at", "payments.captures.amount", "payments.payment_session_id"],
        filters: { id: collectionId },
      })
      return data[0] as { status: string; payments: { id: string; canceled_at: string | null; captures: { amount: number }[]; payment_session_id: string }[] }
    }
    const sessionAtDintero = async (dinteroSessionId: string) =>
      ((await control.session(dinteroSessionId)) as { session: { order: SessionOrder; url: { return_url: string }; metadata: Record<string, string> } }).session
    const lines = (order: SessionOrder) => [...(order.items ?? []), ...(order.shipping_option ? [order.shipping_option] : [])]
    const sum = (items: Item[]) => items.reduce((total, item) => total + item.amount, 0)

    it("an order edit adding an item: its payment collection is paid with Dintero by its lines, settled once under parallel returns, and captured by line", async () => {
      const order = await placedOrder()
      await step("/admin/order-edits", { order_id: order.orderId })
      await step(`/admin/order-edits/${order.orderId}/items`, { items: [{ variant_id: store.coffee.id, quantity: 2 }] })
      await step(`/admin/order-edits/${order.orderId}/request`)
      await step(`/admin/order-edits/${order.orderId}/confirm`)
      const { collection, displayId } = await outstandingCollection(order.orderId)
      // 2 coffees at 129.90 + 15 % VAT.
      expect(Math.round(Number(collection.amount) * 100)).toBe(29877)
      const coffee = await orderItem(order.orderId, store.coffee.id, 2)

      const session = await shop.newPaymentSession(collection.id)
      expect(session.amount).toBe(29877)
      const dinteroSession = await sessionAtDintero(session.dinteroSessionId)
      expect(dinteroSession.order.amount).toBe(29877)
      expect(lines(dinteroSession.order)).toEqual([
        expect.objectContaining({ id: "COFFEE-250", line_id: coffee.id, quantity: 2, amount: 29877, vat: 15, vat_amount: 3897 }),
      ])
      expect(dinteroSession.order.merchant_reference_2).toBe(String(displayId))
      expect(dinteroSession.metadata).toMatchObject({ ext_medusa_order_id: order.orderId, ext_medusa_payment_collection_id: collection.id })
      expect(dinteroSession.url.return_url).toBe(`http://localhost:8000/payment-collection/${collection.id}?order_id=${order.orderId}`)

      // The shopper pays and comes back before Dintero's callback arrives: three tabs at once.
      await callbacks.hold()
      const paid = await control.pay(session.dinteroSessionId, "authorize", "collector.invoice")
      const answers = await Promise.all([0, 1, 2].map(() => completeCollection(collection.id, { payment_session_id: session.paymentSessionId })))
      for (const answer of answers) {
        expect(answer.status).toBe(200)
        expect(answer.data).toMatchObject({ status: "paid", settled: true, order_id: order.orderId, payment_collection: { id: collection.id, status: "authorized" } })
        expect(JSON.stringify(answer.data)).not.toContain("sandbox-secret")
      }
      // Dintero's callback, delivered twice, finds it recorded.
      await callbacks.release(2)
      await waitFor(async () => ((await control.callbacks()).filter((c) => c.status === 200).length >= 2 ? true : undefined))

      const state = await collectionState(collection.id)
      expect(state.status).toBe("authorized")
      expect(state.payments).toHaveLength(1)
      expect(state.payments[0]!.canceled_at).toBeNull()
      const { data: { order: adminOrder } } = await api.get(`/admin/orders/${order.orderId}?fields=payment_status`, admin)
      expect(adminOrder.payment_status).toBe("partially_captured")

      // Captured from the admin: the coffee line, by its line.
      await step(`/admin/payments/${state.payments[0]!.id}/capture`)
      const captures = (await sent("capture")).filter((body) => body.amount === 29877)
      expect(captures).toHaveLength(1)
      expect(captures[0]!.items?.map((item) => [item.line_id, item.quantity, item.amount])).toEqual([[coffee.id, 2, 29877]])
      const transaction = await control.transaction(paid.transaction_id!)
      expect(succeededEvents(transaction, "CAPTURE").map((event) => event.amount)).toEqual([29877])
      expect(succeededEvents(transaction, "VOID")).toHaveLength(0)
      const [payment] = await records.paymentsOfSession(session.paymentSessionId)
      expect(minorSum(payment!.captures)).toBe(29877)
      expect(payment!.captures).toHaveLength(1)
      const { data: { order: captured } } = await api.get(`/admin/orders/${order.orderId}?fields=payment_status`, admin)
      expect(captured.payment_status).toBe("captured")
    })

    it("an exchange with a balance due: the new lines less the returned one, never negative, Σ = the balance; paid and captured", async () => {
      const order = await placedOrder()
      await step(`/admin/orders/${order.orderId}/fulfillments`, { items: [{ id: order.sweater.id, quantity: 2 }] })
      const { exchange } = await step("/admin/exchanges", { order_id: order.orderId })
      await step(`/admin/exchanges/${exchange.id}/inbound/items`, { items: [{ id: order.sweater.id, quantity: 1 }] })
      await step(`/admin/exchanges/${exchange.id}/outbound/items`, { items: [{ variant_id: store.coffee.id, quantity: 6 }] })
      await step(`/admin/exchanges/${exchange.id}/outbound/shipping-method`, { shipping_option_id: store.shippingOption.id })
      await step(`/admin/exchanges/${exchange.id}/request`)
      const { collection } = await outstandingCollection(order.orderId)
      // 6 coffees (896.31) + shipping (61.25) − one sweater back (748.75).
      expect(Math.round(Number(collection.amount) * 100)).toBe(20881)

      const session = await shop.newPaymentSession(collection.id)
      const dinteroSession = await sessionAtDintero(session.dinteroSessionId)
      const sessionLines = lines(dinteroSession.order)
      expect(dinteroSession.order.amount).toBe(20881)
      expect(sum(sessionLines)).toBe(20881)
      expect(sessionLines.every((line) => line.amount > 0)).toBe(true)
      const coffee = await orderItem(order.orderId, store.coffee.id, 6)
      expect(sessionLines.map((line) => line.line_id)).toContain(coffee.id)
      expect(sessionLines.find((line) => line.line_id === coffee.id)).toMatchObject({ quantity: 6, vat: 15 })
      expect(dinteroSession.order.vat_amount).toBe(sessionLines.reduce((total, line) => total + (line.vat_amount ?? 0), 0))

      const paid = await control.pay(session.dinteroSessionId, "authorize", "collector.invoice")
      // The callback settles it (no storefront return at all).
      const state = await waitFor(async () => {
        const current = await collectionState(collection.id)
        return current.status === "authorized" ? current : undefined
      })
      expect(state.payments).toHaveLength(1)
      await step(`/admin/payments/${state.payments[0]!.id}/capture`)
      const transaction = await control.transaction(paid.transaction_id!)
      expect(succeededEvents(transaction, "CAPTURE").map((event) => event.amount)).toEqual([20881])
      const [capture] = (await sent("capture")).filter((body) => body.amount === 20881)
      expect(sum(capture!.items ?? [])).toBe(20881)
      const [payment] = await records.paymentsOfSession(session.paymentSessionId)
      expect(minorSum(payment!.captures)).toBe(20881)
      expect(payment!.captures).toHaveLength(1)
    })

    it("an edit of an order not captured yet: Medusa releases the first authorization once and asks for the whole order, which Dintero gets with every line", async () => {
      const order = await placedOrder(false)
      await step("/admin/order-edits", { order_id: order.orderId })
      await step(`/admin/order-edits/${order.orderId}/items`, { items: [{ variant_id: store.coffee.id, quantity: 2 }] })
      await step(`/admin/order-edits/${order.orderId}/request`)
      await step(`/admin/order-edits/${order.orderId}/confirm`)

      // Medusa cancelled the authorized collection: one void at Dintero, the payment cancelled in Medusa.
      const first = await control.transaction(order.firstTransactionId)
      expect(succeededEvents(first, "VOID")).toHaveLength(1)
      expect((await records.paymentsOfSession(order.firstSession.paymentSessionId))[0]!.canceled_at).not.toBeNull()

      const { collection } = await outstandingCollection(order.orderId)
      const whole = Math.round(Number(collection.amount) * 100)
      // 2 sweaters (1497.50) + shipping (61.25) + 2 coffees (298.77).
      expect(whole).toBe(185752)
      const session = await shop.newPaymentSession(collection.id)
      const dinteroSession = await sessionAtDintero(session.dinteroSessionId)
      const sessionLines = lines(dinteroSession.order)
      const coffee = await orderItem(order.orderId, store.coffee.id, 2)
      expect(sessionLines.map((line) => [line.line_id, line.quantity, line.amount]).sort((a, b) => Number(b[2]) - Number(a[2]))).toEqual([
        [order.sweater.id, 2, 149750],
        [coffee.id, 2, 29877],
        [expect.stringMatching(/^ordsm_/), undefined, 6125],
      ])
      await control.pay(session.dinteroSessionId, "authorize", "klarna.klarna")
      const answer = await completeCollection(collection.id)
      expect(answer.data).toMatchObject({ status: "paid", settled: true })
      expect((await collectionState(collection.id)).payments).toHaveLength(1)
      expect(succeededEvents(await control.transaction(order.firstTransactionId), "VOID")).toHaveLength(1)
    })

    it("the complete route refuses a cart's collection and an unknown one, naming them", async () => {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.region.id, items: [{ variant_id: store.sweater.id, quantity: 1 }] }, shop.headers)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, shop.headers)
      const ofCart = await completeCollection(payment_collection.id)
      expect(ofCart.status).toBe(400)
      expect(ofCart.data.message).toContain("belongs to a cart")
      const unknown = await completeCollection("pay_col_unknown")
      expect(unknown.status).toBe(404)
      const badBody = await completeCollection(payment_collection.id, { payment_session_id: "nope" })
      expect(badBody.status).toBe(400)
      expect(JSON.stringify(badBody.data)).toContain("payment_session_id")
    })
  },
})
