import type { DinteroOperationItem } from "../dintero/schemas"
import type { LineLedger, TransactionLine } from "../dintero/line-ledger"
import type { PaymentProductRules } from "../dintero/payment-products"
import { amountOfSlice } from "../money"

/**
 * Which order lines a capture or refund of an amount is, for Dintero's payment products that
 * want lines (contract §5.4). Medusa's provider interface carries an amount only, so the lines
 * come from Medusa's order: what has shipped (fulfilled quantities), what came back (received
 * return quantities), or an explicit set (one fulfillment's lines). Pure: no I/O.
 *
 * A capture or refund is sent with the lines of the first candidate whose amount equals it; an
 * amount no candidate adds up to goes as an amount alone where the product allows it, and is
 * refused otherwise, naming the amounts that would work.
 */

/** What Medusa's order says of one Dintero line (quantities in the line's units). */
export type LineDemand = {
  /** The order's current quantity of the line (after order edits; 0 when removed). */
  ordered: number
  /** Fulfilled so far (shipping: 1 once anything is fulfilled). */
  fulfilled: number
  /** Received back in returns, claims and exchanges. */
  returned: number
}

/** An explicit set of units per line (a fulfillment's items, a return's items). */
export type LineUnits = { label: string; units: ReadonlyMap<string, number> }

export type LinePlan =
  | { kind: "lines"; label: string; items: DinteroOperationItem[]; releasesRest: boolean }
  | { kind: "amount" }
  | { kind: "refused"; message: string }

export type PlanInput = {
  ledger: LineLedger
  rules: PaymentProductRules
  /** The payment product type, for messages. */
  product: string
  /** Minor units to capture or refund. */
  amount: number
  /** Per Dintero line id; undefined when the order is not known (no lines beyond "everything"). */
  demand?: ReadonlyMap<string, LineDemand>
  explicit?: LineUnits
  format: (minor: number) => string
}

type Candidate = { label: string; items: DinteroOperationItem[]; wholeLines: boolean }

const total = (items: readonly DinteroOperationItem[]) => items.reduce((sum, item) => sum + item.amount, 0)

/** An operation item for `units` of a line, from `done` units on (captured, or refunded). */
function itemOf(line: TransactionLine, done: { quantity: number; amount: number }, units: number, ceiling: { quantity: number; amount: number }): DinteroOperationItem | undefined {
  const quantity = Math.min(units, ceiling.quantity - done.quantity)
  if (quantity <= 0) return undefined
  const last = done.quantity + quantity >= ceiling.quantity
  // The last units take what is left of the ceiling, so earlier rounding (or an operation made in
  // Backoffice with other amounts) never leaves a residue on the line.
  const amount = last ? ceiling.amount - done.amount : amountOfSlice(line.amount, line.quantity, done.quantity, done.quantity + quantity)
  if (amount <= 0) return undefined
  const item: DinteroOperationItem = { line_id: line.lineId, amount, quantity }
  if (line.description !== undefined) item.description = line.description
  if (line.vat !== undefined) item.vat = line.vat
  if (line.vatAmount !== undefined) {
    item.vat_amount = last && ceiling.quantity === line.quantity && done.quantity === 0
      ? line.vatAmount
      : amountOfSlice(line.vatAmount, line.quantity, done.quantity, done.quantity + quantity)
  }
  return item
}

const capturedCeiling = (line: TransactionLine) => ({ quantity: line.quantity, amount: line.amount })
const refundCeiling = (line: TransactionLine) => line.captured

function candidate(label: string, lines: TransactionLine[], unitsOf: (line: TransactionLine) => number, kind: "capture" | "refund"): Candidate {
  const items: DinteroOperationItem[] = []
  let wholeLines = true
  for (const line of lines) {
    const done = kind === "capture" ? line.captured : line.refunded
    const ceiling = kind === "capture" ? capturedCeiling(line) : refundCeiling(line)
    const item = itemOf(line, done, unitsOf(line), ceiling)
    if (!item) continue
    if (done.quantity > 0 || (item.quantity ?? 0) < line.quantity) wholeLines = false
    items.push(item)
  }
  return { label, items, wholeLines }
}

function choose(input: PlanInput, kind: "capture" | "refund", candidates: Candidate[]): LinePlan {
  const { rules, amount } = input
  const rest = candidates[candidates.length - 1]!
  const usable = candidates.filter(
    (c) => c.items.length > 0 && (kind === "refund" || !rules.wholeLinesOnPartialCapture || c.wholeLines || c === rest)
  )
  const match = usable.find((c) => total(c.items) === amount)
  if (match) return { kind: "lines", label: match.label, items: match.items, releasesRest: false }
  if (rules.partialByAmount && !rules.itemsAlways) return { kind: "amount" }
  const options = [...new Map(usable.map((c) => [total(c.items), c])).values()]
  const verb = kind === "capture" ? "capture" : "refund"
  const hint = options.length
    ? ` ${verb[0]!.toUpperCase()}${verb.slice(1)} ${options.map((c) => `${input.format(total(c.items))} (${c.label})`).join(" or ")}.`
    : ""
  return {
    kind: "refused",
    message: `Nothing was sent to Dintero: ${input.product} ${kind === "capture" ? "captures" : "refunds"} by order line${
      rules.wholeLinesOnPartialCapture && kind === "capture" ? " (whole lines only)" : ""
    }, and ${input.format(amount)} is not the amount of any set of lines.${hint}`,
  }
}

function unattributable(input: PlanInput, kind: "capture" | "refund", remaining: number): LinePlan {
  const { rules } = input
  if (!rules.itemsAlways && (rules.partialByAmount || input.amount === remaining)) return { kind: "amount" }
  return {
    kind: "refused",
    message: `Nothing was sent to Dintero: ${input.product} ${kind === "capture" ? "captures" : "refunds"} by order line, and an earlier operation on this transaction (made by amount, e.g. in Dintero Backoffice) names no lines, so the lines of this one cannot be told. Make it in Dintero Backoffice; Medusa records it from Dintero's report.`,
  }
}

/** Shipping goes with the first capture of goods. */
function shippingWithFirstCapture(lines: TransactionLine[]): (line: TransactionLine) => number {
  const firstCapture = lines.every((line) => line.isShipping || line.captured.quantity === 0)
  return (line) => (firstCapture ? line.quantity : 0)
}

function explicitCapture(lines: TransactionLine[], explicit: LineUnits): Candidate {
  const shippingUnits = shippingWithFirstCapture(lines)
  return candidate(explicit.label, lines, (line) => (line.isShipping ? shippingUnits(line) : explicit.units.get(line.lineId) ?? 0), "capture")
}

/** The items a capture of exactly these units would send (a fulfillment's), shipping with the first. */
export function captureItemsOf(ledger: LineLedger, explicit: LineUnits): DinteroOperationItem[] {
  return explicitCapture(ledger.lines, explicit).items
}

/** The lines of a capture of `input.amount`. */
export function planCapture(input: PlanInput): LinePlan {
  const { ledger, demand, explicit } = input
  const lines = ledger.lines
  const remaining = lines.reduce((sum, line) => sum + Math.max(0, line.amount - line.captured.amount), 0)
  if (lines.length === 0) return input.rules.itemsAlways ? unattributable(input, "capture", remaining) : { kind: "amount" }
  if (!ledger.attributable) return unattributable(input, "capture", remaining)
  const shippingUnits = shippingWithFirstCapture(lines)
  const candidates: Candidate[] = []
  if (explicit) candidates.push(explicitCapture(lines, explicit))
  if (demand) {
    candidates.push(
      candidate("the shipped lines not captured yet", lines, (line) => {
        if (line.isShipping) return shippingUnits(line)
        return Math.max(0, Math.min(demand.get(line.lineId)?.fulfilled ?? 0, line.quantity) - line.captured.quantity)
      }, "capture")
    )
  }
  candidates.push(candidate("everything not captured yet", lines, (line) => line.quantity, "capture"))
  const plan = choose(input, "capture", candidates)
  if (plan.kind !== "lines" || !demand) return plan
  return { ...plan, releasesRest: releasesRest(lines, demand, plan.items, remaining - input.amount) }
}

/**
 * Whether, after this capture, every line of the order is captured as far as the order still
 * has it (a line reduced or removed by an order edit is not captured in full) while part of the
 * authorization is left: that part will never be captured and should be released.
 */
function releasesRest(lines: TransactionLine[], demand: ReadonlyMap<string, LineDemand>, items: DinteroOperationItem[], leftAfter: number): boolean {
  if (leftAfter <= 0) return false
  const sent = new Map(items.map((item) => [item.line_id, item.quantity ?? 0]))
  return lines.every((line) => {
    const wanted = line.isShipping ? (demand.get(line.lineId)?.ordered ?? 0) > 0 ? line.quantity : 0 : demand.get(line.lineId)?.ordered ?? 0
    return line.captured.quantity + (sent.get(line.lineId) ?? 0) >= Math.min(wanted, line.quantity)
  })
}

/** The lines of a refund of `input.amount`. */
export function planRefund(input: PlanInput): LinePlan {
  const { ledger, demand, explicit } = input
  const lines = ledger.lines.filter((line) => line.captured.amount > line.refunded.amount)
  const remaining = lines.reduce((sum, line) => sum + (line.captured.amount - line.refunded.amount), 0)
  if (ledger.lines.length === 0) return input.rules.itemsAlways ? unattributable(input, "refund", remaining) : { kind: "amount" }
  if (!ledger.attributable) return unattributable(input, "refund", remaining)
  const candidates: Candidate[] = []
  const returnedUnits = (line: TransactionLine) =>
    Math.max(0, Math.min(explicit ? explicit.units.get(line.lineId) ?? 0 : demand?.get(line.lineId)?.returned ?? 0, line.captured.quantity) - (explicit ? 0 : line.refunded.quantity))
  if (explicit || demand) {
    const label = explicit?.label ?? "the returned lines not refunded yet"
    const goods = (line: TransactionLine) => (line.isShipping ? 0 : returnedUnits(line))
    candidates.push(candidate(label, lines, goods, "refund"))
    candidates.push(candidate(`${label} and the shipping`, lines, (line) => (line.isShipping ? line.quantity : goods(line)), "refund"))
  }
  candidates.push(candidate("everything captured and not refunded yet", lines, (line) => line.quantity, "refund"))
  return choose(input, "refund", candidates)
}
