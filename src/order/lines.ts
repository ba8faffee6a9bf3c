import type BigNumberJS from "bignumber.js"
import type { DinteroOrderItem, DinteroShippingOption } from "../dintero/schemas"
import { toMinorUnits } from "../money"
import type { CartCreditLineInput, CartLineItemInput, CartShippingMethodInput } from "./cart-input"
import type { LineIdAllocator } from "./line-ids"
import type { LineTotals } from "./totals"
import { vatPercent } from "./vat"

/** Medusa's default title for the only variant of a product without options. */
const DEFAULT_VARIANT_TITLE = "default variant"

/**
 * One cart line item → one Dintero item. `amount` is Medusa's line total (unit price × quantity,
 * after discounts, incl. VAT) and `vat_amount` the VAT in it, each converted once to minor units.
 */
export function itemLine(
  { source: item, total, taxTotal }: LineTotals<CartLineItemInput>,
  currency: string,
  lineIds: LineIdAllocator,
): DinteroOrderItem {
  const line: DinteroOrderItem = {
    id: text(item.variant_sku) ?? text(item.variant_id) ?? item.id,
    line_id: lineIds.take(item.id),
    description: itemDescription(item),
    quantity: item.quantity,
    amount: minor(total, currency),
    vat_amount: minor(taxTotal, currency),
    vat: vatPercent(item.tax_lines),
    type: item.requires_shipping === false ? "digital" : "physical",
  }
  const thumbnail = absoluteHttpUrl(item.thumbnail)
  if (thumbnail) {
    line.thumbnail_url = thumbnail
  }
  return line
}

/** The single shipping method of a cart → Dintero's `shipping_option`. */
export function shippingOption(
  { source: method, total, taxTotal }: LineTotals<CartShippingMethodInput>,
  currency: string,
  lineIds: LineIdAllocator,
): DinteroShippingOption {
  const option: DinteroShippingOption = {
    id: text(method.shipping_option_id) ?? method.id,
    line_id: lineIds.take(method.id),
    amount: minor(total, currency),
    vat_amount: minor(taxTotal, currency),
    vat: vatPercent(method.tax_lines),
    title: text(method.name) ?? "Shipping",
    // Medusa does not know the carrier: a fulfillment provider is not an operator.
    operator: "",
  }
  const deliveryMethod = deliveryMethodOf(method)
  if (deliveryMethod) {
    option.delivery_method = deliveryMethod
  }
  return option
}

/** A shipping method of a cart with several → a `type: "shipping"` item. */
export function shippingItemLine(
  totals: LineTotals<CartShippingMethodInput>,
  currency: string,
  lineIds: LineIdAllocator,
): DinteroOrderItem {
  return shippingLineOf(shippingOption(totals, currency, lineIds))
}

/** A shipping option → the same shipping as a `type: "shipping"` item. */
export function shippingLineOf(option: DinteroShippingOption): DinteroOrderItem {
  return {
    id: option.id,
    line_id: option.line_id,
    description: option.title,
    quantity: 1,
    amount: option.amount,
    vat_amount: option.vat_amount,
    vat: option.vat,
    type: "shipping",
  }
}

/** A credit line (gift card, store credit) → a negative `gift_card` item without VAT. */
export function creditItemLine(
  { source: credit, total }: { source: CartCreditLineInput; total: BigNumberJS },
  currency: string,
  lineIds: LineIdAllocator,
): DinteroOrderItem {
  const reference = text(credit.reference)
  return {
    id: text(credit.reference_id) ?? credit.id,
    line_id: lineIds.take(credit.id),
    description: reference && /gift/i.test(reference) ? "Gift card" : "Credit",
    quantity: 1,
    amount: minor(total.negated(), currency),
    vat_amount: 0,
    vat: 0,
    type: "gift_card",
  }
}

/** "Product - Variant" when the variant title says something, else the line item title. */
export function itemDescription(item: CartLineItemInput): string {
  const product = text(item.product_title)
  const variant = text(item.variant_title)
  if (product && variant && variant !== product && variant.toLowerCase() !== DEFAULT_VARIANT_TITLE) {
    return `${product} - ${variant}`
  }
  return product ?? text(item.title) ?? variant ?? "Item"
}

/** Dintero shows thumbnails from the shopper's browser: only absolute http(s) URLs make sense. */
export function absoluteHttpUrl(value: string | null | undefined): string | undefined {
  const candidate = text(value)
  if (!candidate) {
    return undefined
  }
  try {
    const url = new URL(candidate)
    return url.protocol === "https:" || url.protocol === "http:" ? candidate : undefined
  } catch {
    return undefined
  }
}

function deliveryMethodOf(method: CartShippingMethodInput): DinteroShippingOption["delivery_method"] {
  const type = text(method.shipping_option?.service_zone?.fulfillment_set?.type)?.toLowerCase()
  if (type === "pickup") {
    return "pick_up"
  }
  if (type === "shipping") {
    return "delivery"
  }
  return undefined
}

/** Exact decimal → integer minor units, once per line; never -0. */
export function minor(amount: BigNumberJS, currency: string): number {
  return toMinorUnits(amount, currency) || 0
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
