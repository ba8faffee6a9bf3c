import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { completeDinteroPaymentCollectionWorkflow } from "../../../../../../workflows"
import type { CompletePaymentCollectionBodyType } from "../../../validators"

/**
 * POST /store/dintero/payment-collections/:id/complete → `{ status, settled, payment_collection,
 * order_id }`: the shopper is back on the storefront's /payment-collection/:id page. A hint, as a
 * callback is: the answer is what Dintero reports, read back. No session data, no secrets.
 */
export async function POST(req: MedusaRequest<CompletePaymentCollectionBodyType>, res: MedusaResponse) {
  const { result } = await completeDinteroPaymentCollectionWorkflow(req.scope).run({
    input: { payment_collection_id: req.params.id!, payment_session_id: req.validatedBody.payment_session_id },
  })
  res.json(result)
}
