import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DINTERO_SAVED_CARDS_MODULE, type DinteroSavedCardsModuleService } from "../../../../../modules/dintero-saved-cards"
import { deleteDinteroSavedCardWorkflow } from "../../../../../workflows"

/** DELETE /admin/dintero/saved-cards/:id → `{ id, object, deleted }`: removes a customer's saved card (the admin, on the customer's request). */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const cards = req.scope.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)
  const [card] = await cards.listDinteroSavedCards({ id: req.params.id! }, { select: ["id", "customer_id"] })
  if (!card) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${req.params.id} was not found`)
  const { result } = await deleteDinteroSavedCardWorkflow(req.scope).run({ input: { id: card.id, customer_id: card.customer_id } })
  res.json({ id: result.id, object: "saved_card", deleted: true })
}
