import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { chargeSavedCardStep } from "./steps/charge-saved-card"

export type ChargeDinteroSavedCardInput = {
  /** An order's payment collection (a subscription's renewal order, an order edit …). */
  payment_collection_id: string
  /** The saved card (a payment method id from listPaymentMethods or /store/dintero/payment-methods). */
  payment_method_id: string
}

export type ChargeDinteroSavedCardResult = {
  payment_collection_id: string
  payment_session_id: string
  /** Medusa's payment; null while Dintero holds the payment (ON_HOLD), made when it is settled. */
  payment_id: string | null
  /** True when an earlier call had already paid the collection: nothing was charged now. */
  already_paid: boolean
}

export const chargeDinteroSavedCardWorkflowId = "charge-dintero-saved-card"

/**
 * A merchant-initiated payment: charges a customer's saved card for what an order's payment
 * collection is owed, without the customer (Dintero's `POST /v1/sessions/pay`,
 * `unscheduled_purchase`). For other code to call, e.g. a subscription plugin's renewal job.
 *
 * Exactly once per collection: under a lock on the collection (the Locking Module, so across
 * instances with a shared provider), a collection already paid is answered with its payment, and
 * a repeated charge reuses the first attempt's payment session, whose id Dintero keeps as the
 * merchant_reference and refuses twice. A refusal is a PAYMENT_AUTHORIZATION_ERROR with Dintero's
 * code and message; after DO_NOT_RETRY the card is blocked and never sent to Dintero again.
 */
export const chargeDinteroSavedCardWorkflow = createWorkflow(chargeDinteroSavedCardWorkflowId, (input: ChargeDinteroSavedCardInput) => {
  return new WorkflowResponse(chargeSavedCardStep(input))
})
