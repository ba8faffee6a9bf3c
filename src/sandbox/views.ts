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

export function transactionView(stored: StoredTransaction, session?: StoredSession): Transaction & { session?: Session } {
  const view: Transaction & { session?: Session } = jsonCopy(stored.data)
  if (session) view.session = sessionView(session)
  return view
}
