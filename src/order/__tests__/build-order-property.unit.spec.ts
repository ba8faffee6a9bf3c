import BigNumberJS from "bignumber.js"
import fc from "fast-check"
import { sessionOrderUpdateSchema } from "../../dintero/schemas"
import { currencyExponent } from "../../money"
import {
  buildDinteroOrder,
  MAX_LINE_ID_LENGTH,
  ROUNDING_LINE_ID,
  roundingTolerance,
  type CartInput,
  type CartLineItemInput,
  type CartShippingMethodInput,
} from ".."
import { applyPromotion, lineItem, medusaTotal, medusaTotalsMinor, shippingMethod } from "./fixtures"

/** A price with 0–6 decimals, e.g. "1234", "0.5", "19.990001". */
const decimal = (maxInteger: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInteger }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
    .map(([integer, fraction, digits]) =>
      digits === 0 ? `${integer}` : `${integer}.${String(fraction).padStart(6, "0").slice(0, digits)}`,
    )

const fraction = fc.integer({ min: 0, max: 10_000 }).map((n) => new BigNumberJS(n).div(10_000))

const rates = fc.array(fc.constantFrom(0, 6, 10, 12, 15, 24, 25, 5, 8.875, 7.7, 9.975, 14.5), { maxLength: 2 })

const itemSpec = fc.record({
  unitPrice: decimal(5_000),
  quantity: fc.integer({ min: 1, max: 12 }),
  rates,
  inclusive: fc.boolean(),
  // each adjustment at most a third of the line price, so discounts never exceed it
  adjustments: fc.array(fc.record({ part: fraction, inclusive: fc.boolean() }), { maxLength: 2 }),
})

const shippingSpec = fc.record({
  amount: decimal(500),
  rates,
  inclusive: fc.boolean(),
  discount: fc.oneof(fc.constant<"none" | "free">("none"), fc.constant<"none" | "free">("free"), fraction),
})

const promotionSpec = fc.record({
  type: fc.constantFrom<"percentage" | "fixed">("percentage", "fixed"),
  allocation: fc.constantFrom<"each" | "across">("each", "across"),
  value: fc.integer({ min: 1, max: 100 }),
  is_tax_inclusive: fc.boolean(),
  max_quantity: fc.integer({ min: 1, max: 5 }),
})

const cartSpec = fc.record({
  currency: fc.constantFrom("NOK", "SEK", "EUR", "USD", "JPY", "ISK", "KWD", "BHD"),
  items: fc.array(itemSpec, { maxLength: 6 }),
  shipping: fc.array(shippingSpec, { maxLength: 2 }),
  promotion: fc.option(promotionSpec, { nil: undefined }),
  credits: fc.array(fraction, { maxLength: 2 }),
})

type CartSpec = typeof cartSpec extends fc.Arbitrary<infer T> ? T : never

function toCart(spec: CartSpec): CartInput {
  const items: CartLineItemInput[] = spec.items.map((item, i) =>
    lineItem(`cali_${i}`, item.unitPrice, item.quantity, item.rates, {
      is_tax_inclusive: item.inclusive,
      adjustments: item.adjustments.map(({ part, inclusive }) => ({
        amount: part.times(item.unitPrice).times(item.quantity).div(3).toFixed(),
        is_tax_inclusive: inclusive,
      })),
    }),
  )
  const shipping_methods: CartShippingMethodInput[] = spec.shipping.map((method, i) => {
    const rate = method.rates.reduce((sum, r) => sum.plus(r), new BigNumberJS(0)).div(100)
    const subtotal = method.inclusive ? new BigNumberJS(method.amount).div(rate.plus(1)) : new BigNumberJS(method.amount)
    const discount =
      method.discount === "none" ? undefined : method.discount === "free" ? subtotal : method.discount.times(subtotal)
    return shippingMethod(`casm_${i}`, method.amount, method.rates, {
      is_tax_inclusive: method.inclusive,
      adjustments: discount ? [{ amount: discount.toFixed() }] : [],
    })
  })
  let cart: CartInput = { id: "cart_p", currency_code: spec.currency.toLowerCase(), items, shipping_methods }
  if (spec.promotion) {
    // as Medusa computes it, on the items without earlier adjustments
    const fresh = spec.items.flatMap((item, i) => (item.adjustments.length === 0 ? [`cali_${i}`] : []))
    cart = applyPromotion(cart, { ...spec.promotion, itemIds: fresh })
  }
  if (spec.credits.length === 0) {
    return cart
  }
  // credit lines (gift cards, store credit) in currency precision, at most half the total each
  const before = medusaTotal(cart)
  const exponent = currencyExponent(spec.currency)
  cart.credit_lines = spec.credits.map((part, i) => ({
    id: `cacl_${i}`,
    amount: part.times(before).div(2).decimalPlaces(exponent, BigNumberJS.ROUND_DOWN).toFixed(),
    reference: "gift_card",
  }))
  return cart
}

describe("buildDinteroOrder (property)", () => {
  it("always meets Dintero's amount rules for the total Medusa computes", () => {
    fc.assert(
      fc.property(cartSpec, (spec) => {
        const cart = toCart(spec)
        const medusa = medusaTotalsMinor(cart)
        const amount = medusa.total

        const { order } = buildDinteroOrder(cart, { amount, currency: spec.currency })

        const parsed = sessionOrderUpdateSchema.safeParse(order)
        const items = order.items ?? []
        const shipping = order.shipping_option
        const lines = [...items, ...(shipping ? [shipping] : [])]
        const sum = (list: { amount: number }[]) => list.reduce((acc, line) => acc + line.amount, 0)
        const lineIds = lines.map((line) => line.line_id)
        const medusaShipping = shipping ? [shipping.amount] : items.filter((i) => i.type === "shipping").map((i) => i.amount)
        const rounding = items.filter((item) => item.line_id === ROUNDING_LINE_ID).map((line) => line.amount)
        const withoutRounding = lines.filter((line) => line.line_id !== ROUNDING_LINE_ID)
        const residue = amount - sum(withoutRounding)

        // one expect per run (jest's matchers are too slow to call per line thousands of times)
        expect({
          schemaValid: parsed.success,
          amount: order.amount,
          // the sum rule, to the minor unit
          linesTotal: sum(lines),
          integers: lines.every((l) => Number.isSafeInteger(l.amount) && Number.isSafeInteger(l.vat_amount)),
          vatTwoDecimals: lines.every((line) => /^\d+(\.\d{1,2})?$/.test(String(line.vat))),
          vatAmount: order.vat_amount,
          uniqueLineIds: new Set(lineIds).size === lineIds.length,
          boundedLineIds: lineIds.every((id) => id.length <= MAX_LINE_ID_LENGTH),
          // each line is Medusa's own line total, converted once
          itemAmounts: items.filter((item) => item.type === "physical").map((item) => item.amount),
          shippingAmounts: medusaShipping,
          hasShippingOption: shipping !== undefined,
          // a rounding line exactly when the lines miss the total, never above the tolerance
          rounding,
          residueWithinTolerance: Math.abs(residue) <= roundingTolerance(withoutRounding.length),
        }).toEqual({
          schemaValid: true,
          amount,
          linesTotal: amount,
          integers: true,
          vatTwoDecimals: true,
          vatAmount: lines.reduce((acc, line) => acc + (line.vat_amount ?? 0), 0),
          uniqueLineIds: true,
          boundedLineIds: true,
          itemAmounts: medusa.items,
          shippingAmounts: medusa.shipping,
          hasShippingOption: spec.shipping.length === 1,
          rounding: residue === 0 ? [] : [residue],
          residueWithinTolerance: true,
        })
      }),
      { numRuns: 1_500 },
    )
  })
})
