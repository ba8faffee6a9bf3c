import { DINTERO_SAVED_CARDS_MODULE } from "../../modules/dintero-saved-cards/constants"

/**
 * What the payment module must list in `dependencies` (medusa-config.ts) for the provider, whose
 * container holds nothing else: `query` (carts, orders, Medusa's captures and refunds), `locking`
 * (money only moves under a lock) and the saved-cards module.
 */
export const PAYMENT_MODULE_DEPENDENCIES = ["query", "locking", DINTERO_SAVED_CARDS_MODULE] as const

/** The fix, as every message that needs it says it. */
export const DEPENDENCIES_FIX = `Add dependencies: ${JSON.stringify(PAYMENT_MODULE_DEPENDENCIES).replace(/,/g, ", ")} to the @medusajs/medusa/payment module in medusa-config.ts`
