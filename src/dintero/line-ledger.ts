import type { DinteroTransaction, DinteroTransactionEvent } from "./schemas"

/** Quantity and amount (minor units) of one line. */
export type LineAmount = { quantity: number; amount: number }

/** One line of a transaction with what Dintero reports as captured and refunded of it. */
export type TransactionLine = {
  lineId: string
  /** The authorized line (the shipping option is one of these, `type: "shipping"`). */
  quantity: number
  amount: number
  vat?: number
  vatAmount?: number
  isShipping: boolean
  description?: string
  captured: LineAmount
  refunded: LineAmount
}

export type LineLedger = {
  lines: TransactionLine[]
  /**
   * Whether every successful capture and refund names its lines. False after an operation by
   * amount alone (a card's partial capture, Backoffice): the split per line is then unknown.
   */
  attributable: boolean
}

const succeeded = (kind: "CAPTURE" | "REFUND") => (event: DinteroTransactionEvent) =>
  event.event === kind && event.success !== false

/**
 * What Dintero reports per line: the transaction's items, and the captured and refunded
 * quantities and amounts summed over its successful events' items. An event item without a
 * quantity (part of a line) counts its amount only.
 */
export function lineLedgerOf(transaction: DinteroTransaction): LineLedger {
  const events = transaction.events ?? []
  let attributable = true
  const totals = (kind: "CAPTURE" | "REFUND") => {
    const perLine = new Map<string, LineAmount>()
    for (const event of events.filter(succeeded(kind))) {
      if (!event.items?.length) {
        if ((event.amount ?? 0) > 0) attributable = false
        continue
      }
      for (const item of event.items) {
        const total = perLine.get(item.line_id) ?? { quantity: 0, amount: 0 }
        total.quantity += item.quantity ?? 0
        total.amount += item.amount ?? 0
        perLine.set(item.line_id, total)
      }
    }
    return perLine
  }
  const captured = totals("CAPTURE")
  const refunded = totals("REFUND")
  const lines = (transaction.items ?? []).map(
    (item): TransactionLine => ({
      lineId: item.line_id,
      quantity: item.quantity ?? 1,
      amount: item.amount,
      ...(item.vat !== undefined ? { vat: item.vat } : {}),
      ...(item.vat_amount !== undefined ? { vatAmount: item.vat_amount } : {}),
      isShipping: item.type === "shipping",
      ...(item.description !== undefined ? { description: item.description } : {}),
      captured: captured.get(item.line_id) ?? { quantity: 0, amount: 0 },
      refunded: refunded.get(item.line_id) ?? { quantity: 0, amount: 0 },
    })
  )
  return { lines, attributable }
}
