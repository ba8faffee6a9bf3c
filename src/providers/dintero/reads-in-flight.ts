import type { DinteroTransaction } from "../../dintero"

/**
 * Reads of a payment's transaction from Dintero under way in this process, by Medusa payment
 * session. Dintero's callback and the shopper's return arrive together (Dintero sends both at
 * once), and each would read the same transaction in the same moment: the one that comes second
 * joins the read of the first instead of sending its own.
 *
 * Not a cache: an entry lives only while its request is in flight (so the map never holds more
 * than the requests under way), and what it brings is a read of Dintero made now. A joiner still
 * checks that the transaction is the one it needs and belongs to its payment (the key may come
 * from a callback's unverified hint), and reads for itself otherwise.
 */
const inFlight = new Map<string, Promise<DinteroTransaction | undefined>>()

/** What the read under way for this payment session brings; undefined when none is under way or it fails. */
export function joinReadInFlight(paymentSessionId: string): Promise<DinteroTransaction | undefined> | undefined {
  return inFlight.get(paymentSessionId)
}

/** Runs a read of the payment's transaction that concurrent readers of the same payment session may join. */
export async function shareRead<T extends { transaction?: DinteroTransaction }>(paymentSessionId: string, read: () => Promise<T>): Promise<T> {
  const running = read()
  const shared = running.then(
    (result) => result.transaction,
    () => undefined
  )
  inFlight.set(paymentSessionId, shared)
  try {
    return await running
  } finally {
    if (inFlight.get(paymentSessionId) === shared) inFlight.delete(paymentSessionId)
  }
}

/** Reads under way now (for tests: the map empties as reads end). */
export function readsInFlight(): number {
  return inFlight.size
}
