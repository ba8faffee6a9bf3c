import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { RecordedRequest, sandboxControl } from "../../test-support/sandbox-control"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { waitFor } from "../../test-support/wait"

jest.setTimeout(120_000)

/*
 * The standard Medusa storefront flow (store API only) produces a Dintero session with the
 * cart's real lines, VAT, shipping, addresses and email, built on the server.
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>

// Declared before the runner's own hooks, so the sandbox is up when Medusa reads medusa-config.ts.
beforeAll(async () => {
  sandbox = await startSandbox({ callbackRetries: 0 })
  control = sandboxControl(sandbox.url)
  process.env.DINTERO_SANDBOX_URL = sandbox.url
})
afterAll(async () => {
  await sandbox?.stop()
})

type SessionBody = {
  order: {
    amount: number
    currency: string
    vat_amount?: number
    merchant_reference: string
    items: { id: string; line_id: string; description: string; quantity: number; amount: number; vat: number; vat_amount: number }[]
    shipping_option?: { id: string; line_id: string; amount: number; vat: number; vat_amount: number; title: string }
    shipping_address?: Record<string, unknown>
    billing_address?: Record<string, unknown>
  }
  customer?: { email?: string; phone_number?: string }
  url: { return_url: string; callback_url: string }
}

const sessionCreations = async (): Promise<RecordedRequest[]> =>
  (await control.requests()).filter((r) => r.method === "POST" && r.path === "/v1/sessions-profile")

medusaIntegrationTestRunner({
  dbName: `dintero_order_lines_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let headers: { headers: Record<string, string> }

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer())
      headers = { headers: { "x-publishable-api-key": store.publishableKey } }
    })
    beforeEach(() => control.reset())

    const address = {
      first_name: "Kari",
      last_name: "Nordmann",
      address_1: "Karl Johans gate 1",
      city: "Oslo",
      postal_code: "0154",
      country_code: "no",
      phone: "912 34 567",
    }

    async function cartReadyToPay() {
      const { data: { cart } } = await api.post(
        "/store/carts",
        {
          region_id: store.region.id,
          sales_channel_id: store.salesChannel.id,
          email: "kari@example.com",
          items: [
            { variant_id: store.sweater.id, quantity: 1 },
            { variant_id: store.coffee.id, quantity: 3 },
          ],
          shipping_address: address,
          billing_address: address,
        },
        headers
      )
      await api.post(`/store/carts/${cart.id}/promotions`, { promo_codes: ["TENOFF"] }, headers)
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOption.id }, headers)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, headers)
      return { cartId: cart.id as string, paymentCollectionId: payment_collection.id as string }
    }

    it("creates the Dintero session with the cart's lines through the standard store route", async () => {
      const { cartId, paymentCollectionId } = await cartReadyToPay()
      const { data } = await api.post(
        `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
        {
          provider_id: "pp_dintero_dintero",
          // A storefront cannot smuggle lines in: they are ignored.
          data: { items: [{ line_id: "x", amount: 1 }], order: { amount: 1 } },
        },
        headers
      )
      const paymentSession = data.payment_collection.payment_sessions[0]
      const { data: { cart } } = await api.get(`/store/carts/${cartId}`, headers)

      const [created] = await sessionCreations()
      const body = created.body as SessionBody
      const { order } = body

      // The amount is the one Medusa asked to collect, and the lines add up to it exactly.
      expect(order.amount).toBe(paymentSession.data.amount)
      expect(order.amount).toBe(Math.round(cart.total * 100))
      const lineSum = order.items.reduce((sum, item) => sum + item.amount, 0) + (order.shipping_option?.amount ?? 0)
      expect(lineSum).toBe(order.amount)
      expect(order.currency).toBe("NOK")
      expect(order.merchant_reference).toBe(paymentSession.id)

      // Prices are tax-exclusive in this region. Sweater: (599 − 10 %) × 1.25 = 673.875 → 673.88 NOK,
      // VAT 134.775 → 134.78. Coffee: (3 × 129.90 − 10 %) × 1.15 = 403.3395 → 403.34, VAT 52.6095 → 52.61.
      const sweater = order.items.find((i) => i.id === "SWEATER-M")
      const coffee = order.items.find((i) => i.id === "COFFEE-250")
      expect(sweater).toMatchObject({ quantity: 1, vat: 25, amount: 67388, vat_amount: 13478 })
      expect(coffee).toMatchObject({ quantity: 3, vat: 15, amount: 40334, vat_amount: 5261 })
      const cartSweater = cart.items.find((i: { variant_sku: string }) => i.variant_sku === "SWEATER-M")
      expect(sweater?.line_id).toBe(cartSweater.id)
      // Shipping 49 × 1.25 = 61.25. The cart total 1138.4645 rounds to 113846 øre, one øre less
      // than the rounded lines: the difference is an explicit rounding line.
      expect(order.amount).toBe(113846)
      expect(order.items.find((i) => i.line_id === "rounding")).toMatchObject({ amount: -1, vat: 0, vat_amount: 0 })
      expect(new Set(order.items.map((i) => i.line_id)).size).toBe(order.items.length)
      expect(order.items.some((i) => i.line_id === "x")).toBe(false)

      // Shipping: one method → shipping_option, 49 NOK at 25 % VAT.
      expect(order.shipping_option).toMatchObject({ amount: 6125, vat: 25, vat_amount: 1225, title: "Posten home delivery" })
      expect(order.shipping_option?.line_id).toBe(cart.shipping_methods[0].id)

      // VAT total and customer data, for a guest.
      const vatSum = order.items.reduce((sum, i) => sum + i.vat_amount, 0) + (order.shipping_option?.vat_amount ?? 0)
      expect(order.vat_amount).toBe(vatSum)
      expect(body.customer).toMatchObject({ email: "kari@example.com", phone_number: "+4791234567" })
      expect(order.shipping_address).toMatchObject({
        first_name: "Kari",
        last_name: "Nordmann",
        address_line: "Karl Johans gate 1",
        postal_code: "0154",
        postal_place: "Oslo",
        country: "NO",
      })
      expect(order.billing_address).toMatchObject({ country: "NO", postal_place: "Oslo" })
      expect(body.url.return_url).toContain(`cart_id=${cartId}`)

      // The session was created with Dintero's strict amount check on.
      expect(created.headers["dintero-feature-toggles"]).toBe("strict-session-amounts")
    })

    it("keeps the unpaid Dintero session in step when only the address changes", async () => {
      const { cartId, paymentCollectionId } = await cartReadyToPay()
      const { data } = await api.post(
        `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
        { provider_id: "pp_dintero_dintero" },
        headers
      )
      const dinteroSessionId = data.payment_collection.payment_sessions[0].data.dintero_session_id

      await api.post(`/store/carts/${cartId}`, { shipping_address: { ...address, address_1: "Storgata 99" } }, headers)

      const update = await waitFor(async () =>
        (await control.requests()).find((r) => r.method === "PUT" && r.path === `/v1/sessions/${dinteroSessionId}`)
      )
      expect(update.status).toBe(200)
      const { session } = (await control.session(dinteroSessionId)) as { session: SessionBody }
      expect(session.order.shipping_address).toMatchObject({ address_line: "Storgata 99", postal_place: "Oslo" })
      expect(session.order.amount).toBe(data.payment_collection.payment_sessions[0].data.amount)
      const { data: { cart } } = await api.get(`/store/carts/${cartId}`, headers)
      expect(cart.payment_collection.payment_sessions[0].data.dintero_session_id).toBe(dinteroSessionId)
    })
  },
})
