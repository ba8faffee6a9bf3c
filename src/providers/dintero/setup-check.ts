import type { ConfigModule } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { DINTERO_SAVED_CARDS_MODULE } from "../../modules/dintero-saved-cards/constants"
import { isDinteroEntry, paymentModuleEntry } from "./configured"
import { DEPENDENCIES_FIX } from "./dependencies"

const FIX = `${DEPENDENCIES_FIX} (README, "Configure").`

/**
 * What is wrong with the app's set-up for Dintero, as medusa-config.ts says it, in words an admin
 * can act on. Checked at boot (the plugin's module loader), because the provider itself is only
 * constructed at the first payment, and without `query` a partial capture or a refund would be
 * refused only when an admin tries one.
 */
export function dinteroSetupProblems(config: ConfigModule): string[] {
  const payment = paymentModuleEntry(config)
  const dintero = (payment?.options?.providers ?? []).filter(isDinteroEntry)
  if (dintero.length === 0) {
    return [
      'the medusa-payment-dintero plugin is registered, but the payment module has no Dintero provider with valid options: add { resolve: "medusa-payment-dintero/providers/dintero", id: "dintero", options: { … } } to its providers (README, "Configure").',
    ]
  }
  const dependencies = new Set((payment?.dependencies ?? []).filter((name): name is string => typeof name === "string"))
  const problems: string[] = []
  if (!dependencies.has(ContainerRegistrationKeys.QUERY)) {
    problems.push(
      `the payment module has no access to "query": Dintero sessions are created without order lines (invoice and part-payment methods refuse them), a returnUrl with {cart_id} cannot be filled in, and captures and refunds are refused (their amounts are read from Medusa's records). ${FIX}`
    )
  }
  if (!dependencies.has(Modules.LOCKING)) {
    problems.push(`the payment module has no access to the Locking Module: captures, refunds and voids are refused (money only moves under a lock). ${FIX}`)
  }
  if (!dependencies.has(DINTERO_SAVED_CARDS_MODULE)) {
    problems.push(`the payment module has no access to the ${DINTERO_SAVED_CARDS_MODULE} module: customers cannot save cards or pay with saved ones, and merchant-initiated payments are refused. ${FIX}`)
  }
  return problems
}
