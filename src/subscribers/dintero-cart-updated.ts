import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { isDinteroProviderId } from "../providers/dintero/provider-id"

type PaymentSessionRow = {
  id: string
  provider_id: string
  status: string
  amount: unknown
  currency_code: string
  data?: Record<string, unknown> | null
}

/**
 * Medusa recreates payment sessions when the cart's total or currency changes, but keeps them
 * when only the email, the addresses or the shipping details change (medusajs/medusa#15589):
 * the unpaid Dintero session would then show the shopper stale data. This brings it in step
 * (Dintero's session update, allowed until the checkout is paid).
 */
export default async function keepDinteroSessionsInStep({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { data } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.status",
      "payment_collection.payment_sessions.amount",
      "payment_collection.payment_sessions.currency_code",
      "payment_collection.payment_sessions.data",
    ],
    filters: { id: event.data.id },
  })
  const sessions = ((data[0] as { payment_collection?: { payment_sessions?: PaymentSessionRow[] } } | undefined)
    ?.payment_collection?.payment_sessions ?? []) as PaymentSessionRow[]
  const dinteroSessions = sessions.filter(
    // Express sessions are kept in step by their own callbacks (Dintero holds their order meanwhile).
    (session) => isDinteroProviderId(session.provider_id) && session.status === "pending" && session.data?.dintero_session_id && session.data?.express !== true
  )
  if (dinteroSessions.length === 0) return

  const paymentModule = container.resolve(Modules.PAYMENT)
  for (const session of dinteroSessions) {
    try {
      await paymentModule.updatePaymentSession({
        id: session.id,
        data: session.data ?? {},
        amount: session.amount as number,
        currency_code: session.currency_code,
      })
    } catch (error) {
      // Paid in the meantime, or Dintero unreachable: the shopper's checkout goes on; the next
      // change tries again.
      logger.warn(`Dintero: could not update the session of payment session ${session.id}: ${(error as Error).message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: "cart.updated",
}
