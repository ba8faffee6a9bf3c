import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { captureFulfillmentStep, type CaptureFulfillmentInput } from "./steps/capture-fulfillment"

export const captureDinteroFulfillmentWorkflowId = "capture-dintero-fulfillment"

/**
 * captureOnShipment: a fulfillment (when created, or when shipped, as the provider's option says)
 * captures exactly its lines at Dintero, once (steps/capture-fulfillment.ts).
 */
export const captureDinteroFulfillmentWorkflow = createWorkflow(captureDinteroFulfillmentWorkflowId, (input: CaptureFulfillmentInput) => {
  return new WorkflowResponse(captureFulfillmentStep(input))
})
