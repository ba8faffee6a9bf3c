/**
 * The payment methods the sandbox offers: the hosted page's select, and what every payment profile
 * enables in the profiles API, so that a profile shows exactly what a session created from it can
 * be paid with. Any other known type (payment.ts) still works through /_sandbox. What each product
 * allows after the payment (items on captures, whole lines, void of the rest) is product-rules.ts.
 */
export const OFFERED_METHODS: ReadonlyArray<[type: string, label: string]> = [
  ["dintero_psp.creditcard", "Card (Dintero Payments)"],
  ["vipps", "Vipps"],
  ["swish.swish", "Swish (captured at once)"],
  ["collector.invoice", "Walley invoice"],
  ["collector.installment", "Walley part payment"],
  ["instabank.invoice", "Instabank invoice"],
  ["instabank.installment", "Instabank part payment"],
  ["klarna.klarna", "Klarna"],
  ["payex.creditcard", "Card (Swedbank Pay)"],
  ["payex.mobilepay", "MobilePay (Swedbank Pay)"],
]
