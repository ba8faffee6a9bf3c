import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { DINTERO_SAVED_CARDS_MODULE, type DinteroSavedCardsModuleService } from "../../modules/dintero-saved-cards"

export type DeleteDinteroSavedCardInput = { id: string; customer_id: string }

export const deleteDinteroSavedCardWorkflowId = "delete-dintero-saved-card"

/**
 * Removes one of a customer's saved cards. Someone else's card is "not found", as a card that
 * does not exist. Soft-deleted (restored if a later step fails): the token is never sent to
 * Dintero again, and Dintero's Checkout API has no call to delete it there.
 */
const deleteSavedCardStep = createStep(
  "delete-dintero-saved-card",
  async (input: DeleteDinteroSavedCardInput, { container }) => {
    const cards = container.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)
    const card = await cards.ownedCard(input.id, { customerId: input.customer_id })
    await cards.softDeleteDinteroSavedCards([card.id])
    return new StepResponse({ id: card.id }, card.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE).restoreDinteroSavedCards([id])
  }
)

export const deleteDinteroSavedCardWorkflow = createWorkflow(deleteDinteroSavedCardWorkflowId, (input: DeleteDinteroSavedCardInput) => {
  return new WorkflowResponse(deleteSavedCardStep(input))
})
