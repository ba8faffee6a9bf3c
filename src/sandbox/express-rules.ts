/** What an Express session is and when it may be paid; no I/O (express.ts does the customer's steps). */
import type { ShippingOption, StoredSession } from "./types"

export interface ExpressConfig {
  shipping_options: ShippingOption[]
  shipping_mode?: "shipping_required" | "shipping_not_required"
  shipping_address_callback_url?: string
  discount_codes?: { max_count?: number; callback_url?: string }
  customer_types?: ("b2c" | "b2b")[]
}

export function expressOf(stored: StoredSession): ExpressConfig | undefined {
  const express = stored.data.express
  return express && typeof express === "object" ? (express as ExpressConfig) : undefined
}

/** What keeps an Express session from being paid yet, or null. */
export function expressPayRefusal(stored: StoredSession): string | null {
  const express = expressOf(stored)
  if (!express || express.shipping_mode === "shipping_not_required") return null
  if (!stored.data.order.shipping_address?.country) return "Express checkout: enter a shipping address first"
  if (!stored.data.order.shipping_option) return "Express checkout: choose a shipping option first"
  return null
}

/** Discount codes in an Express session need both the configuration switch and the store's callback. */
export function discountCodesUrl(stored: StoredSession): string | undefined {
  const discounts = stored.data.configuration.discounts as { express_discount_codes?: { enabled?: unknown } } | undefined
  return discounts?.express_discount_codes?.enabled === true ? expressOf(stored)?.discount_codes?.callback_url : undefined
}
