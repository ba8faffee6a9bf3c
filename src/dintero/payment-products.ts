/**
 * What each Dintero payment product allows when money moves after the payment (contract §5.4):
 * the one table the provider consults before it sends a capture, refund or void, so that a
 * request Dintero would refuse is refused here first, with a message an admin can act on.
 *
 * Sources: Dintero's API reference (capture `items` "required for Instabank"; void after a
 * partial capture only for the payex.* types, vipps, klarna.klarna and klarna.billie;
 * `final_capture` for dintero_psp), its integration checklist ("for Collector capture whole
 * lines"), its WooCommerce page (partial refunds by amount: card, Vipps, Swish) and its
 * WooCommerce plugin 1.13.3 (Swish is captured at once).
 */
export type PaymentProductRules = {
  /** Every capture and refund must carry `items` (Instabank). */
  itemsAlways: boolean
  /** A capture of less than everything must be whole lines (Collector/Walley). */
  wholeLinesOnPartialCapture: boolean
  /** A partial capture or refund may be sent as an amount without lines. */
  partialByAmount: boolean
  /** The uncaptured rest can be voided after a partial capture. */
  voidAfterPartialCapture: boolean
  /** `final_capture: true` releases the uncaptured rest with the last capture. */
  finalCapture: boolean
  /** The money is taken at authorization: cancelling means refunding. */
  capturesOnAuthorization: boolean
}

const CARD_LIKE: PaymentProductRules = {
  itemsAlways: false,
  wholeLinesOnPartialCapture: false,
  partialByAmount: true,
  voidAfterPartialCapture: false,
  finalCapture: false,
  capturesOnAuthorization: false,
}

/** Invoice and part payment: lines on every partial money move, since the invoice lists them. */
const INVOICE_LIKE: PaymentProductRules = { ...CARD_LIKE, partialByAmount: false }

const RULES: Record<string, PaymentProductRules> = {
  dintero_psp: { ...CARD_LIKE, finalCapture: true },
  payex: { ...CARD_LIKE, voidAfterPartialCapture: true },
  "payex.swish": { ...CARD_LIKE, capturesOnAuthorization: true },
  vipps: { ...CARD_LIKE, voidAfterPartialCapture: true },
  swish: { ...CARD_LIKE, capturesOnAuthorization: true },
  bambora: CARD_LIKE,
  netaxept: CARD_LIKE,
  dintero: CARD_LIKE,
  klarna: { ...INVOICE_LIKE, voidAfterPartialCapture: true },
  collector: { ...INVOICE_LIKE, wholeLinesOnPartialCapture: true },
  instabank: { ...INVOICE_LIKE, itemsAlways: true },
  santander: INVOICE_LIKE,
}

/**
 * The rules of a payment product type (`collector.invoice`), by its full name first, then by its
 * product (`collector`). An unknown product gets the strict invoice rules: lines whenever they can
 * be sent, never an amount alone for part of the payment.
 */
export function paymentProductRules(paymentProductType: string | null | undefined): PaymentProductRules {
  const type = paymentProductType ?? ""
  return RULES[type] ?? RULES[type.split(".")[0] ?? ""] ?? INVOICE_LIKE
}
