import type { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/types"
import type { DinteroSession, DinteroTransaction } from "../../dintero"

/**
 * Dintero state → Medusa status, in one place.
 *
 * | Dintero                                         | authorize / status       | webhook action          |
 * |-------------------------------------------------|--------------------------|-------------------------|
 * | no transaction, session open                    | pending                  | not_supported           |
 * | no transaction, session cancelled or expired    | canceled                 | canceled                |
 * | INITIATED, UNKNOWN                              | pending                  | pending                 |
 * | ON_HOLD                                         | pending_authorization    | pending_authorization   |
 * | AUTHORIZED                                      | authorized               | authorized              |
 * | PARTIALLY_CAPTURED, CAPTURED                    | captured                 | captured                |
 * | PARTIALLY_CAPTURED_REFUNDED, (PARTIALLY_)REFUNDED | captured               | not_supported           |
 * | AUTHORIZATION_VOIDED                            | canceled                 | canceled                |
 * | DECLINED, FAILED                                | error                    | failed                  |
 *
 * Refund states have no webhook action in Medusa: refunds are recorded from Medusa's admin.
 */
export function sessionStatusOf(
  session: Pick<DinteroSession, "cancelled_at" | "expires_at">,
  transaction: Pick<DinteroTransaction, "status"> | undefined,
  now: Date = new Date()
): PaymentSessionStatus {
  if (!transaction) {
    return isClosed(session, now) ? "canceled" : "pending"
  }
  switch (transaction.status) {
    case "AUTHORIZED":
      return "authorized"
    case "ON_HOLD":
      return "pending_authorization"
    case "PARTIALLY_CAPTURED":
    case "CAPTURED":
    case "PARTIALLY_CAPTURED_REFUNDED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return "captured"
    case "AUTHORIZATION_VOIDED":
      return "canceled"
    case "DECLINED":
    case "FAILED":
      return "error"
    default:
      // INITIATED, UNKNOWN and anything Dintero adds later: not decided yet, look again later.
      return "pending"
  }
}

export function webhookActionOf(
  session: Pick<DinteroSession, "cancelled_at" | "expires_at"> | undefined,
  transaction: Pick<DinteroTransaction, "status"> | undefined,
  now: Date = new Date()
): PaymentActions {
  if (!transaction) {
    return session && isClosed(session, now) ? "canceled" : "not_supported"
  }
  switch (transaction.status) {
    case "AUTHORIZED":
      return "authorized"
    case "ON_HOLD":
      return "pending_authorization"
    case "PARTIALLY_CAPTURED":
    case "CAPTURED":
      return "captured"
    case "AUTHORIZATION_VOIDED":
      return "canceled"
    case "DECLINED":
    case "FAILED":
      return "failed"
    case "PARTIALLY_CAPTURED_REFUNDED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return "not_supported"
    default:
      return "pending"
  }
}

/** Cancelled, or past its expiry: a session without a transaction can no longer be paid. */
export function isClosed(session: Pick<DinteroSession, "cancelled_at" | "expires_at">, now: Date = new Date()): boolean {
  if (session.cancelled_at) return true
  return !!session.expires_at && Date.parse(session.expires_at) <= now.getTime()
}
