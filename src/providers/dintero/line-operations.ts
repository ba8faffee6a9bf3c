import { lineLedgerOf, paymentProductRules, type DinteroTransaction } from "../../dintero"
import { fromMinorUnits } from "../../money"
import { demandOf, mapLines, unitsOf } from "../../order/order-demand"
import { planCapture, planRefund, type LinePlan } from "../../order/operation-lines"
import type { MedusaLookup } from "./medusa-lookup"
import type { OperationIntent } from "./operation-intents"

/**
 * The lines of one capture or refund the provider is about to send: Dintero's lines and what it
 * has captured and refunded of each (the transaction, read under the payment's lock), Medusa's
 * order (what shipped, what came back), and the payment product's rules. One read of Medusa.
 */
export async function planLineOperation(input: {
  kind: "capture" | "refund"
  transaction: DinteroTransaction
  medusa: MedusaLookup
  paymentSessionId: string
  amount: number
  intent?: OperationIntent
}): Promise<LinePlan> {
  const { transaction } = input
  const ledger = lineLedgerOf(transaction)
  const rules = paymentProductRules(transaction.payment_product_type)
  const orderLines = ledger.lines.length ? await input.medusa.orderLinesOfPaymentSession(input.paymentSessionId) : undefined
  const lines = orderLines ? mapLines(ledger.lines.map((line) => line.lineId), orderLines.order, orderLines.cart) : undefined
  const plan = input.kind === "capture" ? planCapture : planRefund
  return plan({
    ledger,
    rules,
    product: transaction.payment_product_type ?? transaction.payment_product ?? "this payment product",
    amount: input.amount,
    demand: orderLines && lines ? demandOf(orderLines.order, lines) : undefined,
    explicit: input.intent && lines ? unitsOf(input.intent.label, input.intent.rows, lines) : undefined,
    format: (minor) => `${fromMinorUnits(minor, transaction.currency)} ${transaction.currency.toUpperCase()}`,
  })
}
