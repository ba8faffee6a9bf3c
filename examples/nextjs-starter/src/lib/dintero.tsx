import { CreditCard } from "@medusajs/icons"
import React from "react"

/*
 * Add to src/lib/constants.tsx of the starter: the Dintero entry of `paymentInfoMap`, and
 * `isDintero` next to `isStripe` / `isManual`.
 */

/** Dintero provider ids are `pp_dintero_<id>` (the `id` of the provider in medusa-config.ts). */
export const isDintero = (providerId?: string) => !!providerId?.startsWith("pp_dintero")

export const dinteroPaymentInfo: Record<string, { title: string; icon: React.JSX.Element }> = {
  pp_dintero_dintero: { title: "Dintero (card, Vipps, MobilePay, Swish, Klarna …)", icon: <CreditCard /> },
}

/** Redirect to Dintero's page, or show Dintero's checkout inside the page (Web SDK). */
export const DINTERO_CHECKOUT_MODE: "redirect" | "embedded" =
  process.env.NEXT_PUBLIC_DINTERO_CHECKOUT_MODE === "redirect" ? "redirect" : "embedded"
