import type { AmountInput } from "../money"

/**
 * The fields to ask `query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id } })` for.
 * The mapping reads nothing else. `*.raw_*` values come with the `*` selections and are preferred
 * over the rounded numbers when present (Medusa computes totals from them too).
 *
 * The one deep path (`shipping_methods.shipping_option.service_zone.fulfillment_set.type`) goes
 * through Medusa's read-only cart-shipping-option link and only feeds `delivery_method`
 * ("pickup" fulfillment sets → `pick_up`); the mapping works without it.
 */
export const CART_FIELDS = [
  "id",
  "region_id",
  "sales_channel_id",
  "currency_code",
  "email",
  "customer_id",
  "total",
  "items.*",
  "items.tax_lines.*",
  "items.adjustments.*",
  "shipping_methods.*",
  "shipping_methods.tax_lines.*",
  "shipping_methods.adjustments.*",
  "shipping_methods.shipping_option.service_zone.fulfillment_set.type",
  "credit_lines.*",
  "shipping_address.*",
  "billing_address.*",
  "customer.id",
  "customer.email",
  "customer.phone",
  "customer.has_account",
] as const

/** A Medusa money value as `query.graph` returns it (number, or a BigNumber / raw `{ value }`). */
export type CartAmount = AmountInput

export interface CartTaxLineInput {
  /** Percent, as Medusa stores it: 25 for 25 %. */
  rate: number | string
  code?: string | null
}

export interface CartAdjustmentInput {
  id?: string | null
  amount: CartAmount
  raw_amount?: CartAmount | null
  /** Line-item adjustments only; shipping-method adjustments are always tax-exclusive in Medusa. */
  is_tax_inclusive?: boolean | null
  code?: string | null
  promotion_id?: string | null
}

export interface CartLineItemInput {
  id: string
  title?: string | null
  subtitle?: string | null
  thumbnail?: string | null
  quantity: number
  unit_price: CartAmount
  raw_unit_price?: CartAmount | null
  is_tax_inclusive?: boolean | null
  requires_shipping?: boolean | null
  is_giftcard?: boolean | null
  variant_id?: string | null
  variant_sku?: string | null
  variant_title?: string | null
  product_id?: string | null
  product_title?: string | null
  tax_lines?: CartTaxLineInput[] | null
  adjustments?: CartAdjustmentInput[] | null
}

export interface CartShippingMethodInput {
  id: string
  name?: string | null
  amount: CartAmount
  raw_amount?: CartAmount | null
  is_tax_inclusive?: boolean | null
  shipping_option_id?: string | null
  tax_lines?: CartTaxLineInput[] | null
  adjustments?: Omit<CartAdjustmentInput, "is_tax_inclusive">[] | null
  shipping_option?: {
    service_zone?: { fulfillment_set?: { type?: string | null } | null } | null
  } | null
}

export interface CartCreditLineInput {
  id: string
  amount: CartAmount
  raw_amount?: CartAmount | null
  /** What the credit is, e.g. "gift_card" or "store-credit" (free text in Medusa). */
  reference?: string | null
  reference_id?: string | null
}

export interface CartAddressInput {
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  address_1?: string | null
  address_2?: string | null
  city?: string | null
  postal_code?: string | null
  province?: string | null
  /** ISO 3166-1 alpha-2; Medusa stores it lower-cased. */
  country_code?: string | null
  phone?: string | null
}

export interface CartCustomerInput {
  id?: string | null
  email?: string | null
  phone?: string | null
  /** false for the guest customers Medusa creates from a cart email. */
  has_account?: boolean | null
}

/** The subset of a Medusa cart (`query.graph` with {@link CART_FIELDS}) that the mapping reads. */
export interface CartInput {
  id?: string | null
  /** Not part of the order: they choose the Dintero payment profile. */
  region_id?: string | null
  sales_channel_id?: string | null
  currency_code?: string | null
  email?: string | null
  customer_id?: string | null
  items?: CartLineItemInput[] | null
  shipping_methods?: CartShippingMethodInput[] | null
  credit_lines?: CartCreditLineInput[] | null
  shipping_address?: CartAddressInput | null
  billing_address?: CartAddressInput | null
  customer?: CartCustomerInput | null
}
