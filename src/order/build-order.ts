import type {
  DinteroOrderItem,
  DinteroSessionCustomer,
  DinteroSessionOrderUpdate,
  DinteroShippingOption,
} from "../dintero/schemas"
import { currencyExponent } from "../money"
import type { CartInput } from "./cart-input"
import { cartEmail, toOrderAddress, toSessionCustomer } from "./customer"
import { OrderCurrencyMismatchError } from "./errors"
import { LineIdAllocator } from "./line-ids"
import { creditItemLine, itemLine, shippingItemLine, shippingOption } from "./lines"
import { roundingLine } from "./rounding"
import { computeCartTotals } from "./totals"

export interface BuildDinteroOrderOptions {
  /** The amount Medusa asked the provider to collect, in integer minor units. Authoritative. */
  amount: number
  /** ISO 4217 code, any case. */
  currency: string
}

export interface BuiltDinteroOrder {
  order: DinteroSessionOrderUpdate
  customer?: DinteroSessionCustomer
}

/**
 * A Medusa cart → the `order` (and `customer`) of a Dintero session. Pure: no I/O, the input is
 * not modified.
 *
 * Every line amount is Medusa's own line total (`decorateCartTotals`), converted once to minor
 * units; `order.amount` is the given authoritative amount, and Σ items + shipping equals it
 * exactly: a residue of per-line rounding goes into one "rounding" item, a larger difference throws
 * {@link OrderAmountMismatchError}.
 */
export function buildDinteroOrder(cart: CartInput, { amount, currency }: BuildDinteroOrderOptions): BuiltDinteroOrder {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`The amount to collect must be a non-negative integer in minor units, got ${amount}`)
  }
  const code = currency.trim().toUpperCase()
  currencyExponent(code) // throws UnknownCurrencyError for anything that is not ISO 4217
  const cartCurrency = cart.currency_code?.trim().toUpperCase()
  if (cartCurrency && cartCurrency !== code) {
    throw new OrderCurrencyMismatchError(code, cartCurrency)
  }

  const totals = computeCartTotals(cart)
  const lineIds = new LineIdAllocator()

  const items: DinteroOrderItem[] = totals.items
    .filter(({ source }) => source.quantity > 0)
    .map((line) => itemLine(line, code, lineIds))

  let shipping: DinteroShippingOption | undefined
  if (totals.shippingMethods.length === 1) {
    shipping = shippingOption(totals.shippingMethods[0], code, lineIds)
  } else {
    items.push(...totals.shippingMethods.map((method) => shippingItemLine(method, code, lineIds)))
  }

  items.push(
    ...totals.creditLines
      .map((credit) => creditItemLine(credit, code, lineIds))
      .filter((line) => line.amount !== 0),
  )

  const linesTotal = items.reduce((sum, item) => sum + item.amount, shipping?.amount ?? 0)
  const rounding = roundingLine({
    amount,
    linesTotal,
    convertedLines: items.length + (shipping ? 1 : 0),
    currency: code,
    lineIds,
  })
  if (rounding) {
    items.push(rounding)
  }

  const email = cartEmail(cart)
  const order: DinteroSessionOrderUpdate = {
    amount,
    currency: code,
    vat_amount: items.reduce((sum, item) => sum + (item.vat_amount ?? 0), shipping?.vat_amount ?? 0),
    items,
  }
  if (shipping) {
    order.shipping_option = shipping
  }
  const shippingAddress = toOrderAddress(cart.shipping_address, email)
  if (shippingAddress) {
    order.shipping_address = shippingAddress
  }
  const billingAddress = toOrderAddress(cart.billing_address, email)
  if (billingAddress) {
    order.billing_address = billingAddress
  }

  const customer = toSessionCustomer(cart)
  return customer ? { order, customer } : { order }
}
