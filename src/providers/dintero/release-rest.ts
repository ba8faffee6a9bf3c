import type { Logger } from "@medusajs/framework/types"
import { capturedAmount, paymentProductRules, remainingToCapture, type DinteroClient, type DinteroTransaction } from "../../dintero"
import { fromMinorUnits } from "../../money"

/** Whether the uncaptured rest was released already, or is being released (a 202 void). */
export function restReleased(transaction: DinteroTransaction): boolean {
  return (transaction.events ?? []).some((event) => (event.event === "VOID" && event.success !== false) || event.event === "INITIATE_VOID")
}

/**
 * Releases what is left of a partly captured authorization that will never be captured (every
 * line of the order is captured or cancelled, or the order is cancelled), where the payment
 * product allows a void after a partial capture. Call it under the payment's lock, with the
 * transaction read under it: a second call finds the VOID event and sends nothing.
 *
 * dintero_psp releases with `final_capture` on its last capture instead, and the other products
 * cannot release a rest at all: it lapses with the authorization, which is logged.
 */
export async function releaseUncapturedRest(
  client: DinteroClient,
  transaction: DinteroTransaction,
  reason: string,
  logger?: Logger
): Promise<{ released: boolean; transaction: DinteroTransaction }> {
  const rest = remainingToCapture(transaction)
  if (rest <= 0 || capturedAmount(transaction) === 0 || restReleased(transaction)) return { released: false, transaction }
  const product = transaction.payment_product_type ?? transaction.payment_product ?? "unknown"
  const amount = `${fromMinorUnits(rest, transaction.currency)} ${transaction.currency.toUpperCase()}`
  if (!paymentProductRules(product).voidAfterPartialCapture) {
    logger?.warn(
      `Dintero: ${amount} of transaction ${transaction.id} stays authorized (${reason}): ${product} cannot void the rest after a partial capture; it lapses when the authorization expires`
    )
    return { released: false, transaction }
  }
  const result = await client.voidTransaction(transaction.id)
  logger?.info(`Dintero: released the uncaptured ${amount} of transaction ${transaction.id} (${reason})`)
  return { released: true, transaction: result.transaction }
}
