import type { DinteroTransaction } from "../../dintero"

/**
 * The transaction a settlement has just read from Dintero, handed to the authorization hook that
 * the same settlement triggers a moment later (settlement → Medusa's cart completion →
 * `authorizePayment`). Medusa passes nothing from the caller to that hook, so
 * without this hand-over the hook would read the same transaction again, on every paid callback.
 *
 * The callback's verifier hands its read over too: the shopper's return, authorizing between the
 * verifier's read and the settlement, takes it instead of reading again.
 *
 * Not a cache: an entry is put right before the completion it is for and taken (removed) by it;
 * it is only ever a read of Dintero (never a callback's claim), expires after a few seconds,
 * and the map holds a bounded number of entries per process. Captures, refunds and voids never
 * use it: they read Dintero under the payment's lock.
 */
const TTL_MS = 10_000
const MAX_ENTRIES = 256

type Entry = { transaction: DinteroTransaction; expiresAt: number }
const handed = new Map<string, Entry>()

export function handOverVerifiedTransaction(paymentSessionId: string, transaction: DinteroTransaction, now = Date.now()): void {
  handed.delete(paymentSessionId)
  handed.set(paymentSessionId, { transaction, expiresAt: now + TTL_MS })
  // Oldest first in insertion order: drop expired entries and, at the bound, the oldest.
  for (const [key, entry] of handed) {
    if (handed.size <= MAX_ENTRIES && entry.expiresAt > now) break
    handed.delete(key)
  }
}

/** The transaction handed over for this payment session, once; undefined when none or expired. */
export function takeVerifiedTransaction(paymentSessionId: string, now = Date.now()): DinteroTransaction | undefined {
  const entry = handed.get(paymentSessionId)
  if (!entry) return undefined
  handed.delete(paymentSessionId)
  return entry.expiresAt > now ? entry.transaction : undefined
}

/** Entries held now (for tests of the bound). */
export function handedOverCount(): number {
  return handed.size
}
