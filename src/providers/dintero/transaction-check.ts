import type { DinteroTransaction } from "../../dintero"
import type { DinteroPaymentData } from "./session-data"

/**
 * A transaction is only taken as this payment's when everything that ties it to the Medusa
 * payment session agrees: merchant reference, Dintero session, currency and amount. Otherwise a
 * transaction paid for another (cheaper) cart could complete this one.
 */
export function assertTransactionBelongs(transaction: DinteroTransaction, data: DinteroPaymentData): void {
  if (transaction.merchant_reference !== data.merchant_reference) {
    throw new TransactionMismatchError("merchant_reference", data.merchant_reference, transaction.merchant_reference)
  }
  if (transaction.session_id && transaction.session_id !== data.dintero_session_id) {
    throw new TransactionMismatchError("session_id", data.dintero_session_id, transaction.session_id)
  }
  if (transaction.currency.toUpperCase() !== data.currency.toUpperCase()) {
    throw new TransactionMismatchError("currency", data.currency, transaction.currency)
  }
  if (transaction.amount !== data.amount) {
    throw new TransactionMismatchError("amount", data.amount, transaction.amount)
  }
}

/** The same check, as a yes or no. */
export function belongsTo(transaction: DinteroTransaction, data: DinteroPaymentData): boolean {
  try {
    assertTransactionBelongs(transaction, data)
    return true
  } catch (error) {
    if (error instanceof TransactionMismatchError) return false
    throw error
  }
}

export class TransactionMismatchError extends Error {
  constructor(
    readonly field: string,
    readonly expected: unknown,
    readonly actual: unknown
  ) {
    super(
      `The Dintero transaction does not belong to this payment: ${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`
    )
    this.name = "TransactionMismatchError"
  }
}
