import { ContainerRegistrationKeys, PromotionActions } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { updateCartPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { expressAnswer, expressShippingOptions } from "../../../order"
import { carryingOver } from "../../../providers/dintero/express-carry-over"
import { keepExpressPaymentSession, pricedShippingOffers, readExpressCart, requireExpressCart, type ExpressCart } from "../express-cart"
import type { ExpressCallbackInput } from "./answer-address"

/**
 * Dintero's discount-code callback: the shopper's codes (the whole list; an empty one removes them)
 * become the cart's promotion codes (Medusa's updateCartPromotionsWorkflow, "replace"). A code
 * Medusa does not know is left out rather than failing the whole list; the answer's
 * `discount_codes` are the codes that apply to the cart now, so Dintero shows which were taken.
 */
export const answerExpressDiscountCodesStep = createStep("answer-dintero-express-discount-codes", async (input: ExpressCallbackInput, { container }) => {
  const pair = { provider_id: input.provider_id, cart_id: input.cart_id, dintero_session_id: input.body.id }
  const { cart, session } = await requireExpressCart(container, pair)
  const requested = [...new Set((input.body.order.discount_codes ?? []).map((code) => code.trim()).filter((code) => code !== ""))]
  const currency = (cart.currency_code ?? input.body.order.currency).toUpperCase()

  const answer = await carryingOver(input.body.id, { data: session.data }, async () => {
    const known = await knownPromotionCodes(container, requested)
    await updateCartPromotionsWorkflow(container).run({
      input: { cart_id: cart.id, promo_codes: requested.filter((code) => known.has(code)), action: PromotionActions.REPLACE },
    })
    await keepExpressPaymentSession(container, pair)
    const current = (await readExpressCart(container, cart.id))!
    const offers = current.shipping_address?.country_code ? await pricedShippingOffers(container, current) : []
    const applied = appliedCodes(current)
    return expressAnswer(
      current,
      expressShippingOptions(current, offers, currency),
      currency,
      requested.filter((code) => applied.has(code))
    )
  })
  return new StepResponse(answer)
})

async function knownPromotionCodes(container: Parameters<typeof readExpressCart>[0], codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set()
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "promotion", fields: ["code"], filters: { code: codes } })
  return new Set((data as { code?: string | null }[]).map((row) => row.code).filter((code): code is string => !!code))
}

/** The promotion codes with an adjustment on the cart's lines or shipping. */
function appliedCodes(cart: ExpressCart): Set<string> {
  const codes = new Set<string>()
  for (const line of [...(cart.items ?? []), ...(cart.shipping_methods ?? [])]) {
    for (const adjustment of line.adjustments ?? []) if (adjustment.code) codes.add(adjustment.code)
  }
  return codes
}
