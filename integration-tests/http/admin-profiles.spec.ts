import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createRegionsWorkflow, createSalesChannelsWorkflow } from "@medusajs/medusa/core-flows"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { clearTokenCache } from "../../src/dintero"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { medusaRecords, storefront } from "../helpers/checkout"
import { sandboxControl } from "../../test-support/sandbox-control"
import { freePort, waitFor } from "../../test-support/wait"

jest.setTimeout(120_000)

/*
 * Payment profiles chosen in Medusa Admin: the admin API in a real Medusa app, and checkouts
 * after each change, asserted on the profile the sandbox received.
 */
const PROFILES = "default=Nordic web shop,instant:auto-capture=Instant capture,norway=Norway,sweden=Sweden"
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
const env = appEnvironment()

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: PROFILES, signatureSecret: "a-signature-secret" })
  control = sandboxControl(sandbox.url)
  const port = await freePort()
  env.set({
    PORT: String(port),
    DINTERO_SANDBOX_URL: sandbox.url,
    DINTERO_BACKEND_URL: `http://127.0.0.1:${port}`,
    DINTERO_SIGNATURE_SECRET: "a-signature-secret",
    DINTERO_SECOND_PROFILE_ID: "instant",
  })
})
afterAll(async () => {
  await sandbox?.stop()
  env.restore()
})

medusaIntegrationTestRunner({
  dbName: `dintero_admin_profiles_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let shop: ReturnType<typeof storefront>
    let admin: { headers: Record<string, string> }
    const loose = { validateStatus: () => true }

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer(), ["pp_dintero_dintero", "pp_dintero_second"])
      shop = storefront(api, store)
      admin = await adminHeaders(getContainer())
    })
    beforeEach(async () => {
      await control.reset()
      const { data } = await api.get("/admin/dintero/profile-assignments", admin)
      for (const assignment of data.profile_assignments) await api.delete(`/admin/dintero/profile-assignments/${assignment.id}`, admin)
    })

    const assign = (body: Record<string, unknown>) => api.post("/admin/dintero/profile-assignments", body, { ...admin, ...loose })

    /** A checkout's Dintero session: the profile the sandbox received, and the one in the session data. */
    async function profileOfNextCheckout(providerId = "pp_dintero_dintero") {
      const checkout = await shop.cartWithDinteroSession(providerId)
      const session = (await control.session(checkout.dinteroSessionId)) as { create_request: { body: { profile_id: string } } }
      const { data } = await api.get(`/store/carts/${checkout.cartId}?fields=*payment_collection.payment_sessions`, shop.headers)
      const medusaSession = data.cart.payment_collection.payment_sessions.find((s: { id: string }) => s.id === checkout.paymentSessionId)
      expect(medusaSession.data.profile_id).toBe(session.create_request.body.profile_id)
      return session.create_request.body.profile_id
    }

    it("every route needs an admin login (401 without)", async () => {
      const anonymous = { validateStatus: () => true }
      expect((await api.get("/admin/dintero/profiles?provider_id=pp_dintero_dintero", anonymous)).status).toBe(401)
      expect((await api.get("/admin/dintero/profile-assignments", anonymous)).status).toBe(401)
      expect((await api.post("/admin/dintero/profile-assignments", { provider_id: "pp_dintero_dintero", profile_id: "default" }, anonymous)).status).toBe(401)
      expect((await api.delete("/admin/dintero/profile-assignments/dpa_1", anonymous)).status).toBe(401)
      expect((await api.get("/admin/dintero/status?provider_id=pp_dintero_dintero", anonymous)).status).toBe(401)
      expect((await api.get("/admin/dintero/payments/pay_1", anonymous)).status).toBe(401)
    })

    it("lists the account's profiles live from Dintero, with descriptions", async () => {
      const { data } = await api.get("/admin/dintero/profiles?provider_id=pp_dintero_dintero", admin)
      expect(data.profiles).toEqual([
        { id: "default", description: "Nordic web shop" },
        { id: "instant", description: "Instant capture" },
        { id: "norway", description: "Norway" },
        { id: "sweden", description: "Sweden" },
      ])
    })

    it("answers every bad request with a 400 naming the field, and saves nothing", async () => {
      const region = store.region.id
      const cases: [Record<string, unknown>, string][] = [
        [{ profile_id: "default" }, "provider_id"],
        [{ provider_id: "pp_stripe_stripe", profile_id: "default" }, "provider_id"],
        [{ provider_id: "pp_dintero_nosuch", profile_id: "default" }, "provider_id"],
        [{ provider_id: "pp_dintero_dintero" }, "profile_id"],
        [{ provider_id: "pp_dintero_dintero", profile_id: "" }, "profile_id"],
        [{ provider_id: "pp_dintero_dintero", profile_id: "no-such-profile" }, "profile_id"],
        [{ provider_id: "pp_dintero_dintero", profile_id: "norway", region_id: "reg_nosuch" }, "region_id"],
        [{ provider_id: "pp_dintero_dintero", profile_id: "norway", sales_channel_id: "sc_nosuch" }, "sales_channel_id"],
        [{ provider_id: "pp_dintero_dintero", profile_id: "norway", region_id: region, sales_channel_id: store.salesChannel.id }, "sales_channel_id"],
        [{ provider_id: "pp_dintero_dintero", profile_id: "norway", unknown_field: 1 }, "unknown_field"],
      ]
      for (const [body, field] of cases) {
        const response = await assign(body)
        expect({ body, status: response.status }).toEqual({ body, status: 400 })
        expect(response.data.message).toContain(field)
      }
      expect((await api.get("/admin/dintero/profiles", { ...admin, ...loose })).data.message).toContain("provider_id")
      expect((await api.get("/admin/dintero/profiles?provider_id=pp_dintero_nosuch", { ...admin, ...loose })).status).toBe(400)
      expect((await api.delete("/admin/dintero/profile-assignments/dpa_nosuch", { ...admin, ...loose })).status).toBe(404)
      expect((await api.get("/admin/dintero/profile-assignments", admin)).data.profile_assignments).toEqual([])
    })

    it("503 with a clear message when Dintero cannot be reached; nothing is saved", async () => {
      await control.fault({ path: "^/v1/admin/session/profiles", status: 503, times: 50 })
      const saved = await assign({ provider_id: "pp_dintero_dintero", profile_id: "norway" })
      expect(saved.status).toBe(503)
      expect(saved.data.message).toMatch(/Dintero could not be reached.*nothing was changed/)
      const listed = await api.get("/admin/dintero/profiles?provider_id=pp_dintero_dintero", { ...admin, ...loose })
      expect(listed.status).toBe(503)
      expect(listed.data.message).toMatch(/Dintero could not be reached to list the payment profiles .*; try again$/)
      expect((await api.get("/admin/dintero/profile-assignments", admin)).data.profile_assignments).toEqual([])
    })

    it("resolves sales channel over region over default over the option, and falls back as assignments are deleted", async () => {
      expect(await profileOfNextCheckout()).toBe("default") // the option

      const byDefault = await assign({ provider_id: "pp_dintero_dintero", profile_id: "sweden" })
      expect(byDefault.status).toBe(200)
      expect(byDefault.data.profile_assignment).toEqual({
        id: expect.stringMatching(/^dpa_/),
        provider_id: "pp_dintero_dintero",
        profile_id: "sweden",
        region_id: null,
        sales_channel_id: null,
        express: false,
      })
      expect(await profileOfNextCheckout()).toBe("sweden")

      // The Express switch of a row: posting it again with express keeps the profile and turns Express on.
      const expressOn = await assign({ provider_id: "pp_dintero_dintero", profile_id: "sweden", express: true })
      expect(expressOn.data.profile_assignment).toMatchObject({ id: byDefault.data.profile_assignment.id, profile_id: "sweden", express: true })
      expect((await assign({ provider_id: "pp_dintero_dintero", profile_id: "sweden", express: "yes" })).status).toBe(400)
      await assign({ provider_id: "pp_dintero_dintero", profile_id: "sweden", express: false })

      const byRegion = (await assign({ provider_id: "pp_dintero_dintero", profile_id: "norway", region_id: store.region.id })).data.profile_assignment
      expect(await profileOfNextCheckout()).toBe("norway")

      const byChannel = (await assign({ provider_id: "pp_dintero_dintero", profile_id: "instant", sales_channel_id: store.salesChannel.id })).data
        .profile_assignment
      expect(await profileOfNextCheckout()).toBe("instant")

      // Posting again for the same scope replaces the assignment.
      const replaced = (await assign({ provider_id: "pp_dintero_dintero", profile_id: "default", sales_channel_id: store.salesChannel.id })).data
        .profile_assignment
      expect(replaced.id).toBe(byChannel.id)
      expect(await profileOfNextCheckout()).toBe("default")

      const { data: listed } = await api.get("/admin/dintero/profile-assignments", admin)
      expect(listed.profile_assignments).toHaveLength(3)

      expect((await api.delete(`/admin/dintero/profile-assignments/${byChannel.id}`, admin)).data).toEqual({
        id: byChannel.id,
        object: "dintero_profile_assignment",
        deleted: true,
      })
      expect(await profileOfNextCheckout()).toBe("norway")
      await api.delete(`/admin/dintero/profile-assignments/${byRegion.id}`, admin)
      expect(await profileOfNextCheckout()).toBe("sweden")
      await api.delete(`/admin/dintero/profile-assignments/${byDefault.data.profile_assignment.id}`, admin)
      expect(await profileOfNextCheckout()).toBe("default")
    })

    it("an assignment for another region or sales channel does not apply to this cart", async () => {
      const { result: [sweden] } = await createRegionsWorkflow(getContainer()).run({
        input: { regions: [{ name: "Sweden", currency_code: "sek", countries: ["se"], payment_providers: ["pp_dintero_dintero"] }] },
      })
      const { result: [pos] } = await createSalesChannelsWorkflow(getContainer()).run({ input: { salesChannelsData: [{ name: "In store" }] } })
      await assign({ provider_id: "pp_dintero_dintero", profile_id: "sweden", region_id: sweden.id })
      await assign({ provider_id: "pp_dintero_dintero", profile_id: "instant", sales_channel_id: pos.id })
      expect(await profileOfNextCheckout()).toBe("default")
    })

    it("two Dintero providers keep separate assignments", async () => {
      await assign({ provider_id: "pp_dintero_dintero", profile_id: "norway", region_id: store.region.id })
      await assign({ provider_id: "pp_dintero_second", profile_id: "sweden" })
      expect(await profileOfNextCheckout("pp_dintero_dintero")).toBe("norway")
      expect(await profileOfNextCheckout("pp_dintero_second")).toBe("sweden")
      const { data } = await api.get("/admin/dintero/profile-assignments?provider_id=pp_dintero_second", admin)
      expect(data.profile_assignments.map((a: { profile_id: string }) => a.profile_id)).toEqual(["sweden"])
    })

    it("status: the connection of a provider, never a secret", async () => {
      await assign({ provider_id: "pp_dintero_dintero", profile_id: "norway" })
      const { data } = await api.get("/admin/dintero/status?provider_id=pp_dintero_dintero", admin)
      expect(data).toMatchObject({
        account_id: "T12345678",
        environment: "test",
        token_ok: true,
        signature_secret_configured: true,
        callback_url: expect.stringContaining("/hooks/dintero/pp_dintero_dintero/callback"),
        default_profile_id: "norway",
        option_profile_id: "default",
      })
      const text = JSON.stringify(data)
      expect(text).not.toContain("sandbox-secret")
      expect(text).not.toContain("a-signature-secret")

      await control.fault({ path: "/auth/token$", status: 401, times: 10 })
      clearTokenCache()
      const broken = await api.get("/admin/dintero/status?provider_id=pp_dintero_dintero", admin)
      expect(broken.data.token_ok).toBe(false)
    })

    it("the order's Dintero payment, read live: status, card, amounts and the event timeline", async () => {
      const checkout = await shop.cartWithDinteroSession()
      await control.pay(checkout.dinteroSessionId, "authorize")
      await waitFor(async () => ((await shop.complete(checkout.cartId)).data.type === "order" ? true : undefined))
      const [payment] = await waitFor(async () => {
        const payments = await medusaRecords(getContainer).paymentsOfSession(checkout.paymentSessionId)
        return payments.length ? payments : undefined
      })
      const paymentId = payment.id
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: 100 }, admin)

      const { data } = await api.get(`/admin/dintero/payments/${paymentId}`, admin)
      expect(data.dintero_payment).toMatchObject({
        payment_id: paymentId,
        profile_id: "default",
        transaction: {
          status: "PARTIALLY_CAPTURED",
          payment_product_type: "dintero_psp.creditcard",
          card: { masked_pan: expect.stringContaining("*") },
          amounts: { authorized: checkout.amount, captured: 10000, refunded: 0 },
        },
      })
      expect(data.dintero_payment.transaction.events.map((e: { event: string }) => e.event)).toEqual(expect.arrayContaining(["AUTHORIZE", "CAPTURE"]))
      // The sweater and the shipping; a card's partial capture of an amount no set of lines adds up to
      // goes by amount alone, so Dintero names no lines of it.
      const { lines, lines_attributable } = data.dintero_payment.transaction
      expect(lines.map((l: { shipping: boolean; captured: unknown }) => [l.shipping, l.captured])).toEqual([[false, { quantity: 0, amount: 0 }], [true, { quantity: 0, amount: 0 }]])
      expect(lines.reduce((sum: number, l: { amount: number }) => sum + l.amount, 0)).toBe(checkout.amount)
      expect(lines_attributable).toBe(false)

      await control.fault({ path: "^/v1/transactions/", method: "GET", status: 503, times: 20 })
      const unavailable = await api.get(`/admin/dintero/payments/${paymentId}`, { ...admin, ...loose })
      expect(unavailable.status).toBe(503)
      expect(unavailable.data.message).toContain("Dintero could not be reached")
    })
  },
})
