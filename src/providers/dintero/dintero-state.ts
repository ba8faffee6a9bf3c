import type { DinteroClient, DinteroSession, DinteroTransaction } from "../../dintero"
import type { DinteroPaymentData } from "./session-data"
import { isPaidOrHeld } from "./status"
import { assertTransactionBelongs, TransactionMismatchError } from "./transaction-check"

/** How many attempts one list request brings; the newest come first. */
const ATTEMPTS_PAGE = 10

/**
 * A payment as Dintero has it now: the transaction that decides it — the paid one when the session
 * has one, else the newest declined or failed attempt — and, when no paid transaction decides it,
 * the session (whether it was cancelled or expired). Checked against the Medusa payment data
 * (merchant reference, session, currency, amount): a mismatch throws TransactionMismatchError.
 * Used by the provider's hooks and by the settlement alike, so that both read the same way.
 *
 * One request for a paid payment (the shopper's path): the session's transactions, listed by
 * session id, hold the paid one with its events. The session is read only when none of them is
 * paid (or a full page hides older ones); a payment made between the two reads is then found
 * through the session's own link.
 */
export async function readDinteroState(
  client: DinteroClient,
  data: DinteroPaymentData
): Promise<{ session?: DinteroSession; transaction?: DinteroTransaction }> {
  const attempts = (await client.listTransactions({ session_id: data.dintero_session_id, limit: ATTEMPTS_PAGE }))
    .filter((transaction) => transaction.session_id === data.dintero_session_id)
  const paid = attempts.filter((transaction) => isPaidOrHeld(transaction))
  if (paid.length === 1) {
    assertTransactionBelongs(paid[0], data)
    return { transaction: paid[0] }
  }

  const session = await client.getSession(data.dintero_session_id)
  if (session.order.merchant_reference !== data.merchant_reference) {
    throw new TransactionMismatchError("merchant_reference", data.merchant_reference, session.order.merchant_reference)
  }
  const linked = session.transaction_id
    ? attempts.find((transaction) => transaction.id === session.transaction_id) ?? (await client.getTransaction(session.transaction_id))
    : latestFailedAttempt(attempts)
  if (linked) assertTransactionBelongs(linked, data)
  return { session, transaction: linked }
}

/**
 * A session is linked to its transaction only once paid; a declined or failed attempt leaves a
 * transaction that is not linked (the shopper may try again on the same session). The newest
 * attempt tells the storefront why the payment did not go through.
 */
function latestFailedAttempt(attempts: DinteroTransaction[]): DinteroTransaction | undefined {
  const newest = [...attempts].sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""))[0]
  return newest && (newest.status === "DECLINED" || newest.status === "FAILED") ? newest : undefined
}
