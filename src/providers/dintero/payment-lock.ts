import type { ILockingModule } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { DEPENDENCIES_FIX } from "./dependencies"

/**
 * The lock under which every money move of one payment happens: the provider's captures, refunds
 * and voids (Medusa's own operations) and the settlement of Dintero's reports (callbacks, the
 * reconciliation job). One key per Medusa payment session, through Medusa's Locking Module, so
 * that it holds across instances once the Locking Module has a shared provider (Redis or
 * PostgreSQL); with the default in-memory provider it holds within one instance.
 */
export const paymentLockKey = (paymentSessionId: string) => `dintero:payment:${paymentSessionId}`

/** Seconds to wait for the lock; an admin capture waits behind a settlement at most this long. */
export const PAYMENT_LOCK_TIMEOUT_SECONDS = 30

export async function withPaymentLock<T>(
  locking: ILockingModule | undefined,
  paymentSessionId: string,
  job: () => Promise<T>
): Promise<T> {
  if (!locking) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Dintero: money is only moved under a lock, and the payment module has no access to Medusa's Locking Module. ${DEPENDENCIES_FIX}.`
    )
  }
  return locking.execute(paymentLockKey(paymentSessionId), job, { timeout: PAYMENT_LOCK_TIMEOUT_SECONDS })
}

/**
 * The lock under which a payment session without a cart (an order's payment collection) is
 * authorized. Medusa's authorization is idempotent only once it has finished: two settlements at
 * once (callback and the shopper's return) would both create the payment, the second one fails
 * and Medusa then cancels, i.e. voids, the authorization the first one recorded. A cart's
 * completion has Medusa's cart lock; this is the same for order payments. A key of its own: the
 * payment lock is taken inside the authorization by a void, and must not be held here.
 */
export const authorizeLockKey = (paymentSessionId: string) => `dintero:authorize:${paymentSessionId}`
