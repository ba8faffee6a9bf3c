/** The saved-cards module's registration key (also the name in the payment module's `dependencies`). */
export const DINTERO_SAVED_CARDS_MODULE = "dintero_saved_cards"
