import { Module } from "@medusajs/framework/utils"
import { DINTERO_SAVED_CARDS_MODULE } from "./constants"
import DinteroSavedCardsModuleService from "./service"

/**
 * Saved cards (Dintero payment tokens). The payment module reaches it through
 * `dependencies: [..., "dintero_saved_cards"]`, so that the provider's account-holder and
 * payment-method hooks can store and remove cards.
 */
export { DINTERO_SAVED_CARDS_MODULE }

export default Module(DINTERO_SAVED_CARDS_MODULE, { service: DinteroSavedCardsModuleService })
export { DinteroSavedCardsModuleService }
export type { SavedCardInput, SavedCardRecord, SavedCardView } from "./types"
export { savedCardView } from "./types"
