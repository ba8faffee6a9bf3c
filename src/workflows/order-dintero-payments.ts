import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { configuredDinteroProvider, type ConfiguredDinteroProvider } from "../providers/dintero/configured"

/** A Dintero payment of an order, with the provider configured for it. */
export type OrderDinteroPayment = {
  id: string
  paymentSessionId: string
  currency: string
  transactionId?: string
  /** The payment's data as the provider stored it. */
  data: Record<string, unknown>
  provider: ConfiguredDinteroProvider
}

type PaymentRow = {
  id: string
  provider_id: string
  payment_session_id?: string | null
  currency_code: string
  data?: Record<string, unknown> | null
  canceled_at?: string | null
}

/** The order's Dintero payments that are not cancelled (an order edit's collection included). */
export async function orderDinteroPayments(container: MedusaContainer, orderId: string): Promise<OrderDinteroPayment[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.payment_session_id",
      "payment_collections.payments.currency_code",
      "payment_collections.payments.data",
      "payment_collections.payments.canceled_at",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as { payment_collections?: { payments?: PaymentRow[] | null }[] | null } | undefined
  const found: OrderDinteroPayment[] = []
  for (const payment of (order?.payment_collections ?? []).flatMap((collection) => collection.payments ?? [])) {
    const provider = configuredDinteroProvider(container, payment.provider_id)
    if (!provider || payment.canceled_at || !payment.payment_session_id) continue
    const transactionId = payment.data?.transaction_id
    found.push({
      id: payment.id,
      paymentSessionId: payment.payment_session_id,
      currency: payment.currency_code.toUpperCase(),
      ...(typeof transactionId === "string" ? { transactionId } : {}),
      data: payment.data ?? {},
      provider,
    })
  }
  return found
}
