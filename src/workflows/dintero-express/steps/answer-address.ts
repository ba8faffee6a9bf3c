import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { DinteroExpressCallbackAnswer, DinteroExpressCallbackBody } from "../../../dintero"
import { expressAnswer, expressShippingOptions } from "../../../order"
import { carryingOver } from "../../../providers/dintero/express-carry-over"
import {
  chooseShippingOption,
  keepExpressPaymentSession,
  pricedShippingOffers,
  readExpressCart,
  requireExpressCart,
  setCartAddresses,
} from "../express-cart"

export type ExpressCallbackInput = { provider_id: string; cart_id: string; body: DinteroExpressCallbackBody }

/**
 * Dintero's address callback: the shopper's address goes on the cart (for a one-click wallet only
 * country and postal code, until it pays), Medusa's shipping options for it are answered with
 * their prices, and the option Dintero will show as chosen (the shopper's earlier choice when it is
 * still offered, else the first) goes on the cart, so that the answer's amount is Medusa's total.
 * An address the cart's region does not ship to gets no options (Dintero shows that it cannot ship).
 */
export const answerExpressAddressStep = createStep("answer-dintero-express-address", async (input: ExpressCallbackInput, { container }) => {
  const pair = { provider_id: input.provider_id, cart_id: input.cart_id, dintero_session_id: input.body.id }
  const { cart, session } = await requireExpressCart(container, pair)
  const address = input.body.order.shipping_address
  if (!address?.country) throw new MedusaError(MedusaError.Types.INVALID_DATA, "order.shipping_address.country is required")
  const currency = (cart.currency_code ?? input.body.order.currency).toUpperCase()

  const answer = await carryingOver(input.body.id, { data: session.data }, async (): Promise<DinteroExpressCallbackAnswer> => {
    try {
      await setCartAddresses(container, cart.id, { shipping: address })
    } catch (error) {
      if (MedusaError.isMedusaError(error) && /country/i.test((error as Error).message)) return { shipping_options: [] }
      throw error
    }
    let current = (await readExpressCart(container, cart.id))!
    const offers = await pricedShippingOffers(container, current)
    const wanted = input.body.order.shipping_option?.id
    const chosen = offers.find((offer) => offer.id === wanted) ?? offers[0]
    if (chosen) await chooseShippingOption(container, current, chosen.id)
    await keepExpressPaymentSession(container, pair)
    current = (await readExpressCart(container, cart.id))!
    return expressAnswer(current, expressShippingOptions(current, offers, currency), currency)
  })
  return new StepResponse(answer)
})
