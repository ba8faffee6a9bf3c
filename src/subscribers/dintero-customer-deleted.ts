import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DINTERO_SAVED_CARDS_MODULE, type DinteroSavedCardsModuleService } from "../modules/dintero-saved-cards"

/**
 * A deleted customer's saved cards go with them: their tokens can never be charged again (a
 * subscription of a deleted customer stops here), and nothing of their cards stays listed.
 */
export default async function forgetDeletedCustomersCards({ event, container }: SubscriberArgs<{ id: string }>) {
  const cards = container.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)
  const saved = await cards.listDinteroSavedCards({ customer_id: event.data.id }, { select: ["id"] })
  if (!saved.length) return
  await cards.softDeleteDinteroSavedCards(saved.map((card) => card.id))
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`Dintero: ${saved.length} saved card(s) of deleted customer ${event.data.id} removed`)
}

export const config: SubscriberConfig = { event: "customer.deleted" }
