import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { medusaRecords, minorSum, storefront } from "../helpers/checkout"
import { sandboxCallbacks, sandboxControl, succeededEvents } from "../../test-support/sandbox-control"
import { freePort, sleep, waitFor } from "../../test-support/wait"

jest.setTimeout(180_000)

/*
 * Money by the line: captures per shipment and refunds per return, for the payment products that
 * want order lines, in a real Medusa app on PostgreSQL against the sandbox over HTTP. Each test
 * counts at both ends: the capture/refund/void requests and events the sandbox received (with
 * their items) against the captures and refunds Medusa records.
 *
 * Provider `dintero` captures from the admin only; provider `second` has captureOnShipment.
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
    DINTERO_SECOND_PROFILE_ID: "default",
    DINTERO_SECOND_CAPTURE_ON_SHIPMENT: "shipment",
  })
})
afterAll(async () => {
  await sandbox?.stop()
  env.restore()
})

type Item = { line_id: string; amount: number; quantity?: number; vat_amount?: number }
type Body = { amount: number; items?: Item[]; capture_reference?: string; refund_reference?: string; final_capture?: boolean }

medusaIntegrationTestRunner({
  dbName: `dintero_lines_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let shop: ReturnType<typeof storefront>
    let admin: { headers: Record<string, string> }
    const records = medusaRecords(getContainer)

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer(), ["pp_dintero_dintero", "pp_dintero_second"])
      shop = storefront(api, store)
      admin = await adminHeaders(getContainer())
    })
    beforeEach(async () => {
      await callbacks.drop()
      await control.reset()
    })

    /** The bodies of the capture / refund / void requests the sandbox answered 2xx. */
    const sent = async (operation: "capture" | "refund" | "void") =>
      (await control.requests())
        .filter((r) => r.method === "POST" && r.path.endsWith(`/${operation}`) && r.status < 300)
        .map((r) => r.body as Body)
    const refusedAtDintero = async () => (await control.requests()).filter((r) => r.method === "POST" && /\/(capture|refund|void)$/.test(r.path) && r.status >= 400)

    async function bothEnds(transactionId: string, paymentSessionId: string) {
      const transaction = await control.transaction(transactionId)
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      return {
        dintero: {
          captured: succeededEvents(transaction, "CAPTURE").reduce((t, e) => t + (e.amount ?? 0), 0),
          refunded: succeededEvents(transaction, "REFUND").reduce((t, e) => t + (e.amount ?? 0), 0),
          captures: succeededEvents(transaction, "CAPTURE").length,
          refunds: succeededEvents(transaction, "REFUND").length,
          voids: succeededEvents(transaction, "VOID").length,
        },
        medusa: {
          captured: minorSum(payment?.captures ?? []),
          refunded: minorSum(payment?.refunds ?? []),
          captures: payment?.captures.length ?? 0,
          refunds: payment?.refunds.length ?? 0,
        },
      }
    }

    /** An order of 2 sweaters and 1 coffee (+ shipping), paid with `product` at Dintero. */
    async function paidOrder(product: string, providerId = "pp_dintero_dintero") {
      const { data: { cart } } = await api.post(
        "/store/carts",
        {
          region_id: store.region.id,
          sales_channel_id: store.salesChannel.id,
          email: "kari@example.com",
          items: [
            { variant_id: store.sweater.id, quantity: 2 },
            { variant_id: store.coffee.id, quantity: 1 },
          ],
          shipping_address: { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no" },
        },
        shop.headers
      )
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOption.id }, shop.headers)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, shop.headers)
      const session = await shop.newPaymentSession(payment_collection.id, providerId)
      const paid = await control.pay(session.dinteroSessionId, "authorize", product)
      const { id: orderId } = await waitFor(async () => (await records.ordersOfCart(cart.id))[0])
      const [payment] = await waitFor(async () => {
        const payments = await records.paymentsOfSession(session.paymentSessionId)
        return payments.length ? payments : undefined
      })
      const { data: { order } } = await api.get(`/admin/orders/${orderId}?fields=*items`, admin)
      const line = (variantId: string) => order.items.find((item: { variant_id: string }) => item.variant_id === variantId)
      const transaction = await control.transaction(paid.transaction_id!)
      const lines = (transaction as unknown as { items: (Item & { type?: string; id?: string })[] }).items
      const sweaterLine = lines.find((l) => l.id === "SWEATER-M")!
      const coffeeLine = lines.find((l) => l.id === "COFFEE-250")!
      const shippingLine = lines.find((l) => l.type === "shipping")!
      return {
        ...session,
        orderId: orderId as string,
        paymentId: payment.id as string,
        transactionId: paid.transaction_id!,
        sweater: line(store.sweater.id) as { id: string },
        coffee: line(store.coffee.id) as { id: string },
        sweaterLine,
        coffeeLine,
        shippingLine,
      }
    }

    const fulfil = async (orderId: string, items: { id: string; quantity: number }[]) => {
      const { data } = await api.post(`/admin/orders/${orderId}/fulfillments?fields=fulfillments.id,fulfillments.created_at`, { items }, admin)
      const newest = [...data.order.fulfillments].sort((a: { created_at: string }, b: { created_at: string }) => b.created_at.localeCompare(a.created_at))[0]
      return newest.id as string
    }
    const ship = (orderId: string, fulfillmentId: string, items: { id: string; quantity: number }[]) =>
      api.post(`/admin/orders/${orderId}/fulfillments/${fulfillmentId}/shipments`, { items }, admin)
    const capture = (paymentId: string, minor: number) =>
      api.post(`/admin/payments/${paymentId}/capture`, { amount: minor / 100 }, { ...admin, validateStatus: () => true })
    const refund = (paymentId: string, minor: number) =>
      api.post(`/admin/payments/${paymentId}/refund`, { amount: minor / 100 }, { ...admin, validateStatus: () => true })
    /** Everything fulfilled, then a return of `items` requested, received and confirmed in the admin. */
    async function receivedReturn(order: { orderId: string; sweater: { id: string }; coffee: { id: string } }, items: { id: string; quantity: number }[]) {
      await fulfil(order.orderId, [
        { id: order.sweater.id, quantity: 2 },
        { id: order.coffee.id, quantity: 1 },
      ])
      const step = async (path: string, body: unknown = {}) => {
        const response = await api.post(path, body, { ...admin, validateStatus: () => true })
        if (response.status >= 300) throw new Error(`${path} → ${response.status}: ${JSON.stringify(response.data)}`)
        return response.data
      }
      const { return: ret } = await step("/admin/returns", { order_id: order.orderId, location_id: store.stockLocation.id })
      await step(`/admin/returns/${ret.id}/request-items`, { items })
      await step(`/admin/returns/${ret.id}/request`)
      await step(`/admin/returns/${ret.id}/receive`)
      await step(`/admin/returns/${ret.id}/receive-items`, { items })
      await step(`/admin/returns/${ret.id}/receive/confirm`)
    }
    const itemsOf = (body: Body) => (body.items ?? []).map((item) => [item.line_id, item.quantity, item.amount]).sort()

    for (const product of ["collector.invoice", "dintero_psp.creditcard"]) {
      it(`${product}: two shipments, two captures from the admin, each with its lines (shipping with the first)`, async () => {
        const order = await paidOrder(product)
        const first = order.sweaterLine.amount + order.shippingLine.amount
        await fulfil(order.orderId, [{ id: order.sweater.id, quantity: 2 }])
        expect((await capture(order.paymentId, first)).status).toBe(200)
        await fulfil(order.orderId, [{ id: order.coffee.id, quantity: 1 }])
        expect((await capture(order.paymentId, order.coffeeLine.amount)).status).toBe(200)

        const captures = await sent("capture")
        expect(captures.map((body) => body.amount)).toEqual([first, order.coffeeLine.amount])
        expect(itemsOf(captures[0]!)).toEqual(
          [
            [order.sweaterLine.line_id, 2, order.sweaterLine.amount],
            [order.shippingLine.line_id, 1, order.shippingLine.amount],
          ].sort()
        )
        expect(itemsOf(captures[1]!)).toEqual([[order.coffeeLine.line_id, 1, order.coffeeLine.amount]])
        expect(captures[0]!.items!.find((item) => item.line_id === order.sweaterLine.line_id)?.vat_amount).toBe(order.sweaterLine.vat_amount)
        const total = first + order.coffeeLine.amount
        expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
          dintero: { captured: total, captures: 2, voids: 0 },
          medusa: { captured: total, captures: 2 },
        })
      })
    }

    it("collector.invoice: a capture of an amount that is no set of lines is refused naming the amounts, and nothing moves", async () => {
      const order = await paidOrder("collector.invoice")
      await fulfil(order.orderId, [{ id: order.sweater.id, quantity: 1 }])
      const response = await capture(order.paymentId, 10000)
      expect(response.status).toBeGreaterThanOrEqual(400)
      const message = JSON.stringify(response.data)
      expect(message).toContain("collector.invoice captures by order line (whole lines only)")
      expect(message).toContain("100 NOK is not the amount of any set of lines")
      const whole = order.sweaterLine.amount + order.coffeeLine.amount + order.shippingLine.amount
      expect(message).toContain(`${whole / 100} NOK (everything not captured yet)`)
      // Half of the sweater line has shipped: not whole lines, so not offered to Walley.
      expect(message).not.toContain("shipped lines")
      expect(await sent("capture")).toHaveLength(0)
      expect(await refusedAtDintero()).toHaveLength(0)
      expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
        dintero: { captured: 0, captures: 0 },
        medusa: { captured: 0, captures: 0 },
      })
    })

    it("dintero_psp.creditcard: a free amount is captured as an amount alone (cards allow it)", async () => {
      const order = await paidOrder("dintero_psp.creditcard")
      expect((await capture(order.paymentId, 10000)).status).toBe(200)
      const [body] = await sent("capture")
      expect(body).toMatchObject({ amount: 10000 })
      expect(body!.items).toBeUndefined()
      expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
        dintero: { captured: 10000, captures: 1 },
        medusa: { captured: 10000, captures: 1 },
      })
    })

    it("instabank.finance: capture and refunds always carry items; a free refund amount is refused clearly", async () => {
      const order = await paidOrder("instabank.finance")
      const total = order.sweaterLine.amount + order.coffeeLine.amount + order.shippingLine.amount
      expect((await capture(order.paymentId, total)).status).toBe(200)
      // A return of the coffee, received: refunded by its line.
      await receivedReturn(order, [{ id: order.coffee.id, quantity: 1 }])

      const free = await refund(order.paymentId, 1000)
      expect(free.status).toBeGreaterThanOrEqual(400)
      expect(JSON.stringify(free.data)).toContain("instabank.finance refunds by order line")
      expect(JSON.stringify(free.data)).toContain(`${order.coffeeLine.amount / 100} NOK (the returned lines not refunded yet)`)

      expect((await refund(order.paymentId, order.coffeeLine.amount)).status).toBe(200)
      const captures = await sent("capture")
      const refunds = await sent("refund")
      expect(captures).toHaveLength(1)
      expect(itemsOf(captures[0]!)).toHaveLength(3)
      expect(refunds).toHaveLength(1)
      expect(itemsOf(refunds[0]!)).toEqual([[order.coffeeLine.line_id, 1, order.coffeeLine.amount]])
      expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
        dintero: { captured: total, refunded: order.coffeeLine.amount, captures: 1, refunds: 1 },
        medusa: { captured: total, refunded: order.coffeeLine.amount, captures: 1, refunds: 1 },
      })
    })

    it("a return of one sweater is refunded by its line (quantity 1 of 2, half the line's amount and VAT)", async () => {
      const order = await paidOrder("collector.invoice")
      const total = order.sweaterLine.amount + order.coffeeLine.amount + order.shippingLine.amount
      expect((await capture(order.paymentId, total)).status).toBe(200)
      await receivedReturn(order, [{ id: order.sweater.id, quantity: 1 }])
      const half = order.sweaterLine.amount / 2
      expect((await refund(order.paymentId, half)).status).toBe(200)
      const [body] = await sent("refund")
      expect(itemsOf(body!)).toEqual([[order.sweaterLine.line_id, 1, half]])
      expect(body!.items![0]!.vat_amount).toBe(Math.round(order.sweaterLine.vat_amount! / 2))
      expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
        dintero: { refunded: half, refunds: 1 },
        medusa: { refunded: half, refunds: 1 },
      })
    })

    it("vipps: an order cancelled after a partial capture refunds the capture by its lines and releases the rest exactly once", async () => {
      const order = await paidOrder("vipps")
      const fulfillmentId = await fulfil(order.orderId, [{ id: order.sweater.id, quantity: 2 }])
      const first = order.sweaterLine.amount + order.shippingLine.amount
      expect((await capture(order.paymentId, first)).status).toBe(200)
      await api.post(`/admin/orders/${order.orderId}/fulfillments/${fulfillmentId}/cancel`, {}, admin)
      expect((await api.post(`/admin/orders/${order.orderId}/cancel`, {}, { ...admin, validateStatus: () => true })).status).toBe(200)
      await waitFor(async () => ((await sent("void")).length > 0 ? true : undefined), 20_000)
      // The event again, twice at once (a redelivery, another instance): nothing more is sent.
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      await Promise.all([1, 2].map(() => eventBus.emit({ name: "order.canceled", data: { id: order.orderId } })))
      await sleep(1500)

      const [refundBody] = await sent("refund")
      expect(itemsOf(refundBody!)).toEqual(
        [
          [order.sweaterLine.line_id, 2, order.sweaterLine.amount],
          [order.shippingLine.line_id, 1, order.shippingLine.amount],
        ].sort()
      )
      expect(await sent("void")).toHaveLength(1)
      expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
        dintero: { captured: first, refunded: first, captures: 1, refunds: 1, voids: 1 },
        medusa: { captured: first, refunded: first, captures: 1, refunds: 1 },
      })
      expect((await control.transaction(order.transactionId)).status).toBe("REFUNDED")
    })

    it("captureOnShipment: each shipment captures its own lines once, with its id as Dintero's reference, under duplicate events", async () => {
      const order = await paidOrder("collector.invoice", "pp_dintero_second")
      const firstId = await fulfil(order.orderId, [{ id: order.sweater.id, quantity: 2 }])
      await ship(order.orderId, firstId, [{ id: order.sweater.id, quantity: 2 }])
      const first = order.sweaterLine.amount + order.shippingLine.amount
      await waitFor(async () => ((await sent("capture")).length === 1 ? true : undefined), 20_000)
      // The same shipment event three more times at once: one capture stays one capture.
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      await Promise.all([1, 2, 3].map(() => eventBus.emit({ name: "shipment.created", data: { id: firstId } })))
      await sleep(2000)
      expect(await sent("capture")).toHaveLength(1)

      const secondId = await fulfil(order.orderId, [{ id: order.coffee.id, quantity: 1 }])
      // Created but not shipped yet: this provider captures on shipment.
      await sleep(1000)
      expect(await sent("capture")).toHaveLength(1)
      await ship(order.orderId, secondId, [{ id: order.coffee.id, quantity: 1 }])
      await waitFor(async () => ((await sent("capture")).length === 2 ? true : undefined), 20_000)

      const captures = await sent("capture")
      expect(captures.map((body) => [body.capture_reference, body.amount])).toEqual([
        [firstId, first],
        [secondId, order.coffeeLine.amount],
      ])
      expect(itemsOf(captures[0]!)).toEqual(
        [
          [order.sweaterLine.line_id, 2, order.sweaterLine.amount],
          [order.shippingLine.line_id, 1, order.shippingLine.amount],
        ].sort()
      )
      expect(itemsOf(captures[1]!)).toEqual([[order.coffeeLine.line_id, 1, order.coffeeLine.amount]])
      const total = first + order.coffeeLine.amount
      await waitFor(async () => ((await bothEnds(order.transactionId, order.paymentSessionId)).medusa.captures === 2 ? true : undefined))
      expect(await bothEnds(order.transactionId, order.paymentSessionId)).toMatchObject({
        dintero: { captured: total, captures: 2 },
        medusa: { captured: total, captures: 2 },
      })
    })

    it("captureOnShipment per payment profile (Settings → Dintero): the profile's setting overrides the provider's option, and \"inherit\" gives it back", async () => {
      const setting = (body: Record<string, unknown>) =>
        api.post("/admin/dintero/profile-settings", body, { ...admin, validateStatus: () => true })
      // Bad input: a 400 naming the field, and an unknown profile is refused by Dintero's answer.
      const bad = await setting({ provider_id: "pp_dintero_dintero", profile_id: "default", capture_on_shipment: "always" })
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.data)).toContain("capture_on_shipment")
      const unknown = await setting({ provider_id: "pp_dintero_dintero", profile_id: "no-such-profile", capture_on_shipment: "shipment" })
      expect(unknown.status).toBe(400)
      expect(JSON.stringify(unknown.data)).toContain("no-such-profile")

      // Provider `dintero` captures from the admin only; its "default" profile now captures on shipment.
      const saved = await setting({ provider_id: "pp_dintero_dintero", profile_id: "default", capture_on_shipment: "shipment" })
      expect(saved.status).toBe(200)
      expect(saved.data.profile_setting).toMatchObject({ capture_on_shipment: "shipment", effective_capture_on_shipment: "shipment" })
      const { data: listed } = await api.get("/admin/dintero/profile-settings?provider_id=pp_dintero_dintero", admin)
      expect(listed).toMatchObject({ option_capture_on_shipment: "off", profile_settings: [{ profile_id: "default", capture_on_shipment: "shipment" }] })
      try {
        const order = await paidOrder("collector.invoice")
        const shipmentId = await fulfil(order.orderId, [{ id: order.sweater.id, quantity: 2 }])
        await ship(order.orderId, shipmentId, [{ id: order.sweater.id, quantity: 2 }])
        await waitFor(async () => ((await sent("capture")).length === 1 ? true : undefined), 20_000)
        const [body] = await sent("capture")
        expect(body).toMatchObject({ capture_reference: shipmentId, amount: order.sweaterLine.amount + order.shippingLine.amount })
        await waitFor(async () => ((await bothEnds(order.transactionId, order.paymentSessionId)).medusa.captures === 1 ? true : undefined))
      } finally {
        const inherited = await setting({ provider_id: "pp_dintero_dintero", profile_id: "default", capture_on_shipment: "inherit" })
        expect(inherited.data.profile_setting).toMatchObject({ capture_on_shipment: "inherit", effective_capture_on_shipment: "off" })
      }
      // Back to the provider's option: a shipment captures nothing by itself.
      await control.clearRequests()
      const order = await paidOrder("collector.invoice")
      const shipmentId = await fulfil(order.orderId, [{ id: order.sweater.id, quantity: 2 }])
      await ship(order.orderId, shipmentId, [{ id: order.sweater.id, quantity: 2 }])
      await sleep(1500)
      expect(await sent("capture")).toHaveLength(0)
    })
  },
})
