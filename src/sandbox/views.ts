/**
 * What the API shows of a stored session or transaction: a JSON copy (so a caller can never mutate
 * the sandbox's state through a returned object) without the sandbox's internal bookkeeping.
 */
import type { Session, StoredSession, StoredTransaction, Transaction } from "./types"

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export function sessionView(stored: StoredSession): Session {
  return jsonCopy(stored.data)
}

/** `paymentToken`: the request asked for `includes=card.payment_token` (the token is a secret). */
export function transactionView(
  stored: StoredTransaction,
  session?: StoredSession,
  options: { paymentToken?: boolean } = {},
): Transaction & { session?: Session } {
  const view: Transaction & { session?: Session } = jsonCopy(stored.data)
  if (options.paymentToken && stored.paymentToken !== undefined && view.card) {
    view.card = { ...view.card, payment_token: stored.paymentToken }
  }
  if (session) view.session = sessionView(session)
  return view
}
