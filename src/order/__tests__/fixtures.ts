import { calculateAdjustmentAmountFromPromotion, decorateCartTotals, MathBN } from "@medusajs/framework/utils"
import BigNumberJS from "bignumber.js"
import { toMinorUnits } from "../../money"
import type { CartInput, CartLineItemInput, CartShippingMethodInput } from "../cart-input"

/** A cart line item as `query.graph` returns it (the fields the mapping reads). */
export function lineItem(
  id: string,
  unitPrice: number | string,
  quantity: number,
  rates: number[],
  extra: Partial<CartLineItemInput> = {},
): CartLineItemInput {
  return {
    id,
    title: `Title ${id}`,
    product_title: `Product ${id}`,
    variant_title: "Default variant",
    variant_id: `variant_${id}`,
    variant_sku: null,
    thumbnail: null,
    requires_shipping: true,
    is_tax_inclusive: false,
    quantity,
    unit_price: unitPrice,
    tax_lines: rates.map((rate, index) => ({ rate, code: `tax_${index}` })),
    adjustments: [],
    ...extra,
  }
}

export function shippingMethod(
  id: string,
  amount: number | string,
  rates: number[],
  extra: Partial<CartShippingMethodInput> = {},
): CartShippingMethodInput {
  return {
    id,
    name: `Shipping ${id}`,
    amount,
    is_tax_inclusive: false,
    shipping_option_id: `so_${id}`,
    tax_lines: rates.map((rate) => ({ rate })),
    adjustments: [],
    ...extra,
  }
}

export interface Promotion {
  type: "percentage" | "fixed"
  /** "each": per item (a line-level promotion); "across": spread over the items (cart-level). */
  allocation: "each" | "across"
  value: number | string
  is_tax_inclusive?: boolean
  /** "each" promotions apply to at most this many units of an item (Medusa's default: 1). */
  max_quantity?: number
  /** The items it targets; all when omitted. */
  itemIds?: string[]
}

/**
 * Adds a promotion's item adjustments the way Medusa's promotion module computes them
 * (`calculateAdjustmentAmountFromPromotion` on the items' current subtotal / original total;
 * "across" spreads the value over the items in proportion), for a cart without earlier promotions
 * on the targeted items.
 */
export function applyPromotion(cart: CartInput, promotion: Promotion): CartInput {
  const decorated = structuredClone(cart) as unknown as {
    items: (CartLineItemInput & { subtotal: unknown; original_total: unknown })[]
  }
  decorateCartTotals(decorated as unknown as Parameters<typeof decorateCartTotals>[0])
  const targets = decorated.items.filter(
    (item) => (!promotion.itemIds || promotion.itemIds.includes(item.id)) && MathBN.gt(item.subtotal as never, 0),
  )
  const lineItemsAmount = MathBN.sum(
    ...targets.map((item) => (promotion.is_tax_inclusive ? item.original_total : item.subtotal) as never),
  )
  const amounts = new Map<string, string>()
  for (const item of targets) {
    const amount = calculateAdjustmentAmountFromPromotion(
      item as never,
      {
        value: promotion.value,
        applied_value: 0,
        is_tax_inclusive: promotion.is_tax_inclusive ?? false,
        type: promotion.type,
        allocation: promotion.allocation,
        max_quantity: promotion.max_quantity,
      } as never,
      lineItemsAmount,
    )
    if (MathBN.gt(amount, 0)) {
      amounts.set(item.id, new BigNumberJS(MathBN.convert(amount)).toFixed())
    }
  }
  return {
    ...cart,
    items: (cart.items ?? []).map((item) =>
      amounts.has(item.id)
        ? {
            ...item,
            adjustments: [
              ...(item.adjustments ?? []),
              { amount: amounts.get(item.id)!, is_tax_inclusive: promotion.is_tax_inclusive ?? false },
            ],
          }
        : item,
    ),
  }
}

/** What Medusa itself computes as the cart total (the payment collection amount), unrounded. */
export function medusaTotal(cart: CartInput): BigNumberJS {
  const copy = structuredClone(cart)
  return new BigNumberJS(MathBN.convert(decorateCartTotals(copy as Parameters<typeof decorateCartTotals>[0]).total))
}

/** That total in minor units: the `amount` Medusa hands the provider. */
export function medusaTotalMinor(cart: CartInput): number {
  return toMinorUnits(medusaTotal(cart), cart.currency_code ?? "NOK")
}

/**
 * Medusa's own totals in minor units, from one `decorateCartTotals` run: the cart total (the amount
 * handed to the provider) and the line totals in cart order.
 */
export function medusaTotalsMinor(cart: CartInput): { total: number; items: number[]; shipping: number[] } {
  const copy = structuredClone(cart) as unknown as {
    items?: { total: unknown }[]
    shipping_methods?: { total: unknown }[]
  }
  const { total } = decorateCartTotals(copy as unknown as Parameters<typeof decorateCartTotals>[0])
  const currency = cart.currency_code ?? "NOK"
  const minor = (value: unknown) => toMinorUnits(new BigNumberJS(MathBN.convert(value as never)), currency) || 0
  return {
    total: minor(total),
    items: (copy.items ?? []).map((item) => minor(item.total)),
    shipping: (copy.shipping_methods ?? []).map((method) => minor(method.total)),
  }
}
