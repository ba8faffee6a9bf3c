import { amountToRecord, LedgerTotals, medusaShowsAll } from "../../money"
import type { SettlementKind } from "../../providers/dintero/status"
import { medusaLedgerOfState, MedusaPaymentState } from "./medusa-state"

/**
 * What the settlement does for one payment session, decided from Dintero's state (read under the
 * payment's lock) and Medusa's records. Pure: the steps carry it out.
 */
export type SettlementPlan = {
  kind: SettlementKind
  /** Run Medusa's payment processing (authorize the session, complete the cart) with this action. */
  complete?: "authorized" | "pending_authorization"
  /** Unpaid sessions the storefront created next to the paid one: removed so the paid one completes the cart. */
  removeSessions: string[]
  /**
   * Record in Medusa the captures and refunds Dintero reports beyond Medusa's records (under the
   * payment's lock). Only when Dintero reports any: with nothing captured or refunded at Dintero,
   * Medusa cannot lack anything, and the lock is not taken.
   */
  recordLedger: boolean
  /** Dintero voided the authorization (Backoffice): mark Medusa's payment cancelled. */
  recordVoid: boolean
  /** Declined, failed or cancelled: record it on the payment session (for the storefront). */
  recordFailure: boolean
  /** Paid, but the cart was already paid by another session: a second authorization to release. */
  surplus: boolean
}

const UNPAID = new Set(["pending", "requires_more", "error", "canceled"])

export function planSettlement(kind: SettlementKind, state: MedusaPaymentState, dintero?: LedgerTotals): SettlementPlan {
  const plan: SettlementPlan = { kind, removeSessions: [], recordLedger: false, recordVoid: false, recordFailure: false, surplus: false }
  const awaitingOrder = !!state.cartId && !state.orderId
  const removable = () => state.otherSessions.filter((session) => UNPAID.has(session.status)).map((session) => session.id)

  switch (kind) {
    case "paid":
      if (!state.payment && state.paidByAnotherSession) {
        plan.surplus = true
        return plan
      }
      if (!state.payment || awaitingOrder) {
        plan.complete = "authorized"
        if (awaitingOrder) plan.removeSessions = removable()
      }
      plan.recordLedger = !!dintero && (dintero.captured > 0 || dintero.refunded > 0)
      return plan
    case "on_hold":
      if (awaitingOrder) {
        plan.complete = "pending_authorization"
        plan.removeSessions = removable()
      }
      return plan
    case "voided":
      if (state.payment) plan.recordVoid = !state.payment.canceled_at
      else plan.recordFailure = state.status !== "canceled"
      return plan
    case "failed":
      plan.recordFailure = !state.payment && state.status !== "error"
      return plan
    case "canceled":
      plan.recordFailure = !state.payment && state.status !== "canceled"
      return plan
    case "open":
      return plan
  }
}

/**
 * Whether Medusa durably shows what Dintero reports: then a callback is answered 2xx, and a
 * duplicate is answered without running anything. Medusa recording more than Dintero reported
 * (an admin capture made since, on its way to Dintero) is settled too: a callback only ever
 * records what Dintero has, and waiting for Medusa's own operation would only delay the answer.
 */
export function isSettled(kind: SettlementKind, dintero: LedgerTotals | undefined, state: MedusaPaymentState): boolean {
  switch (kind) {
    case "paid":
      if (!state.payment) return state.paidByAnotherSession // a surplus payment is reported, not recorded
      return (!state.cartId || !!state.orderId) && !!dintero && medusaShowsAll(dintero, medusaLedgerOfState(state))
    case "on_hold":
      return !state.cartId || !!state.orderId
    case "voided":
      return state.payment ? !!state.payment.canceled_at : state.status === "canceled"
    case "failed":
      return !!state.payment || state.status === "error"
    case "canceled":
      return !!state.payment || state.status === "canceled"
    case "open":
      return true
  }
}

/** What to record from Dintero's totals (minor units), given Medusa's records. */
export function toRecord(dintero: LedgerTotals, state: MedusaPaymentState) {
  return amountToRecord(dintero, medusaLedgerOfState(state))
}
