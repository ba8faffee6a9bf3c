import type { DinteroOperationItem, DinteroTransaction, DinteroTransactionEvent } from "./schemas"

/*
 * A transaction's `amount` is the authorized total and never changes; what was captured and
 * refunded is only in its events (Dintero's own WooCommerce plugin reads them for that reason).
 */

const succeeded = (kind: "CAPTURE" | "REFUND") => (event: DinteroTransactionEvent) =>
  event.event === kind && event.success !== false

export function capturedAmount(transaction: DinteroTransaction): number {
  return sum((transaction.events ?? []).filter(succeeded("CAPTURE")).map((e) => e.amount ?? 0))
}

export function refundedAmount(transaction: DinteroTransaction): number {
  return sum((transaction.events ?? []).filter(succeeded("REFUND")).map((e) => e.amount ?? 0))
}

/** Dintero's side of the ledger (src/money/ledger.ts), in minor units. */
export function ledgerTotalsOf(transaction: DinteroTransaction): { authorized: number; captured: number; refunded: number } {
  return { authorized: transaction.amount, captured: capturedAmount(transaction), refunded: refundedAmount(transaction) }
}

export function remainingToCapture(transaction: DinteroTransaction): number {
  return Math.max(0, transaction.amount - capturedAmount(transaction))
}

export function remainingToRefund(transaction: DinteroTransaction): number {
  return Math.max(0, capturedAmount(transaction) - refundedAmount(transaction))
}

/**
 * The transaction's lines not yet captured, for a capture of everything that remains (Dintero's
 * checklist: send the items, the shipping line included). Undefined when it cannot be told
 * line by line (an earlier capture without items), so the caller sends the amount alone.
 */
export function uncapturedItems(transaction: DinteroTransaction): DinteroOperationItem[] | undefined {
  return remainingItems(transaction, "CAPTURE")
}

/** The captured lines not yet refunded (a refund of everything that was captured). */
export function unrefundedItems(transaction: DinteroTransaction): DinteroOperationItem[] | undefined {
  return remainingItems(transaction, "REFUND")
}

function remainingItems(
  transaction: DinteroTransaction,
  kind: "CAPTURE" | "REFUND"
): DinteroOperationItem[] | undefined {
  const items = transaction.items ?? []
  if (items.length === 0) return undefined
  const events = transaction.events ?? []

  // For a refund, the base is what was captured per line; for a capture, the authorized lines.
  const base = new Map<string, { amount: number; quantity?: number }>()
  if (kind === "CAPTURE") {
    for (const item of items) base.set(item.line_id, { amount: item.amount, quantity: item.quantity })
  } else {
    const captured = perLine(events.filter(succeeded("CAPTURE")))
    if (!captured) return undefined
    const quantities = new Map(items.map((item) => [item.line_id, item.quantity]))
    for (const [lineId, amount] of captured) {
      base.set(lineId, { amount, quantity: quantities.get(lineId) })
    }
  }
  const done = perLine(events.filter(succeeded(kind)))
  if (!done) return undefined

  const remaining: DinteroOperationItem[] = []
  for (const [lineId, line] of base) {
    const left = line.amount - (done.get(lineId) ?? 0)
    if (left <= 0) continue
    const untouched = !done.has(lineId)
    remaining.push({
      line_id: lineId,
      amount: left,
      // The quantity only for a whole line: part of a line has no well-defined quantity.
      ...(untouched && line.quantity !== undefined ? { quantity: line.quantity } : {}),
    })
  }
  return remaining
}

/** Amount per line over the events; undefined if an event has no items to attribute its amount. */
function perLine(events: DinteroTransactionEvent[]): Map<string, number> | undefined {
  const totals = new Map<string, number>()
  for (const event of events) {
    if (!event.items?.length) {
      if ((event.amount ?? 0) === 0) continue
      return undefined
    }
    for (const item of event.items) {
      totals.set(item.line_id, (totals.get(item.line_id) ?? 0) + (item.amount ?? 0))
    }
  }
  return totals
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
