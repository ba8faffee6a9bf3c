import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createHmac } from "node:crypto"
import type { seedNorwegianStore } from "../../demo/norwegian-store"
import { sleep } from "../../test-support/wait"

type Store = Awaited<ReturnType<typeof seedNorwegianStore>>
type Api = {
  post: (url: string, body?: unknown, config?: Record<string, unknown>) => Promise<{ status: number; data: any }> // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What a storefront does, over the store API. */
export function storefront(api: Api, store: Store) {
  const headers = { headers: { "x-publishable-api-key": store.publishableKey } }

  async function newPaymentSession(paymentCollectionId: string, providerId = "pp_dintero_dintero") {
    const { data } = await api.post(`/store/payment-collections/${paymentCollectionId}/payment-sessions`, { provider_id: providerId }, headers)
    const session = data.payment_collection.payment_sessions.find((s: { provider_id: string }) => s.provider_id === providerId)
    return {
      paymentCollectionId,
      paymentSessionId: session.id as string,
      dinteroSessionId: session.data.dintero_session_id as string,
      amount: session.data.amount as number,
    }
  }

  async function cartWithDinteroSession(providerId = "pp_dintero_dintero") {
    const { data: { cart } } = await api.post(
      "/store/carts",
      {
        region_id: store.region.id,
        sales_channel_id: store.salesChannel.id,
        email: "kari@example.com",
        items: [{ variant_id: store.sweater.id, quantity: 1 }],
        shipping_address: { first_name: "Kari", last_name: "Nordmann", address_1: "Storgata 1", city: "Oslo", postal_code: "0155", country_code: "no" },
      },
      headers
    )
    await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOption.id }, headers)
    const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, headers)
    return { cartId: cart.id as string, ...(await newPaymentSession(payment_collection.id, providerId)) }
  }

  /** The storefront's return handler: complete the cart; on 409 (the callback is completing it) try again. */
  async function complete(cartId: string) {
    for (let attempt = 0; ; attempt++) {
      const response = await api.post(`/store/carts/${cartId}/complete`, {}, { ...headers, validateStatus: () => true })
      if (response.status !== 409 || attempt >= 20) return response
      await sleep(250)
    }
  }

  return { headers, newPaymentSession, cartWithDinteroSession, complete }
}

export type MedusaPaymentRecord = {
  id: string
  amount: number
  captured_at: string | null
  canceled_at: string | null
  captures: { amount: number; created_by: string | null }[]
  refunds: { amount: number; created_by: string | null }[]
  data: Record<string, unknown>
}

/** What Medusa has recorded, read with its own query. */
export function medusaRecords(getContainer: () => MedusaContainer) {
  const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
  return {
    async ordersOfCart(cartId: string) {
      const { data } = await query().graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      return (data as { order_id: string }[]).map((link) => ({ id: link.order_id }))
    },
    async paymentsOfSession(paymentSessionId: string) {
      const { data } = await query().graph({
        entity: "payment",
        fields: ["id", "amount", "captured_at", "canceled_at", "captures.amount", "captures.created_by", "refunds.amount", "refunds.created_by", "data"],
        filters: { payment_session_id: paymentSessionId },
      })
      return data as MedusaPaymentRecord[]
    },
    async paymentSessionStatus(paymentSessionId: string) {
      const { data } = await query().graph({ entity: "payment_session", fields: ["status"], filters: { id: paymentSessionId } })
      return (data[0] as { status: string } | undefined)?.status
    },
  }
}

/** Sum of Medusa amounts (major units) in minor units. */
export const minorSum = (rows: { amount: number | string }[]) => rows.reduce((total, row) => total + Math.round(Number(row.amount) * 100), 0)

/** Dintero's API as someone else (Backoffice, another system) uses it: plain HTTP, not the plugin. */
export function dinteroBackoffice(sandboxUrl: string, accountId = "T12345678") {
  return async function dinteroApi(method: string, path: string, body?: unknown) {
    const token = await fetch(`${sandboxUrl}/v1/accounts/${accountId}/auth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("sandbox-client:sandbox-secret").toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", audience: `https://api.dintero.com/v1/accounts/${accountId}` }),
    }).then((r) => r.json())
    return fetch(`${sandboxUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  }
}

/** Signs a callback URL as Dintero does (written here from Dintero's docs, not with the plugin's code). */
export function signCallback(url: URL, secret: string, options: { accountId?: string; t?: number } = {}) {
  const t = options.t ?? Math.floor(Date.now() / 1000)
  const query = new URLSearchParams(url.search)
  query.sort()
  const payload = [t, options.accountId ?? "T12345678", "GET", url.hostname, url.pathname, query.toString()].join("\n")
  return `t=${t},v0-hmac-sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`
}
