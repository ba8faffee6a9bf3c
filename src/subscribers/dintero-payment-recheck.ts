import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DINTERO_RECHECK_EVENT, DinteroPaymentEventData } from "../providers/dintero/events"
import { settleDinteroPaymentWorkflow } from "../workflows"

/**
 * A capture or refund whose outcome stayed unknown: Medusa rolled its record back, but Dintero
 * may have applied it. Settling the payment records what Dintero really did (never sends it again).
 */
export default async function recheckDinteroPayment({ event, container }: SubscriberArgs<DinteroPaymentEventData>) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  try {
    const { result } = await settleDinteroPaymentWorkflow(container).run({
      input: { provider_id: event.data.provider_id, payment_session_id: event.data.payment_session_id },
    })
    logger.info(`Dintero: payment session ${event.data.payment_session_id} settled again after ${event.data.reason} (${result.settled ? "in line with Dintero" : "not yet in line; the reconciliation job and Dintero's callbacks follow up"})`)
  } catch (error) {
    logger.warn(`Dintero: settling payment session ${event.data.payment_session_id} again failed: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = { event: DINTERO_RECHECK_EVENT }
