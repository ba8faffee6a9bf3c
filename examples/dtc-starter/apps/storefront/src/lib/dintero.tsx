import { CreditCard } from "@medusajs/icons"
import { isDinteroProviderId } from "medusa-payment-dintero/storefront"
import type React from "react"

/*
 * Dintero's entries for src/lib/constants.tsx (apply.mjs spreads `dinteroPaymentInfo` into
 * `paymentInfoMap` and re-exports `isDintero` there, next to `isStripeLike` and `isManual`).
 */

/** Dintero provider ids are `pp_dintero_<id>`, `<id>` being the provider's `id` in medusa-config.ts. */
export const isDintero = (providerId?: string | null): boolean => !!providerId && isDinteroProviderId(providerId)

export const dinteroPaymentInfo: Record<string, { title: string; icon: React.JSX.Element }> = {
  pp_dintero_dintero: { title: "Dintero (card, Vipps, MobilePay, Swish, Klarna …)", icon: <CreditCard /> },
}

/** Redirect to Dintero's page, or show Dintero's checkout inside the page (Dintero's Web SDK). */
export const DINTERO_CHECKOUT_MODE: "redirect" | "embedded" =
  process.env.NEXT_PUBLIC_DINTERO_CHECKOUT_MODE === "redirect" ? "redirect" : "embedded"

/** A page's `searchParams` (Next.js) as the query string the plugin's helpers read. */
export function searchParamsToQuery(searchParams: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(searchParams)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, one)
  }
  return query.toString()
}
