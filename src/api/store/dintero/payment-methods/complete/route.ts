import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { completeDinteroCardSaveWorkflow } from "../../../../../workflows"
import type { CompleteCardSaveBodyType } from "../../validators"

/**
 * POST /store/dintero/payment-methods/complete `{ transaction_id | dintero_session_id, provider_id? }`
 * → `{ payment_method }`: the customer is back from saving a card (the return URL's
 * transaction_id); the card is read back from Dintero and saved. Never the token.
 */
export async function POST(req: AuthenticatedMedusaRequest<CompleteCardSaveBodyType>, res: MedusaResponse) {
  const { result } = await completeDinteroCardSaveWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, ...req.validatedBody },
  })
  res.json({ payment_method: result })
}
