import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteDinteroSavedCardWorkflow } from "../../../../../workflows"

/** DELETE /store/dintero/payment-methods/:id → `{ id, object, deleted }`: removes the customer's saved card. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await deleteDinteroSavedCardWorkflow(req.scope).run({
    input: { id: req.params.id!, customer_id: req.auth_context.actor_id },
  })
  res.json({ id: result.id, object: "payment_method", deleted: true })
}
