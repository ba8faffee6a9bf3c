import type { PaymentSessionStatus } from "@medusajs/framework/types"
import type { DinteroSession, DinteroTransaction } from "../../dintero"
import { capturedAmount } from "../../dintero"

type SessionState = Pick<DinteroSession, "cancelled_at" | "expires_at">
type TransactionState = Pick<DinteroTransaction, "status" | "amount" | "events">

/**
 * What a Dintero session and its transaction mean for Medusa, in one place.
 *
 * | Dintero                                            | kind     | Medusa session status   |
 * |----------------------------------------------------|----------|-------------------------|
 * | no transaction, session open                       | open     | pending                 |
 * | no transaction, session cancelled or expired       | canceled | canceled                |
 * | INITIATED, UNKNOWN, anything new                   | open     | pending                 |
 * | ON_HOLD                                            | on_hold  | pending_authorization   |
 * | AUTHORIZED, PARTIALLY_CAPTURED, any refund state   | paid     | authorized              |
 * | the whole amount captured (CAPTURED, REFUNDED …)   | paid     | captured                |
 * | AUTHORIZATION_VOIDED                               | voided   | canceled                |
 * | DECLINED, FAILED                                   | failed   | error                   |
 *
 * "captured" only when Dintero captured the whole amount: Medusa then records one capture of the
 * whole session amount. A partial capture (Backoffice before the order existed) is authorized;
 * the settlement records the captured part as it is.
 */
export type SettlementKind = "open" | "canceled" | "on_hold" | "paid" | "voided" | "failed"

export function settlementKindOf(session: SessionState | undefined, transaction: Pick<DinteroTransaction, "status"> | undefined, now: Date = new Date()): SettlementKind {
  if (!transaction) {
    return session && isClosed(session, now) ? "canceled" : "open"
  }
  switch (transaction.status) {
    case "AUTHORIZED":
    case "PARTIALLY_CAPTURED":
    case "CAPTURED":
    case "PARTIALLY_CAPTURED_REFUNDED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return "paid"
    case "ON_HOLD":
      return "on_hold"
    case "AUTHORIZATION_VOIDED":
      return "voided"
    case "DECLINED":
    case "FAILED":
      return "failed"
    default:
      // INITIATED, UNKNOWN and anything Dintero adds later: not decided yet, look again later.
      return "open"
  }
}

export function sessionStatusOf(session: SessionState | undefined, transaction: TransactionState | undefined, now: Date = new Date()): PaymentSessionStatus {
  switch (settlementKindOf(session, transaction, now)) {
    case "paid":
      return capturedAmount(transaction as DinteroTransaction) >= (transaction as TransactionState).amount ? "captured" : "authorized"
    case "on_hold":
      return "pending_authorization"
    case "voided":
    case "canceled":
      return "canceled"
    case "failed":
      return "error"
    case "open":
      return "pending"
  }
}

/**
 * A transaction only a session's paying attempt has (paid, on hold, or voided since): a session
 * has at most one such transaction, and it decides the payment. Declined, failed, initiated and
 * unknown statuses do not.
 */
export function isPaidOrHeld(transaction: Pick<DinteroTransaction, "status">): boolean {
  const kind = settlementKindOf(undefined, transaction)
  return kind === "paid" || kind === "on_hold" || kind === "voided"
}

/** Cancelled, or past its expiry: a session without a transaction can no longer be paid. */
export function isClosed(session: SessionState, now: Date = new Date()): boolean {
  if (session.cancelled_at) return true
  return !!session.expires_at && Date.parse(session.expires_at) <= now.getTime()
}
