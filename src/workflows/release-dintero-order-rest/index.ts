import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { releaseOrderRestStep } from "./steps/release-rest"

export const releaseDinteroOrderRestWorkflowId = "release-dintero-order-rest"

/** Releases the uncaptured rest of a cancelled order's partly captured Dintero payments, once. */
export const releaseDinteroOrderRestWorkflow = createWorkflow(releaseDinteroOrderRestWorkflowId, (input: { order_id: string }) => {
  return new WorkflowResponse(releaseOrderRestStep(input))
})
