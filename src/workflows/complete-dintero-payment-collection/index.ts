import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { findCollectionSessionsStep } from "./steps/find-collection-sessions"
import { settleCollectionSessionsStep } from "./steps/settle-collection-sessions"

export type CompleteDinteroPaymentCollectionInput = { payment_collection_id: string; payment_session_id?: string }

export const completeDinteroPaymentCollectionWorkflowId = "complete-dintero-payment-collection"

/**
 * The shopper is back from paying an order's payment collection (an order edit, exchange or
 * claim): settle its Dintero sessions from Dintero's own state, as a callback would. Nothing here
 * moves money; a paid session becomes Medusa's authorized payment of the collection (and the
 * order's), once, however often and from wherever this is asked.
 */
export const completeDinteroPaymentCollectionWorkflow = createWorkflow(
  completeDinteroPaymentCollectionWorkflowId,
  (input: CompleteDinteroPaymentCollectionInput) => {
    const found = findCollectionSessionsStep(input)
    const settled = settleCollectionSessionsStep(found)
    return new WorkflowResponse(
      transform({ found, settled }, ({ found, settled }) => ({
        status: settled.kind,
        settled: settled.settled,
        payment_collection: settled.payment_collection,
        order_id: found.order_id,
      }))
    )
  }
)
