import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { readMedusaPaymentState } from "../medusa-state"

/**
 * Dintero voided the authorization (Backoffice): Medusa cancels its payment. Medusa asks the
 * provider, which reads the transaction, finds it voided, and sends nothing. Runs after the
 * payment's lock is released (the provider takes it itself).
 */
export const recordVoidStep = createStep("record-dintero-void", async (input: { payment_session_id: string }, { container }) => {
  const state = await readMedusaPaymentState(container, input.payment_session_id)
  const payment = state?.payment
  if (!payment || payment.canceled_at) return new StepResponse(undefined)
  await container.resolve(Modules.PAYMENT).cancelPayment(payment.id)
  return new StepResponse(payment.id)
})
