/**
 * What Dintero allows per payment product once money moves: the one table of the sandbox's rules
 * by payment product type (contract §4.1, §5.4, §13), and the pure checks the capture and refund
 * routes run with it (transactions.ts). A rule's violation is a 400 VALIDATION_ERROR naming the
 * field, the product and the rule (`items: instabank.finance requires items on every capture`).
 *
 * The transaction's lines (`transaction.items`: the session's order.items plus the shipping line)
 * are what captures and refunds name by `line_id`. What was captured or refunded of a line comes
 * from the `items` of the transaction's events (contract §5.3): successful CAPTURE / REFUND events,
 * and INITIATE_* events of operations accepted with a 202 and not applied yet, which count as done
 * so that two requests cannot both take the same line. An operation sent without items names no
 * line; a line's captured part is then unknown, and the checks bound it by the line's total.
 *
 * Order of the checks on the routes: the body (operation-validation.ts), then whether the
 * transaction's status allows the operation at all (state-machine.ts), then these rules, then the
 * amount limits (state-machine.ts). See docs/sandbox.md, "Rules per payment product".
 */
import type { FieldError } from "./errors"
import type { EventItem, Transaction, TransactionEvent } from "./types"

export interface ProductRules {
  /** Every capture and every refund must carry `items`. */
  itemsRequired: boolean
  /**
   * A capture of less than everything still uncaptured must carry `items`, each a whole
   * transaction line not captured before (its line_id, full quantity and full amount).
   */
  wholeLinesOnPartialCapture: boolean
  /** The uncaptured rest may be voided after a partial capture. */
  voidAfterPartialCapture: boolean
  /** `final_capture: true` on a capture releases the uncaptured rest. */
  finalCapture: boolean
  /** The money is taken at authorization: the transaction is CAPTURED when paid. */
  capturesOnAuthorization: boolean
  /** The session must have `order.items` (unless `order.partial_payment` is true) to be paid with it. */
  orderItemsRequired: boolean
}

const NO_RULES: ProductRules = {
  itemsRequired: false,
  wholeLinesOnPartialCapture: false,
  voidAfterPartialCapture: false,
  finalCapture: false,
  capturesOnAuthorization: false,
  orderItemsRequired: false,
}

/** Spec, void endpoint: "Void on part capture is only supported on following types" (§5.4). */
const VOIDS_REST: Partial<ProductRules> = { voidAfterPartialCapture: true }

/**
 * The rules, keyed by payment product type (`collector.invoice`) or by its family, the part
 * before the dot (`collector`). A type's own entry overrides its family's; a type in neither has
 * none of the rules.
 */
const PRODUCT_RULES: Readonly<Record<string, Partial<ProductRules>>> = {
  // Spec, capture and refund bodies: `items` "required for Instabank" (contract §5.4). Session
  // create: order.items "Required when Instabank or Collector is enabled and partial_payment is
  // false" (contract §4.1).
  instabank: { itemsRequired: true, orderItemsRequired: true },
  // Dintero's integration checklist: "for Collector capture whole lines" (contract §5.4); the
  // exact semantics (below, wholeLineErrors) are the sandbox's reading of it. order.items: §4.1.
  collector: { wholeLinesOnPartialCapture: true, orderItemsRequired: true },
  // Spec, capture `final_capture`: for dintero_psp, voids the uncaptured rest (contract §5.4).
  dintero_psp: { finalCapture: true },
  // "Swish captures immediately, so cancelling Swish means refunding" (contract §5.4 and §13.10,
  // WooCommerce plugin 1.13.3); through Swedbank Pay (PayEx) Swish is a sale as well.
  "swish.swish": { capturesOnAuthorization: true },
  "payex.swish": { capturesOnAuthorization: true },
  // Spec, void endpoint (contract §5.4): payex.{creditcard,mobilepay,vipps,applepay,clicktopay,
  // googlepay}, vipps, klarna.klarna, klarna.billie. dintero_psp uses final_capture instead.
  "payex.creditcard": VOIDS_REST,
  "payex.mobilepay": VOIDS_REST,
  "payex.vipps": VOIDS_REST,
  "payex.applepay": VOIDS_REST,
  "payex.clicktopay": VOIDS_REST,
  "payex.googlepay": VOIDS_REST,
  vipps: VOIDS_REST,
  "klarna.klarna": VOIDS_REST,
  "klarna.billie": VOIDS_REST,
}

export function productFamily(paymentProductType: string): string {
  return paymentProductType.split(".")[0] ?? paymentProductType
}

/** The rules of a payment product type: its family's entry, overridden by its own. */
export function rulesFor(paymentProductType: string): ProductRules {
  return {
    ...NO_RULES,
    ...PRODUCT_RULES[productFamily(paymentProductType)],
    ...PRODUCT_RULES[paymentProductType],
  }
}

/** Payment product types that may void the uncaptured rest after a partial capture. */
export const VOID_AFTER_PARTIAL_CAPTURE_TYPES: readonly string[] = Object.keys(PRODUCT_RULES).filter(
  (type) => rulesFor(type).voidAfterPartialCapture,
)

export function voidsRestAfterPartialCapture(paymentProductType: string): boolean {
  return rulesFor(paymentProductType).voidAfterPartialCapture
}

/** Swish (and Swish through PayEx) is a sale: the money is taken at authorization. */
export function capturesOnAuthorization(paymentProductType: string): boolean {
  return rulesFor(paymentProductType).capturesOnAuthorization
}

/** Whether `final_capture: true` releases the uncaptured rest (dintero_psp only). */
export function releasesRestOnFinalCapture(paymentProductType: string): boolean {
  return rulesFor(paymentProductType).finalCapture
}

/** The part of a capture or refund request these rules read. */
export interface OperationLines {
  amount: number
  items?: EventItem[]
}

interface Totals {
  quantity: number
  amount: number
}

/** One transaction line and what operations have taken of it so far. */
interface LineState {
  lineId: string
  /** The line's quantity, when the transaction's line has one. */
  quantity?: number
  amount: number
  captured: Totals
  refunded: Totals
}

interface LineLedger {
  lines: Map<string, LineState>
  /** Captured so far, including captures accepted (202) and not applied yet. */
  captured: number
  /** A capture (applied or accepted) named no lines: what it took of each line is unknown. */
  capturedWithoutItems: boolean
}

/** Quantities may be decimal (contract §4.1); compare them with some slack. */
const EPSILON = 1e-9

/** Successful operations of a kind, applied or accepted (202) and still pending. */
function operationsOf(transaction: Transaction, kind: "CAPTURE" | "REFUND", includePending: boolean): TransactionEvent[] {
  const events = transaction.events
  const applied = events.filter((event) => event.event === kind && event.success)
  if (!includePending) return applied
  const completed = new Set(events.map((event) => event.correlation_request_id).filter((id) => id !== undefined))
  const pending = events.filter(
    (event) => event.event === `INITIATE_${kind}` && event.success && !completed.has(event.request_id),
  )
  return [...applied, ...pending]
}

function addItems(lines: Map<string, LineState>, items: EventItem[], pick: (line: LineState) => Totals): void {
  for (const item of items) {
    const line = lines.get(item.line_id)
    if (!line) continue
    const totals = pick(line)
    totals.amount += item.amount
    if (typeof item.quantity === "number") totals.quantity += item.quantity
  }
}

/**
 * The transaction's lines with what was captured and refunded of each. Pending captures count for
 * a capture (`forCapture`: the line is being taken), not for a refund (nothing is captured yet);
 * pending refunds always count.
 */
function lineLedger(transaction: Transaction, forCapture: boolean): LineLedger {
  const lines = new Map<string, LineState>()
  for (const item of transaction.items) {
    if (typeof item.line_id !== "string" || lines.has(item.line_id)) continue
    lines.set(item.line_id, {
      lineId: item.line_id,
      ...(typeof item.quantity === "number" ? { quantity: item.quantity } : {}),
      amount: typeof item.amount === "number" ? item.amount : 0,
      captured: { quantity: 0, amount: 0 },
      refunded: { quantity: 0, amount: 0 },
    })
  }
  const captures = operationsOf(transaction, "CAPTURE", forCapture)
  for (const capture of captures) addItems(lines, capture.items ?? [], (line) => line.captured)
  for (const refund of operationsOf(transaction, "REFUND", true)) addItems(lines, refund.items ?? [], (line) => line.refunded)
  return {
    lines,
    captured: captures.reduce((sum, capture) => sum + (capture.amount ?? 0), 0),
    capturedWithoutItems: captures.some((capture) => (capture.items ?? []).length === 0),
  }
}

function hasItems(request: OperationLines): request is OperationLines & { items: EventItem[] } {
  return request.items !== undefined && request.items.length > 0
}

/**
 * Items must not take more of a line than is left of it: `left(line)` gives what is left, and
 * items naming the same line add up. One error per line and field, at the item that goes over.
 */
function lineLimitErrors(items: EventItem[], lines: Map<string, LineState>, left: (line: LineState) => Partial<Totals>, what: string): FieldError[] {
  const errors: FieldError[] = []
  const asked = new Map<string, Totals>()
  const reported = new Set<string>()
  items.forEach((item, index) => {
    const line = lines.get(item.line_id)
    if (!line) return // an unknown line_id is a body error (operation-validation.ts)
    const sum = asked.get(item.line_id) ?? { quantity: 0, amount: 0 }
    asked.set(item.line_id, sum)
    sum.amount += item.amount
    if (typeof item.quantity === "number") sum.quantity += item.quantity
    const limit = left(line)
    if (limit.amount !== undefined && sum.amount > limit.amount && !reported.has(`${item.line_id}/amount`)) {
      reported.add(`${item.line_id}/amount`)
      errors.push({
        field: `items[${index}].amount`,
        message: `line "${item.line_id}": amount ${sum.amount} exceeds ${what}, ${limit.amount}`,
      })
    }
    if (
      limit.quantity !== undefined &&
      typeof item.quantity === "number" &&
      sum.quantity > limit.quantity + EPSILON &&
      !reported.has(`${item.line_id}/quantity`)
    ) {
      reported.add(`${item.line_id}/quantity`)
      errors.push({
        field: `items[${index}].quantity`,
        message: `line "${item.line_id}": quantity ${sum.quantity} exceeds ${what}, ${round(limit.quantity)}`,
      })
    }
  })
  return errors
}

function round(quantity: number): number {
  return Math.round(quantity * 1e6) / 1e6
}

/**
 * Collector/Walley captures whole lines (the sandbox's reading of Dintero's checklist): each item
 * names a line no capture has taken any of yet, once, with the line's full amount and, when the
 * item gives a quantity, the line's full quantity.
 */
function wholeLineErrors(type: string, items: EventItem[], lines: Map<string, LineState>): FieldError[] {
  const errors: FieldError[] = []
  const rule = `${type} captures whole lines only`
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const line = lines.get(item.line_id)
    if (!line) return
    if (seen.has(item.line_id)) {
      errors.push({ field: `items[${index}].line_id`, message: `${rule}; line "${item.line_id}" appears more than once` })
      return
    }
    seen.add(item.line_id)
    if (line.captured.amount !== 0 || line.captured.quantity !== 0) {
      errors.push({ field: `items[${index}].line_id`, message: `${rule}; line "${item.line_id}" was already captured` })
      return
    }
    if (line.quantity !== undefined && typeof item.quantity === "number" && Math.abs(item.quantity - line.quantity) > EPSILON) {
      errors.push({
        field: `items[${index}].quantity`,
        message: `${rule}; line "${item.line_id}" has quantity ${line.quantity}, not ${item.quantity}`,
      })
    }
    if (item.amount !== line.amount) {
      errors.push({
        field: `items[${index}].amount`,
        message: `${rule}; line "${item.line_id}" has amount ${line.amount}, not ${item.amount}`,
      })
    }
  })
  return errors
}

/**
 * Why the payment product refuses this capture, as field errors; none when it allows it.
 * Expects a body already validated (line_ids known, items adding up to `amount`).
 */
export function captureRuleRefusal(transaction: Transaction, request: OperationLines): FieldError[] {
  const type = transaction.payment_product_type
  const rules = rulesFor(type)
  if (rules.itemsRequired && !hasItems(request)) {
    return [{ field: "items", message: `${type} requires items on every capture` }]
  }
  const ledger = lineLedger(transaction, true)
  if (rules.wholeLinesOnPartialCapture) {
    const remaining = transaction.amount - ledger.captured
    if (!hasItems(request)) {
      if (request.amount >= remaining) return [] // everything left, in one capture: no lines needed
      return [
        {
          field: "items",
          message: `${type} requires items on a partial capture (whole lines only); amount ${request.amount} is less than the remaining ${remaining}`,
        },
      ]
    }
    return wholeLineErrors(type, request.items, ledger.lines)
  }
  if (!hasItems(request)) return []
  return lineLimitErrors(
    request.items,
    ledger.lines,
    (line) => ({
      amount: line.amount - line.captured.amount,
      ...(line.quantity !== undefined ? { quantity: line.quantity - line.captured.quantity } : {}),
    }),
    "what is not captured of the line",
  )
}

/**
 * Why the payment product refuses this refund, as field errors; none when it allows it. Items
 * may refund of a line at most what was captured of it and not refunded yet.
 */
export function refundRuleRefusal(transaction: Transaction, request: OperationLines): FieldError[] {
  const type = transaction.payment_product_type
  if (rulesFor(type).itemsRequired && !hasItems(request)) {
    return [{ field: "items", message: `${type} requires items on every refund` }]
  }
  if (!hasItems(request)) return []
  const ledger = lineLedger(transaction, false)
  // After a capture without lines, what it took of each line is unknown: up to the whole line.
  const captured = (line: LineState): Totals =>
    ledger.capturedWithoutItems ? { amount: line.amount, quantity: line.quantity ?? 0 } : line.captured
  return lineLimitErrors(
    request.items,
    ledger.lines,
    (line) => ({
      amount: captured(line).amount - line.refunded.amount,
      ...(line.quantity !== undefined ? { quantity: captured(line).quantity - line.refunded.quantity } : {}),
    }),
    "what was captured of the line and not refunded",
  )
}

/**
 * Why the session cannot be paid with this product, as field errors of the pay request; none when
 * it can. Dintero refuses to create such a session while the product is enabled (contract §4.1);
 * the sandbox enables every product on every profile, so it refuses the payment instead.
 */
export function payRuleRefusal(
  paymentProductType: string,
  order: { items?: unknown[]; partial_payment?: boolean },
): FieldError[] {
  if (!rulesFor(paymentProductType).orderItemsRequired) return []
  if (order.partial_payment === true || (order.items !== undefined && order.items.length > 0)) return []
  return [
    {
      field: "payment_product_type",
      message: `${paymentProductType} requires the session's order.items (unless order.partial_payment is true)`,
    },
  ]
}
