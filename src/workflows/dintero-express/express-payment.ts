import type { MedusaContainer } from "@medusajs/framework/types"
import type { DinteroTransaction } from "../../dintero"
import { isPaidOrHeld } from "../../providers/dintero/status"
import { expressSessionOf, readExpressCart } from "./express-cart"
import { applyDinteroExpressPaymentWorkflow } from "./index"
import type { ExpressPaymentOutcome } from "./steps/apply-payment"

/**
 * Which Medusa payment session a report about an Express session is for. Dintero names the cart
 * (`merchant_reference`), because the cart's payment session is replaced during an Express
 * checkout; a paid one first gets the shopper's choices written to the cart (or is released).
 * Used by the callback, the shopper's return and the reconciliation job alike.
 */
export async function expressPaymentSessionOf(
  container: MedusaContainer,
  input: { provider_id: string; cart_id: string; dintero_session_id?: string | null; transaction?: DinteroTransaction }
): Promise<{ paymentSessionId?: string; outcome?: ExpressPaymentOutcome }> {
  const { transaction } = input
  if (transaction && isPaidOrHeld(transaction)) {
    const { result: outcome } = await applyDinteroExpressPaymentWorkflow(container).run({
      input: { provider_id: input.provider_id, cart_id: input.cart_id, transaction },
    })
    if (outcome.kind === "applied") return { paymentSessionId: outcome.payment_session_id, outcome }
    if (outcome.kind === "released") return { outcome }
    // A cart that is gone, or holds no such checkout: no payment session (the caller reports it).
    if (outcome.kind === "no_checkout") return {}
    return { paymentSessionId: await sessionIdOf(container, input), outcome }
  }
  const paymentSessionId = await sessionIdOf(container, input)
  // Not paid and no longer on the cart (released after a total mismatch, or replaced): nothing to record.
  if (!paymentSessionId && transaction) return { outcome: { kind: "released", message: "This Express checkout was not paid or was released" } }
  return { paymentSessionId }
}

async function sessionIdOf(container: MedusaContainer, input: { provider_id: string; cart_id: string; dintero_session_id?: string | null; transaction?: DinteroTransaction }) {
  const dinteroSessionId = input.dintero_session_id ?? input.transaction?.session_id
  if (!dinteroSessionId) return undefined
  const cart = await readExpressCart(container, input.cart_id)
  return cart ? expressSessionOf(cart, input.provider_id, dinteroSessionId)?.id : undefined
}
