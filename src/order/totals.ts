import { decorateCartTotals, MathBN } from "@medusajs/framework/utils"
import BigNumberJS from "bignumber.js"
import { toDecimal, type AmountInput } from "../money"
import type {
  CartCreditLineInput,
  CartInput,
  CartLineItemInput,
  CartShippingMethodInput,
  CartTaxLineInput,
} from "./cart-input"

/** Medusa's own totals for one line, as exact decimals in major units. */
export interface LineTotals<T> {
  source: T
  /** Gross total after discounts, incl. VAT. */
  total: BigNumberJS
  /** VAT contained in `total`. */
  taxTotal: BigNumberJS
}

export interface CartTotals {
  items: LineTotals<CartLineItemInput>[]
  shippingMethods: LineTotals<CartShippingMethodInput>[]
  /** Credit lines (gift cards, store credit) that reduce the total; `total` is positive for a credit. */
  creditLines: { source: CartCreditLineInput; total: BigNumberJS }[]
  /** What Medusa computes as the cart total (= the payment collection amount), unrounded. */
  total: BigNumberJS
}

/**
 * The cart's line and cart totals computed by Medusa's own `decorateCartTotals` (the function the
 * cart module runs for `total`), so discounts, tax-inclusive prices and credit lines follow
 * Medusa's semantics exactly. The cart is copied into a minimal plain shape first:
 * `decorateCartTotals` mutates its input, and this keeps the caller's object untouched and the
 * line keys unique (totals are keyed by id there, so a duplicated id would share totals).
 */
export function computeCartTotals(cart: CartInput): CartTotals {
  const items = cart.items ?? []
  const shippingMethods = cart.shipping_methods ?? []
  const creditLines = cart.credit_lines ?? []

  // decorateCartTotals adds the totals to the objects it is given (its return type only has the
  // cart's), so the line totals are read back from this copy.
  const cartLike: DecoratedCartLike = {
    currency_code: cart.currency_code ?? undefined,
    items: items.map((item, index) => ({
      id: `item_${index}`,
      quantity: item.quantity,
      unit_price: exact(item.raw_unit_price ?? item.unit_price),
      is_tax_inclusive: item.is_tax_inclusive === true,
      tax_lines: taxLines(item.tax_lines),
      adjustments: (item.adjustments ?? []).map((adjustment) => ({
        amount: exact(adjustment.raw_amount ?? adjustment.amount),
        is_tax_inclusive: adjustment.is_tax_inclusive === true,
      })),
    })),
    shipping_methods: shippingMethods.map((method, index) => ({
      id: `shipping_${index}`,
      amount: exact(method.raw_amount ?? method.amount),
      is_tax_inclusive: method.is_tax_inclusive === true,
      tax_lines: taxLines(method.tax_lines),
      adjustments: (method.adjustments ?? []).map((adjustment) => ({
        amount: exact(adjustment.raw_amount ?? adjustment.amount),
      })),
    })),
    credit_lines: creditLines.map((line) => ({ amount: exact(line.raw_amount ?? line.amount) })),
  }
  const cartTotal = decorateCartTotals(cartLike).total
  const decoratedItems = cartLike.items
  const decoratedMethods = cartLike.shipping_methods
  // Medusa treats a credit total within one minor unit of zero as no credit at all.
  const creditApplies = !MathBN.eq(cartLike.credit_line_total ?? 0, 0)

  return {
    items: items.map((source, index) => ({
      source,
      total: decimal(decoratedItems[index]?.total),
      taxTotal: decimal(decoratedItems[index]?.tax_total),
    })),
    shippingMethods: shippingMethods.map((source, index) => ({
      source,
      total: decimal(decoratedMethods[index]?.total),
      taxTotal: decimal(decoratedMethods[index]?.tax_total),
    })),
    creditLines: creditApplies
      ? creditLines.map((source) => ({ source, total: toDecimal(exact(source.raw_amount ?? source.amount)) }))
      : [],
    total: decimal(cartTotal),
  }
}

type MedusaValue = Parameters<typeof MathBN.convert>[0]

/** The plain cart shape handed to `decorateCartTotals`, with the totals it adds. */
interface DecoratedCartLike {
  currency_code?: string
  items: (LineTotalsOut & {
    id: string
    quantity: number
    unit_price: string
    is_tax_inclusive: boolean
    tax_lines: { rate: string }[]
    adjustments: { amount: string; is_tax_inclusive: boolean }[]
  })[]
  shipping_methods: (LineTotalsOut & {
    id: string
    amount: string
    is_tax_inclusive: boolean
    tax_lines: { rate: string }[]
    adjustments: { amount: string }[]
  })[]
  credit_lines: { amount: string }[]
  credit_line_total?: MedusaValue
}

interface LineTotalsOut {
  total?: MedusaValue
  tax_total?: MedusaValue
}

function taxLines(lines: CartTaxLineInput[] | null | undefined): { rate: string }[] {
  return (lines ?? []).map((line) => ({ rate: toDecimal(line.rate).toFixed() }))
}

/** An exact decimal string: Medusa's MathBN reads it without passing through a float. */
function exact(amount: AmountInput): string {
  return toDecimal(amount).toFixed()
}

function decimal(value: MedusaValue | undefined): BigNumberJS {
  return new BigNumberJS(MathBN.convert(value ?? 0))
}
