import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * The shopper paid on one session while the storefront had already created another (a double
 * click, a second tab): Medusa completes a cart with its first processable session, so the unpaid
 * ones go, and the paid one makes the order. Their providers cancel them (an unpaid Dintero
 * session is cancelled, so it cannot be paid a second time). A session that refuses to go (another
 * paid Dintero session) stays: the reconciliation job releases it as surplus.
 */
export const removeOtherSessionsStep = createStep(
  "remove-unpaid-sibling-sessions",
  async (input: { payment_session_ids: string[] }, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const removed: string[] = []
    for (const id of input.payment_session_ids) {
      try {
        await paymentModule.deletePaymentSession(id)
        removed.push(id)
      } catch (error) {
        logger.warn(`Dintero settlement: kept payment session ${id}: ${(error as Error).message}`)
      }
    }
    return new StepResponse(removed)
  }
)
