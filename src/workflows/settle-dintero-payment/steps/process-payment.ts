import type { ILockingModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { authorizeLockKey, PAYMENT_LOCK_TIMEOUT_SECONDS } from "../../../providers/dintero/payment-lock"

export type ProcessPaymentInput = {
  payment_session_id: string
  action: "authorized" | "pending_authorization"
  /** The payment's amount in Medusa's major units. */
  amount: number
  cart_id?: string
  order_id?: string
}

/**
 * Medusa's own payment processing for an authorized (or on-hold) payment.
 *
 * The usual case, a paid cart without its order, is Medusa's cart completion itself: it takes the
 * cart's lock, authorizes the payment session (with the transaction the settlement read, handed
 * over) and creates the order — what Medusa's processPaymentWorkflow would end up running, without
 * its four lookups of what the settlement already knows. A completion that fails is reported, not
 * thrown: the settlement's outcome then says the payment is not settled (the shopper's own return
 * may be completing the cart), and the callback waits for it or asks Dintero to retry.
 *
 * Everything else (an on-hold payment, an order created while the payment was on hold, a payment
 * without a cart) goes through processPaymentWorkflow, run as a workflow of its own (Medusa skips
 * a sub-workflow's cart lock); a payment without a cart (an order's payment collection) under a
 * lock of its own, as Medusa's cart lock does for carts.
 */
export const processDinteroPaymentStep = createStep("process-dintero-payment", async (input: ProcessPaymentInput, { container }) => {
  if (input.action === "authorized" && input.cart_id && !input.order_id) {
    try {
      const { result } = await completeCartWorkflow(container).run({ input: { id: input.cart_id } })
      return new StepResponse({ order_id: result.id as string | undefined })
    } catch (error) {
      const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      logger.warn(`Dintero settlement: completing cart ${input.cart_id} for payment session ${input.payment_session_id} failed: ${(error as Error).message}`)
      return new StepResponse({ order_id: undefined as string | undefined })
    }
  }
  const run = () =>
    processPaymentWorkflow(container).run({
      input: { action: input.action, data: { session_id: input.payment_session_id, amount: input.amount } },
    })
  if (input.cart_id) {
    await run()
  } else {
    // An order's payment collection: no cart lock serializes the authorization (payment-lock.ts).
    const locking = container.resolve<ILockingModule>(Modules.LOCKING)
    await locking.execute(authorizeLockKey(input.payment_session_id), run, { timeout: PAYMENT_LOCK_TIMEOUT_SECONDS })
  }
  return new StepResponse({ order_id: undefined as string | undefined })
})
