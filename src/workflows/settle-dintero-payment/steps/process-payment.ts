import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"

/**
 * Medusa's own payment processing for an authorized (or on-hold) payment: under the cart's lock it
 * authorizes the payment session (with the transaction the settlement read, handed over) and completes the cart, or
 * authorizes an order created while the payment was on hold. Run as a workflow of its own, not a
 * sub-workflow: Medusa skips a sub-workflow's cart lock.
 */
export const processDinteroPaymentStep = createStep(
  "process-dintero-payment",
  async (input: { payment_session_id: string; action: "authorized" | "pending_authorization"; amount: number }, { container }) => {
    await processPaymentWorkflow(container).run({
      input: { action: input.action, data: { session_id: input.payment_session_id, amount: input.amount } },
    })
    return new StepResponse(input.action)
  }
)
