import type { DinteroClient, DinteroSession, DinteroTransaction } from "../../dintero"
import type { DinteroPaymentData } from "./session-data"
import { assertTransactionBelongs, TransactionMismatchError } from "./transaction-check"

/**
 * A payment as Dintero has it now: the session and the transaction that decides it — the paid
 * one when the session has one, else the newest declined or failed attempt. Checked against the
 * Medusa payment data (merchant reference, session, currency, amount): a mismatch throws
 * TransactionMismatchError. Used by the provider's hooks and by the settlement alike, so that
 * both read the same thing the same way.
 */
export async function readDinteroState(
  client: DinteroClient,
  data: DinteroPaymentData
): Promise<{ session: DinteroSession; transaction?: DinteroTransaction }> {
  const session = await client.getSession(data.dintero_session_id)
  if (session.order.merchant_reference !== data.merchant_reference) {
    throw new TransactionMismatchError("merchant_reference", data.merchant_reference, session.order.merchant_reference)
  }
  const transaction = session.transaction_id
    ? await client.getTransaction(session.transaction_id)
    : await latestFailedAttempt(client, session)
  if (transaction) assertTransactionBelongs(transaction, data)
  return { session, transaction }
}

/**
 * A session is linked to its transaction only once paid; a declined or failed attempt leaves a
 * transaction that is not linked (the shopper may try again on the same session). The newest
 * attempt tells the storefront why the payment did not go through.
 */
async function latestFailedAttempt(client: DinteroClient, session: DinteroSession): Promise<DinteroTransaction | undefined> {
  const attempts = await client.listTransactions({ session_id: session.id, limit: 10 })
  const newest = attempts
    .filter((t) => t.session_id === session.id)
    .sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""))[0]
  return newest && (newest.status === "DECLINED" || newest.status === "FAILED") ? newest : undefined
}
