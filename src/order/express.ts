import type { DinteroExpressCallbackAnswer, DinteroOrderAddress, DinteroShippingOption } from "../dintero/schemas"
import { toMinorUnits, type AmountInput } from "../money"
import { buildDinteroOrder } from "./build-order"
import type { CartAddressInput, CartInput, CartShippingMethodInput, CartTaxLineInput } from "./cart-input"
import { LineIdAllocator } from "./line-ids"
import { shippingOption } from "./lines"
import { computeCartTotals } from "./totals"

/**
 * Express Checkout, the pure part: Medusa's shipping options for the shopper's address → Dintero's
 * `shipping_options`, and the cart → the `order` of an Express callback's answer. No I/O.
 *
 * Dintero prices a chosen option itself (the items plus `option.amount`, no callback), so every
 * option's amount is what the cart's shipping line would be with that option: computed by the
 * same mapping as the cart (issue 4), on the cart with that option as its one shipping method.
 */

/** One of Medusa's shipping options for the cart, priced (listShippingOptionsForCartWithPricingWorkflow) and taxed (tax module). */
export type ExpressShippingOffer = {
  id: string
  name: string
  amount: AmountInput
  is_tax_inclusive: boolean
  tax_lines: CartTaxLineInput[]
  /** The fulfillment set's type: "pickup" is a pickup point (`delivery_method: pick_up`). */
  fulfillment_type?: string | null
}

/**
 * The offers as Dintero shipping options, in the given order. The option on the cart now is taken
 * from the cart's own shipping method (its tax lines and shipping promotions); `line_id` is the
 * Medusa shipping option id, unique among the options and the same in every answer.
 */
export function expressShippingOptions(cart: CartInput, offers: readonly ExpressShippingOffer[], currency: string): DinteroShippingOption[] {
  const current = (cart.shipping_methods ?? []).length === 1 ? cart.shipping_methods![0] : undefined
  return offers.map((offer) => {
    const method: CartShippingMethodInput =
      current && current.shipping_option_id === offer.id
        ? { ...current, id: offer.id }
        : {
            id: offer.id,
            shipping_option_id: offer.id,
            name: offer.name,
            amount: offer.amount,
            is_tax_inclusive: offer.is_tax_inclusive,
            tax_lines: offer.tax_lines,
            adjustments: [],
            shipping_option: { service_zone: { fulfillment_set: { type: offer.fulfillment_type ?? null } } },
          }
    if (!method.shipping_option && offer.fulfillment_type) {
      method.shipping_option = { service_zone: { fulfillment_set: { type: offer.fulfillment_type } } }
    }
    const totals = computeCartTotals({ ...cart, shipping_methods: [method] })
    return { ...shippingOption(totals.shippingMethods[0]!, currency, new LineIdAllocator()), title: offer.name }
  })
}

/**
 * The answer to an Express callback: the options, and the order as Medusa now has it. Its amount
 * is Medusa's cart total, and its items are the cart's lines without the shipping (Dintero adds
 * the chosen option), so that Dintero's items plus the chosen option equal the cart total.
 */
export function expressAnswer(
  cart: CartInput & { total?: AmountInput | null },
  options: DinteroShippingOption[],
  currency: string,
  discountCodes?: string[]
): DinteroExpressCallbackAnswer {
  const amount = toMinorUnits((cart.total ?? 0) as AmountInput, currency)
  const { order } = buildDinteroOrder(cart, { amount, currency })
  const items = (order.items ?? []).filter((item) => item.type !== "shipping")
  const shippingAmount = amount - items.reduce((sum, item) => sum + item.amount, 0)
  // The option on the cart is priced from the cart's own line (expressShippingOptions); should a
  // rounding line of the mapping ever differ, the cart's amount wins, so Dintero's sum is the total.
  const chosen = options.find((option) => option.id === order.shipping_option?.id)
  const offered = chosen && chosen.amount !== shippingAmount ? options.map((o) => (o === chosen ? { ...o, amount: shippingAmount } : o)) : options
  return {
    shipping_options: offered,
    order: {
      amount,
      vat_amount: order.vat_amount,
      items,
      ...(discountCodes ? { discount_codes: discountCodes } : {}),
    },
  }
}

/** A cart address as Medusa's cart workflows take it. */
export type MedusaAddressInput = { [K in keyof CartAddressInput]?: string } & { metadata?: Record<string, string> }

/** A Dintero address (the shopper's, from Express Checkout) → a Medusa cart address. */
export function toMedusaAddress(address: DinteroOrderAddress | null | undefined): MedusaAddressInput | undefined {
  if (!address?.country) return undefined
  const value = (text: string | undefined) => (text && text.trim() !== "" ? text.trim() : undefined)
  const organizationNumber = value(address.organization_number)
  return {
    first_name: value(address.first_name),
    last_name: value(address.last_name),
    address_1: value(address.address_line),
    address_2: value(address.address_line_2),
    company: value(address.business_name),
    postal_code: value(address.postal_code),
    city: value(address.postal_place),
    country_code: address.country.toLowerCase(),
    phone: value(address.phone_number),
    ...(organizationNumber ? { metadata: { organization_number: organizationNumber } } : {}),
  }
}
