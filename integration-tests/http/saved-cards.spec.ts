import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { IPaymentModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateJwtToken, Modules } from "@medusajs/framework/utils"
import { SandboxHandle, startSandbox } from "../../src/sandbox"
import { seedNorwegianStore } from "../../demo/norwegian-store"
import { chargeDinteroSavedCardWorkflow } from "../../src/workflows"
import { reconcileDinteroPayments } from "../../src/reconciliation/reconcile"
import { adminHeaders } from "../helpers/admin"
import { appEnvironment } from "../helpers/app-env"
import { medusaRecords, minorSum } from "../helpers/checkout"
import { sandboxCallbacks, sandboxControl } from "../../test-support/sandbox-control"
import { freePort, waitFor } from "../../test-support/wait"

jest.setTimeout(240_000)

/*
 * Saved cards (Dintero payment tokens) in a real Medusa app on PostgreSQL against the sandbox
 * over HTTP: a logged-in customer saves the card at checkout, sees it (masked) through the store
 * API, pays a later checkout with it, and removes it; a merchant-initiated payment charges it for
 * an order's payment collection exactly once under parallel calls and a lost answer, and a card
 * Dintero refuses with DO_NOT_RETRY is never charged again. The token itself is never in a store
 * API answer or a log line. Counted at both ends: the sandbox's tokens, requests and transactions,
 * and Medusa's payments and saved cards.
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>
let callbacks: ReturnType<typeof sandboxCallbacks>
const env = appEnvironment()

beforeAll(async () => {
  sandbox = await startSandbox({ callbackRetries: 4, callbackRetryBaseMs: 200 })
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

const PROVIDER = "pp_dintero_dintero"
const ADDRESS = { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no" }
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

medusaIntegrationTestRunner({
  dbName: `dintero_saved_cards_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: Awaited<ReturnType<typeof seedNorwegianStore>>
    let admin: { headers: Record<string, string> }
    const records = medusaRecords(getContainer)
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
    /** Every store API answer body and every log line, searched for tokens at the end of each test. */
    const seen: string[] = []

    beforeAll(async () => {
      store = await seedNorwegianStore(getContainer())
      admin = await adminHeaders(getContainer())
      const logger = getContainer().resolve<Logger>(ContainerRegistrationKeys.LOGGER) as unknown as Record<string, unknown>
      for (const level of ["debug", "info", "warn", "error", "log"]) {
        const original = logger[level]
        if (typeof original !== "function") continue
        logger[level] = (...args: unknown[]) => {
          seen.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "))
          return (original as (...a: unknown[]) => unknown).apply(logger, args)
        }
      }
    })
    beforeEach(async () => {
      await callbacks.drop()
      await control.reset()
    })
    afterEach(async () => {
      // The tokens the sandbox made in this test: in no store answer and no log line.
      const tokens = (await control.paymentTokens()).map((token) => token.payment_token)
      for (const token of tokens) {
        expect(seen.filter((text) => text.includes(token))).toEqual([])
      }
      seen.length = 0
    })

    /** A store API call as a storefront makes it; the answer's body is kept for the token check. */
    async function storeCall(method: "get" | "post" | "delete", path: string, headers: Record<string, string>, body?: unknown) {
      const config = { headers: { "x-publishable-api-key": store.publishableKey, ...headers }, validateStatus: () => true }
      const response =
        method === "get" ? await api.get(path, config) : method === "delete" ? await api.delete(path, config) : await api.post(path, body ?? {}, config)
      seen.push(JSON.stringify(response.data))
      return response as { status: number; data: Json }
    }

    /** A customer with an account, logged in (the Authorization header a storefront sends). */
    async function loggedInCustomer(container: MedusaContainer, name: string) {
      const email = `${name}-${Date.now()}@example.com`
      const customer = await container.resolve(Modules.CUSTOMER).createCustomers({ email, first_name: name, last_name: "Nordmann" })
      const identity = await container.resolve(Modules.AUTH).createAuthIdentities({
        provider_identities: [{ provider: "emailpass", entity_id: email }],
        app_metadata: { customer_id: customer.id },
      })
      const token = generateJwtToken(
        { actor_id: customer.id, actor_type: "customer", auth_identity_id: identity.id, app_metadata: { customer_id: customer.id } },
        { secret: "supersecret", expiresIn: "1d" }
      )
      return { id: customer.id, email, headers: { authorization: `Bearer ${token}` } }
    }
    type Customer = Awaited<ReturnType<typeof loggedInCustomer>>

    /** A cart with one sweater and shipping, and a Dintero payment session made with `data`. */
    async function checkout(customer: Customer | undefined, data: Record<string, unknown>) {
      const headers = customer?.headers ?? {}
      const { data: { cart } } = await storeCall("post", "/store/carts", headers, {
        region_id: store.region.id,
        sales_channel_id: store.salesChannel.id,
        ...(customer ? {} : { email: "guest@example.com" }),
        items: [{ variant_id: store.sweater.id, quantity: 1 }],
        shipping_address: ADDRESS,
      })
      await storeCall("post", `/store/carts/${cart.id}/shipping-methods`, headers, { option_id: store.shippingOption.id })
      const { data: { payment_collection } } = await storeCall("post", "/store/payment-collections", headers, { cart_id: cart.id })
      const session = await storeCall("post", `/store/payment-collections/${payment_collection.id}/payment-sessions`, headers, { provider_id: PROVIDER, data })
      const created = session.data.payment_collection?.payment_sessions?.find((s: Json) => s.provider_id === PROVIDER)
      return { cartId: cart.id as string, session, paymentSessionId: created?.id as string, dinteroSessionId: created?.data?.dintero_session_id as string }
    }

    async function completeCart(cartId: string, headers: Record<string, string>) {
      for (let attempt = 0; ; attempt++) {
        const response = await storeCall("post", `/store/carts/${cartId}/complete`, headers)
        if (response.status !== 409 || attempt >= 20) return response
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }

    /** The customer pays a checkout that saves the card; returns the order and the saved card. */
    async function orderSavingTheCard(customer: Customer) {
      const started = await checkout(customer, { save_payment_method: true })
      expect(started.session.status).toBe(200)
      const paid = await control.pay(started.dinteroSessionId, "authorize")
      const completed = await completeCart(started.cartId, customer.headers)
      expect(completed.data.type).toBe("order")
      const list = await storeCall("get", "/store/dintero/payment-methods", customer.headers)
      expect(list.status).toBe(200)
      return { ...started, orderId: completed.data.order.id as string, transactionId: paid.transaction_id!, card: list.data.payment_methods[0] }
    }

    /**
     * The plugin's Dintero API requests since the log was cleared, as "METHOD /path" (ids as {id});
     * the access token and the shopper's browser on Dintero's page (/v1/view) left out.
     */
    const dinteroCalls = async () =>
      (await control.requests())
        .filter((request) => !request.path.endsWith("/auth/token") && !request.path.startsWith("/v1/view/"))
        .map((request) => `${request.method} ${request.path.replace(/\/(transactions|sessions)\/T[^/]+/, "/$1/{id}")}`)
    /** Waits until every callback delivery the sandbox made so far was answered 2xx (its retries included). */
    const everyCallbackAnswered = () =>
      waitFor(async () => {
        const answered = new Map<string, boolean>()
        for (const attempt of await control.callbacks()) {
          const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300
          answered.set(attempt.delivery_id, (answered.get(attempt.delivery_id) ?? false) || ok)
        }
        return [...answered.values()].every(Boolean) ? true : undefined
      })
    const payRequests = async () => (await control.requests()).filter((r) => r.method === "POST" && r.path === "/v1/sessions/pay")

    /** The order's open payment collection after an order edit adding a bag of coffee. */
    async function orderEditCollection(orderId: string, paymentSessionId: string) {
      const step = async (path: string, body: unknown = {}) => {
        const response = await api.post(path, body, { ...admin, validateStatus: () => true })
        if (response.status >= 300) throw new Error(`${path} → ${response.status}: ${JSON.stringify(response.data)}`)
      }
      // Captured first, as a shipped order is: the edit's collection is then what the edit adds.
      const [payment] = await records.paymentsOfSession(paymentSessionId)
      await step(`/admin/payments/${payment!.id}/capture`)
      await step("/admin/order-edits", { order_id: orderId })
      await step(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: store.coffee.id, quantity: 1 }] })
      await step(`/admin/order-edits/${orderId}/request`)
      await step(`/admin/order-edits/${orderId}/confirm`)
      const { data } = await query().graph({
        entity: "order",
        fields: ["payment_collections.id", "payment_collections.status", "payment_collections.amount"],
        filters: { id: orderId },
      })
      const open = (data[0] as { payment_collections: { id: string; status: string; amount: number }[] }).payment_collections.filter(
        (collection) => collection.status === "not_paid"
      )
      expect(open).toHaveLength(1)
      return open[0]!
    }
    async function collectionPayments(collectionId: string) {
      const { data } = await query().graph({
        entity: "payment_collection",
        fields: ["id", "status", "payments.id", "payments.amount", "payments.canceled_at", "payments.payment_session_id", "payment_sessions.id", "payment_sessions.status"],
        filters: { id: collectionId },
      })
      return data[0] as { status: string; payments: { id: string; amount: number; canceled_at: string | null; payment_session_id: string }[]; payment_sessions: { id: string; status: string }[] }
    }
    const charge = (paymentCollectionId: string, paymentMethodId: string) =>
      chargeDinteroSavedCardWorkflow(getContainer()).run({ input: { payment_collection_id: paymentCollectionId, payment_method_id: paymentMethodId } })

    it("saves the card at checkout, lists it masked, pays a later checkout with it, and deletes it; another customer sees none of it", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      // The shopper's path alone (Dintero's callbacks held): what the plugin asks Dintero.
      await callbacks.hold()
      await control.clearRequests()
      const first = await orderSavingTheCard(kari)
      // The session, the authorization's read, and the token read once (the only extra request of saving).
      expect(await dinteroCalls()).toEqual(["POST /v1/sessions-profile", "GET /v1/transactions", "GET /v1/transactions/{id}"])
      await callbacks.drop()

      // Dintero was asked to make a token, for this customer (Dintero's metadata, read back when saving).
      const created = ((await control.session(first.dinteroSessionId)) as Json).session
      expect(created.configuration.payex.creditcard).toEqual({ enabled: true, generate_payment_token: true })
      expect(created.metadata.ext_medusa_customer_id).toBe(kari.id)
      const tokens = await control.paymentTokens()
      expect(tokens).toHaveLength(1)
      const [token] = tokens

      // The store API: one card, masked, no token; the same through Medusa's payment module.
      const { data: listed } = await storeCall("get", "/store/dintero/payment-methods", kari.headers)
      expect(listed.payment_methods).toEqual([
        {
          id: expect.stringMatching(/^dcard_/),
          provider_id: PROVIDER,
          brand: "visa",
          masked_pan: "400000******0002",
          expiry_date: "12/2030",
          card_type: "Credit",
          payment_product_type: "payex.creditcard",
          blocked: false,
          expired: false,
          created_at: expect.any(String),
        },
      ])
      const cardId = listed.payment_methods[0].id as string
      const { data: customers } = await query().graph({ entity: "customer", fields: ["account_holders.*"], filters: { id: kari.id } })
      const holder = (customers[0] as Json).account_holders.find((h: Json) => h.provider_id === PROVIDER)
      expect(holder).toMatchObject({ external_id: kari.id, data: { customer_id: kari.id } })
      const payments = getContainer().resolve<IPaymentModuleService>(Modules.PAYMENT)
      const methods = await payments.listPaymentMethods({ provider_id: PROVIDER, context: { account_holder: holder } })
      expect(methods.map((method) => method.id)).toEqual([cardId])
      expect(JSON.stringify(methods)).not.toContain(token!.payment_token)
      // Medusa's payment of the first order says which card was saved, never its token.
      const [payment] = await records.paymentsOfSession(first.paymentSessionId)
      expect(payment!.data).toMatchObject({ save_payment_method: true, saved_payment_method_id: cardId })

      // A later checkout with the saved card: Dintero gets the token in the session request only,
      // the shopper confirms the preselected card, and the order is paid with that card.
      await callbacks.hold()
      await control.clearRequests()
      const second = await checkout(kari, { payment_method_id: cardId })
      expect(second.session.status).toBe(200)
      const dinteroSession = ((await control.session(second.dinteroSessionId)) as Json).session
      expect(dinteroSession.customer.tokens).toEqual({ "payex.creditcard": { payment_token_id: token!.payment_token_id } })
      const page = await fetch(`${sandbox.url}/v1/view/${second.dinteroSessionId}`).then((r) => r.text())
      expect(page).toContain("Saved card: VISA 400000******0002 (12/2030)")
      const paid = await control.pay(second.dinteroSessionId, "authorize")
      const completed = await completeCart(second.cartId, kari.headers)
      expect(completed.data.type).toBe("order")
      // Paying with a saved card costs what any checkout does: the session and one read.
      expect(await dinteroCalls()).toEqual(["POST /v1/sessions-profile", "GET /v1/transactions"])
      await callbacks.drop()
      const [secondPayment] = await records.paymentsOfSession(second.paymentSessionId)
      expect(secondPayment!.data).toMatchObject({ payment_method_id: cardId, transaction_id: paid.transaction_id })
      // Both ends: one token at Dintero, used once more; two Medusa payments; still one saved card.
      const after = await control.paymentTokens()
      expect(after).toHaveLength(1)
      expect(after[0]!.payments).toEqual([paid.transaction_id])
      expect((await control.transaction(paid.transaction_id!)).status).toBe("AUTHORIZED")
      expect((await storeCall("get", "/store/dintero/payment-methods", kari.headers)).data.payment_methods).toHaveLength(1)

      // Another customer: sees no card, cannot pay with or delete Kari's (404, as for no card at all).
      const ola = await loggedInCustomer(getContainer(), "ola")
      expect((await storeCall("get", "/store/dintero/payment-methods", ola.headers)).data.payment_methods).toEqual([])
      const stolen = await checkout(ola, { payment_method_id: cardId })
      expect(stolen.session.status).toBe(404)
      expect(stolen.session.data.message).toContain(`Saved card ${cardId} was not found`)
      expect((await storeCall("delete", `/store/dintero/payment-methods/${cardId}`, ola.headers)).status).toBe(404)
      // A guest can neither save a card nor list any.
      const guest = await checkout(undefined, { save_payment_method: true })
      expect(guest.session.status).toBe(400)
      expect(guest.session.data.message).toContain("data.save_payment_method: only a logged-in customer can save a card")
      expect((await storeCall("get", "/store/dintero/payment-methods", {})).status).toBe(401)

      // Kari removes the card: gone from the list, and it can no longer pay.
      const removed = await storeCall("delete", `/store/dintero/payment-methods/${cardId}`, kari.headers)
      expect(removed.status).toBe(200)
      expect(removed.data).toEqual({ id: cardId, object: "payment_method", deleted: true })
      expect((await storeCall("get", "/store/dintero/payment-methods", kari.headers)).data.payment_methods).toEqual([])
      expect((await checkout(kari, { payment_method_id: cardId })).session.status).toBe(404)
      expect(await payments.listPaymentMethods({ provider_id: PROVIDER, context: { account_holder: holder } })).toEqual([])
    })

    it("an Express checkout can save the card too: Dintero gets the discount-code and the card configuration", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      const started = await checkout(kari, { express: true, save_payment_method: true })
      expect(started.session.status).toBe(200)
      const atDintero = ((await control.session(started.dinteroSessionId)) as Json).session
      expect(atDintero.configuration).toMatchObject({
        discounts: { express_discount_codes: { enabled: true } },
        payex: { creditcard: { enabled: true, generate_payment_token: true } },
      })
      expect(atDintero.express).toBeDefined()
    })

    it("saves a card without a purchase (a Dintero payment token session), for the customer who started it only", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      const ola = await loggedInCustomer(getContainer(), "ola")
      const refusedHost = await storeCall("post", "/store/dintero/payment-methods", kari.headers, { return_url: "https://evil.example/steal" })
      expect(refusedHost.status).toBe(400)
      expect(refusedHost.data.message).toContain('return_url host "evil.example" is not allowed')

      const started = await storeCall("post", "/store/dintero/payment-methods", kari.headers, {})
      expect(started.status).toBe(200)
      expect(started.data).toEqual({ provider_id: PROVIDER, dintero_session_id: expect.any(String), checkout_url: expect.stringContaining(started.data.dintero_session_id) })
      const atDintero = ((await control.session(started.data.dintero_session_id)) as Json).session
      expect(atDintero.order.amount).toBe(0)
      expect(atDintero.metadata.ext_medusa_customer_id).toBe(kari.id)
      expect(atDintero.url.return_url).toBe("http://localhost:8000/account/saved-cards")

      // Not paid yet: nothing to save. No body: 400 naming the field.
      const early = await storeCall("post", "/store/dintero/payment-methods/complete", kari.headers, { dintero_session_id: started.data.dintero_session_id })
      expect(early.status).toBe(400)
      expect(early.data.message).toContain("is not paid")
      const empty = await storeCall("post", "/store/dintero/payment-methods/complete", kari.headers, {})
      expect(empty.status).toBe(400)
      expect(empty.data.message).toContain("transaction_id")

      const paid = await control.pay(started.data.dintero_session_id, "authorize")
      expect((await control.transaction(paid.transaction_id!)).amount).toBe(0)
      // Ola cannot take Kari's card by naming its transaction.
      const stolen = await storeCall("post", "/store/dintero/payment-methods/complete", ola.headers, { transaction_id: paid.transaction_id })
      expect(stolen.status).toBe(400)
      expect((await storeCall("get", "/store/dintero/payment-methods", ola.headers)).data.payment_methods).toEqual([])

      const saved = await storeCall("post", "/store/dintero/payment-methods/complete", kari.headers, { transaction_id: paid.transaction_id })
      expect(saved.status).toBe(200)
      expect(saved.data.payment_method).toMatchObject({ id: expect.stringMatching(/^dcard_/), masked_pan: "400000******0002", blocked: false, provider_id: PROVIDER })
      // The return handled twice (a reload): still one card.
      const again = await storeCall("post", "/store/dintero/payment-methods/complete", kari.headers, { transaction_id: paid.transaction_id })
      expect(again.data.payment_method.id).toBe(saved.data.payment_method.id)
      expect((await storeCall("get", "/store/dintero/payment-methods", kari.headers)).data.payment_methods).toHaveLength(1)
      expect(await control.paymentTokens()).toHaveLength(1)

      // And it pays a checkout.
      const checkoutWithIt = await checkout(kari, { payment_method_id: saved.data.payment_method.id })
      const paidWithIt = await control.pay(checkoutWithIt.dinteroSessionId, "authorize")
      expect((await completeCart(checkoutWithIt.cartId, kari.headers)).data.type).toBe("order")
      expect((await control.paymentTokens())[0]!.payments).toEqual([paidWithIt.transaction_id])

      // Kari's account is deleted: her saved cards go with it.
      expect((await api.delete(`/admin/customers/${kari.id}`, admin)).status).toBe(200)
      await waitFor(async () => {
        const { data } = await api.get(`/admin/dintero/saved-cards?customer_id=${kari.id}`, admin)
        return data.saved_cards.length === 0 ? true : undefined
      })
    })

    it("a merchant-initiated payment charges the saved card once: parallel calls, a lost answer, a repeat", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      const first = await orderSavingTheCard(kari)
      const collection = await orderEditCollection(first.orderId, first.paymentSessionId)
      await control.clearRequests()

      // The admin route refuses a body without the card, naming the field; nothing is sent to Dintero.
      const chargeUrl = `/admin/dintero/payment-collections/${collection.id}/charge-saved-card`
      const invalid = await api.post(chargeUrl, {}, { ...admin, validateStatus: () => true })
      expect(invalid.status).toBe(400)
      expect(invalid.data.message).toContain("Field 'payment_method_id' is required")
      const { data: adminList } = await api.get(`/admin/dintero/saved-cards?customer_id=${kari.id}`, admin)
      expect(adminList.saved_cards).toEqual([expect.objectContaining({ id: first.card.id, customer_id: kari.id, masked_pan: "400000******0002" })])

      // Dintero charges, and the answer is lost (once); two workflow runs and two admin requests at once, then one more.
      await control.fault({ path: "^/v1/sessions/pay$", method: "POST", status: 502, after: true, times: 1 })
      const viaAdmin = () =>
        api.post(chargeUrl, { payment_method_id: first.card.id }, admin).then((response: { data: unknown }) => ({ result: response.data as { payment_id: string; already_paid: boolean } }))
      const results = await Promise.all([charge(collection.id, first.card.id), viaAdmin(), charge(collection.id, first.card.id), viaAdmin()])
      const again = await viaAdmin()
      const paymentIds = new Set([...results.map((r) => r.result.payment_id), again.result.payment_id])
      expect(paymentIds.size).toBe(1)
      expect([...results, again].filter((r) => !r.result.already_paid)).toHaveLength(1)

      // Dintero's end: one charge of the collection's amount with the saved token.
      const [token] = await control.paymentTokens()
      expect(token!.payments).toHaveLength(1)
      const transaction = await control.transaction(token!.payments[0]!)
      expect(transaction.status).toBe("AUTHORIZED")
      const expectedAmount = minorSum([{ amount: collection.amount }])
      expect(transaction.amount).toBe(expectedAmount)
      // One POST: the lost answer was found by its reference; the other calls found the collection paid.
      expect(await payRequests()).toHaveLength(1)

      // Medusa's end: one payment of that amount, after Dintero's callback too.
      await waitFor(async () => ((await control.callbacks()).some((c) => c.status === 200) ? true : undefined))
      const state = await collectionPayments(collection.id)
      expect(state.payments.filter((p) => !p.canceled_at)).toHaveLength(1)
      expect(minorSum(state.payments)).toBe(expectedAmount)
      expect(state.status).toBe("authorized")
      expect(state.payment_sessions).toHaveLength(1)
      expect((transaction as Json).merchant_reference ?? (await control.session((transaction as Json).session_id) as Json).session.order.merchant_reference).toBe(
        state.payment_sessions[0]!.id
      )

      // It is a payment like any other: the admin captures it, once.
      const captured = await api.post(`/admin/payments/${state.payments[0]!.id}/capture`, {}, admin)
      expect(captured.status).toBe(200)
      const afterCapture = await control.transaction(transaction.id)
      const dinteroCaptures = afterCapture.events.filter((e) => e.event === "CAPTURE" && e.success !== false)
      expect(dinteroCaptures).toHaveLength(1)
      expect(dinteroCaptures[0]!.amount).toBe(expectedAmount)
      const [medusaPayment] = await records.paymentsOfSession(state.payment_sessions[0]!.id)
      expect(medusaPayment!.captures).toHaveLength(1)
      expect(minorSum(medusaPayment!.captures)).toBe(expectedAmount)
    })

    it("a charge whose answers are all lost is recorded from Dintero's callback, or by the reconciliation job, and never charged twice", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      const first = await orderSavingTheCard(kari)
      const byCallback = await orderEditCollection(first.orderId, first.paymentSessionId)
      const second = await orderSavingTheCard(kari)
      const byJob = await orderEditCollection(second.orderId, second.paymentSessionId)
      const cardId = second.card.id as string
      expect(first.card.id).not.toBe(cardId) // each checkout saved its own token

      // Dintero charges; the answer and every look-up after it are lost: the charge's outcome is unknown here.
      // The orders' own callbacks are answered first, so that the injected faults hit the charge alone.
      await everyCallbackAnswered()
      const loseEverything = async () => {
        await control.fault({ path: "^/v1/sessions/pay$", method: "POST", status: 502, after: true, times: 1 })
        // Only the look-up by the charge's reference: the reconciliation job's and the settlements' listings pass.
        await control.fault({ path: "^/v1/transactions$", method: "GET", query: "merchant_reference=", status: 503, times: 4 })
      }
      await callbacks.hold()
      await loseEverything()
      await expect(charge(byCallback.id, first.card.id)).rejects.toMatchObject({ message: expect.stringContaining("charge the saved card") })
      expect((await collectionPayments(byCallback.id)).payments).toEqual([])
      // Dintero's callback (held until now) records it: one payment, and no second charge.
      await control.clearFaults()
      await callbacks.release()
      const paidByCallback = await waitFor(async () => {
        const state = await collectionPayments(byCallback.id)
        return state.payments.length ? state : undefined
      })
      expect(paidByCallback.payments).toHaveLength(1)
      const repeat = await charge(byCallback.id, first.card.id)
      expect(repeat.result).toMatchObject({ already_paid: true, payment_id: paidByCallback.payments[0]!.id })

      // The same loss with the callback lost too: the reconciliation job finds the charge by its reference.
      await callbacks.drop()
      await callbacks.hold()
      await loseEverything()
      await expect(charge(byJob.id, cardId)).rejects.toMatchObject({ message: expect.stringContaining("charge the saved card") })
      await callbacks.drop()
      await control.clearFaults()
      await reconcileDinteroPayments(getContainer(), { afterMinutes: 0 })
      const paidByJob = await collectionPayments(byJob.id)
      expect(paidByJob.payments).toHaveLength(1)

      // Both ends: one charge per collection at Dintero, one Medusa payment per collection, of the same amounts.
      const tokens = await control.paymentTokens()
      const charges = tokens.flatMap((t) => t.payments)
      expect(charges).toHaveLength(2)
      const amounts = await Promise.all(charges.map(async (id) => (await control.transaction(id)).amount))
      expect(amounts.sort()).toEqual([minorSum([{ amount: byCallback.amount }]), minorSum([{ amount: byJob.amount }])].sort())
      expect(minorSum(paidByCallback.payments)).toBe(minorSum([{ amount: byCallback.amount }]))
      expect(minorSum(paidByJob.payments)).toBe(minorSum([{ amount: byJob.amount }]))
    })

    it("a collection the admin marked as paid (another provider) is not charged", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      const first = await orderSavingTheCard(kari)
      const collection = await orderEditCollection(first.orderId, first.paymentSessionId)
      const marked = await api.post(`/admin/payment-collections/${collection.id}/mark-as-paid`, { order_id: first.orderId }, { ...admin, validateStatus: () => true })
      expect(marked.status).toBe(200)
      await control.clearRequests()
      await expect(charge(collection.id, first.card.id)).rejects.toMatchObject({
        message: expect.stringMatching(/already paid with pp_system_default .*nothing was charged/),
      })
      expect(await payRequests()).toEqual([])
      expect((await control.paymentTokens())[0]!.payments).toEqual([])
    })

    it("a card Dintero refuses with DO_NOT_RETRY is charged once, never again, and shown as blocked", async () => {
      const kari = await loggedInCustomer(getContainer(), "kari")
      const first = await orderSavingTheCard(kari)
      const collection = await orderEditCollection(first.orderId, first.paymentSessionId)
      const [token] = await control.paymentTokens()
      await control.declineToken(token!.payment_token_id, { type: "DO_NOT_RETRY", code: "CARD_BLOCKED", message: "Do not try this card again" })
      await control.clearRequests()

      // (A workflow hands its step's error back serialized: a MedusaError's type and message.)
      await expect(charge(collection.id, first.card.id)).rejects.toMatchObject({
        type: "payment_authorization_error",
        message: expect.stringMatching(/Dintero refused the payment with saved card dcard_\w+: CARD_BLOCKED: Do not try this card again \(DO_NOT_RETRY/),
      })
      expect(await payRequests()).toHaveLength(1)
      // A retry (a job running again, another instance) is refused here, without asking Dintero.
      await expect(charge(collection.id, first.card.id)).rejects.toMatchObject({
        type: "payment_authorization_error",
        message: expect.stringMatching(/DO_NOT_RETRY/),
      })
      expect(await payRequests()).toHaveLength(1)
      const [after] = await control.paymentTokens()
      expect(after!.payments).toHaveLength(1)
      expect((await control.transaction(after!.payments[0]!)).status).toBe("FAILED")
      // The refusal is logged (so the token check of the log lines below sees the provider's logs).
      expect(seen.some((line) => line.includes(`saved card ${first.card.id} refused with DO_NOT_RETRY`))).toBe(true)

      // Medusa's end: no payment; the card is listed as blocked and cannot pay at checkout either.
      const state = await collectionPayments(collection.id)
      expect(state.payments).toEqual([])
      expect(state.status).toBe("not_paid")
      const { data: listed } = await storeCall("get", "/store/dintero/payment-methods", kari.headers)
      expect(listed.payment_methods).toEqual([expect.objectContaining({ id: first.card.id, blocked: true })])
      const refused = await checkout(kari, { payment_method_id: first.card.id })
      expect(refused.session.status).toBe(400)
      expect(refused.session.data.message).toContain("Dintero refused the saved card")
    })
  },
})
