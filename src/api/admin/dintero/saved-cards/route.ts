import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DINTERO_SAVED_CARDS_MODULE, savedCardView, type DinteroSavedCardsModuleService } from "../../../../modules/dintero-saved-cards"
import type { SavedCardsQueryType } from "../validators"

/** GET /admin/dintero/saved-cards?customer_id=… → `{ saved_cards }`: a customer's saved cards (masked; never a token). */
export async function GET(req: AuthenticatedMedusaRequest<unknown, SavedCardsQueryType>, res: MedusaResponse) {
  const cards = req.scope.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)
  const { customer_id } = req.validatedQuery as SavedCardsQueryType
  const rows = await cards.listDinteroSavedCards({ customer_id }, { order: { created_at: "DESC" } })
  res.json({ saved_cards: rows.map((row) => ({ ...savedCardView(row), provider_id: row.provider_id, customer_id: row.customer_id })) })
}
