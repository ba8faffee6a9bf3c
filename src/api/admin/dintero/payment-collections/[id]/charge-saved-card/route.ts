import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { chargeDinteroSavedCardWorkflow } from "../../../../../../workflows"
import { runForAdmin } from "../../../respond"
import type { ChargeSavedCardBodyType } from "../../../validators"

/**
 * POST /admin/dintero/payment-collections/:id/charge-saved-card `{ payment_method_id }` →
 * `{ payment_collection_id, payment_session_id, payment_id, already_paid }`: charges the order's
 * customer's saved card for what the collection is owed (an order edit's difference, a renewal),
 * without the customer. Once per collection, however often it is asked and on whichever instance.
 */
export async function POST(req: AuthenticatedMedusaRequest<ChargeSavedCardBodyType>, res: MedusaResponse) {
  await runForAdmin(
    res,
    () =>
      chargeDinteroSavedCardWorkflow(req.scope).run({
        input: { payment_collection_id: req.params.id!, payment_method_id: req.validatedBody.payment_method_id },
      }),
    ({ result }) => result
  )
}
