import type { IEventBusModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { capturedAmount, expressTransactionSchema, refundedAmount, type DinteroClient, type DinteroTransaction } from "../../../dintero"
import { fromMinorUnits, toMinorUnits } from "../../../money"
import { configuredDinteroProvider } from "../../../providers/dintero/configured"
import { DINTERO_RELEASED_EVENT, type DinteroPaymentEventData } from "../../../providers/dintero/events"
import { carryingOver } from "../../../providers/dintero/express-carry-over"
import { settlementKindOf } from "../../../providers/dintero/status"
import {
  cartShippingOptionId,
  chooseShippingOption,
  expressSessionOf,
  keepExpressPaymentSession,
  readExpressCart,
  setCartAddresses,
  type ExpressCart,
} from "../express-cart"

export type ApplyExpressPaymentInput = {
  provider_id: string
  cart_id: string
  /** The transaction as read from Dintero just now (never a callback's claim). */
  transaction: DinteroTransaction
}

/** What became of a paid Express checkout. */
export type ExpressPaymentOutcome =
  /** The choices are on the cart and its total is what Dintero authorized: complete it with this payment session. */
  | { kind: "applied"; payment_session_id: string }
  | { kind: "completed"; order_id: string }
  /** Medusa's total differs from what Dintero authorized: the payment was released (now or before), no order. */
  | { kind: "released"; message: string }
  /** Not paid (yet): nothing to write. */
  | { kind: "not_paid" }
  /** Paid, but the cart is gone or holds no such checkout: a payment without a Medusa payment session. */
  | { kind: "no_checkout" }

const RELEASED_MESSAGE =
  "The order total changed while you paid, so no order was made and the payment was released (nothing is charged). Please check out again."

/**
 * A paid Express checkout: the shopper's choices in Dintero's checkout, as Dintero reports them in
 * the transaction (address, billing address, email, phone, organization number, shipping option),
 * are written to the cart with Medusa's workflows, and the cart's payment session is marked as
 * carrying them (the provider authorizes an Express payment only then). If Medusa's total then
 * differs from what Dintero authorized, no order is made for the wrong amount: the authorization is
 * released (refunded when the payment product captured at once), once, and the shopper is told.
 *
 * Idempotent: a second call for the same transaction finds the marked session (or the order, or
 * the release) and changes nothing.
 */
export const applyExpressPaymentStep = createStep("apply-dintero-express-payment", async (input: ApplyExpressPaymentInput, { container }) => {
  // Read again under the Express lock: whoever held it before may have released the payment.
  const transaction = await clientOf(container, input.provider_id).getTransaction(input.transaction.id)
  const dinteroSessionId = transaction.session_id
  if (!dinteroSessionId) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Dintero transaction ${transaction.id} has no session`)
  const cart = await readExpressCart(container, input.cart_id)
  if (cart?.order_id) return new StepResponse<ExpressPaymentOutcome>({ kind: "completed", order_id: cart.order_id })
  const session = cart && expressSessionOf(cart, input.provider_id, dinteroSessionId)
  if (!holdsMoney(transaction)) {
    return new StepResponse<ExpressPaymentOutcome>(session ? { kind: "not_paid" } : { kind: "released", message: RELEASED_MESSAGE })
  }
  if (!cart || !session) return new StepResponse<ExpressPaymentOutcome>({ kind: "no_checkout" })
  if (session.data.express_transaction_id === transaction.id) {
    return new StepResponse<ExpressPaymentOutcome>({ kind: "applied", payment_session_id: session.id })
  }

  const pair = { provider_id: input.provider_id, cart_id: cart.id, dintero_session_id: dinteroSessionId }
  const outcome = await carryingOver(dinteroSessionId, { data: session.data }, async (): Promise<ExpressPaymentOutcome> => {
    await writeChoices(container, cart, transaction)
    const paymentSessionId = await keepExpressPaymentSession(container, pair)
    const current = (await readExpressCart(container, cart.id))!
    const own = current.payment_sessions.find((candidate) => candidate.id === paymentSessionId)!
    const currency = transaction.currency.toUpperCase()
    const total = toMinorUnits(current.total ?? 0, currency)
    if (total !== transaction.amount) {
      // No order for the wrong amount: the money goes back first, then the session (it would never authorize).
      const reason = `Medusa's total ${fromMinorUnits(total, currency)} ${currency} differs from the ${fromMinorUnits(transaction.amount, currency)} ${currency} Dintero authorized`
      await release(container, input.provider_id, paymentSessionId, transaction, reason)
      await container.resolve(Modules.PAYMENT).deletePaymentSession(paymentSessionId)
      return { kind: "released", message: RELEASED_MESSAGE }
    }
    // Marked only once the totals agree: the provider authorizes an Express payment only then
    // (its update keeps an Express session's data as given).
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: own.id,
      data: { ...own.data, express_transaction_id: transaction.id },
      amount: fromMinorUnits(total, currency),
      currency_code: currency.toLowerCase(),
    })
    return { kind: "applied", payment_session_id: paymentSessionId }
  })
  return new StepResponse(outcome)
})

/** The transaction's address, customer and shipping option → the cart (Medusa's workflows). */
async function writeChoices(container: MedusaContainer, cart: ExpressCart, transaction: DinteroTransaction): Promise<void> {
  const express = expressTransactionSchema.parse(transaction)
  const shipping = express.shipping_address ?? undefined
  const billing = express.billing_address ?? shipping
  // What the shopper typed for this order (Dintero puts email and phone on the shipping address) before the customer record.
  const email = shipping?.email ?? express.customer?.email ?? billing?.email
  const phone = express.customer?.phone_number
  await setCartAddresses(container, cart.id, {
    shipping: shipping && !shipping.phone_number && phone ? { ...shipping, phone_number: phone } : shipping,
    billing,
    email,
  })
  const optionId = express.shipping_option?.id
  if (optionId && cartShippingOptionId(cart) !== optionId) {
    const current = (await readExpressCart(container, cart.id))!
    await chooseShippingOption(container, current, optionId)
  }
}

/**
 * Gives the shopper's money back, deliberately: the rest of the authorization is voided, or what an
 * auto-capturing product already captured is refunded (its reference names the transaction, so a
 * retry is recognised by Dintero). Logged at error level and reported to the admin (I3).
 */
async function release(container: MedusaContainer, providerId: string, paymentSessionId: string, transaction: DinteroTransaction, reason: string): Promise<void> {
  const client = clientOf(container, providerId)
  const captured = capturedAmount(transaction)
  if (captured > 0) await client.refundTransaction(transaction.id, { amount: captured, refund_reference: `express-total-changed:${transaction.id}` })
  else await client.voidTransaction(transaction.id)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  logger.error(`Dintero Express: payment released, no order made (${reason}; cart payment session ${paymentSessionId}, transaction ${transaction.id})`)
  const data: DinteroPaymentEventData = {
    payment_session_id: paymentSessionId,
    provider_id: providerId,
    dintero_session_id: transaction.session_id ?? undefined,
    transaction_id: transaction.id,
    reason: `Express checkout: ${reason}`,
  }
  await container.resolve<IEventBusModuleService>(Modules.EVENT_BUS).emit({ name: DINTERO_RELEASED_EVENT, data }).catch(() => undefined)
}

function clientOf(container: MedusaContainer, providerId: string): DinteroClient {
  const provider = configuredDinteroProvider(container, providerId)
  if (!provider) throw new MedusaError(MedusaError.Types.NOT_FOUND, `${providerId} is not a Dintero payment provider of this server`)
  return provider.client
}

/** Authorized, on hold, or captured and not refunded: money the shopper would lose without an order. */
function holdsMoney(transaction: DinteroTransaction): boolean {
  const kind = settlementKindOf(undefined, transaction)
  if (kind !== "paid" && kind !== "on_hold") return false
  const captured = capturedAmount(transaction)
  return !(captured > 0 && refundedAmount(transaction) >= captured)
}
