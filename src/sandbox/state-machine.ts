/**
 * Dintero's transaction state machine (contract §5.2–§5.5), as pure functions over the amounts.
 *
 * The status after authorization is derived from three integers, never stored independently:
 * captured = Σ successful CAPTURE events, refunded = Σ successful REFUND events, and the ceiling
 * (the authorized amount, or the captured amount once the rest was voided). Deriving it keeps the
 * status and the events from disagreeing.
 *
 * What depends on the payment product (void after a partial capture, final_capture, Swish's
 * capture at payment, the rules on items) is in product-rules.ts.
 */
import { voidsRestAfterPartialCapture } from "./product-rules"
import type { StoredTransaction, TransactionStatus } from "./types"

/** Statuses from which nothing can be captured, refunded or voided any more. */
const FINAL_OR_WAITING: readonly TransactionStatus[] = [
  "INITIATED",
  "ON_HOLD",
  "DECLINED",
  "FAILED",
  "UNKNOWN",
  "AUTHORIZATION_VOIDED",
  "REFUNDED",
]

export interface Ledger {
  authorized: number
  captured: number
  refunded: number
  restVoided: boolean
  /** Amounts of accepted (202) operations not applied yet; they count against the limits. */
  pendingCapture: number
  pendingRefund: number
  pendingVoid: boolean
}

export function ledgerOf(stored: StoredTransaction): Ledger {
  const sum = (event: string) =>
    stored.data.events
      .filter((e) => e.event === event && e.success)
      .reduce((total, e) => total + (e.amount ?? 0), 0)
  const pending = (kind: string) =>
    stored.pending.filter((p) => p.kind === kind).reduce((total, p) => total + p.amount, 0)
  return {
    authorized: stored.data.amount,
    captured: sum("CAPTURE"),
    refunded: sum("REFUND"),
    restVoided: stored.restVoided,
    pendingCapture: pending("CAPTURE"),
    pendingRefund: pending("REFUND"),
    pendingVoid: stored.pending.some((p) => p.kind === "VOID"),
  }
}

/** The status of an authorized transaction given its amounts (§5.5). */
export function statusFromAmounts(ledger: Pick<Ledger, "authorized" | "captured" | "refunded" | "restVoided">): TransactionStatus {
  const ceiling = ledger.restVoided ? ledger.captured : ledger.authorized
  if (ledger.captured === 0) return ledger.restVoided ? "AUTHORIZATION_VOIDED" : "AUTHORIZED"
  const partlyCaptured = ledger.captured < ceiling
  if (ledger.refunded === 0) return partlyCaptured ? "PARTIALLY_CAPTURED" : "CAPTURED"
  if (partlyCaptured) return "PARTIALLY_CAPTURED_REFUNDED"
  return ledger.refunded < ledger.captured ? "PARTIALLY_REFUNDED" : "REFUNDED"
}

/** Why the transaction's status does not allow a capture at all, or null when it does. */
export function captureStatusRefusal(status: TransactionStatus, ledger: Ledger): string | null {
  if (!["AUTHORIZED", "PARTIALLY_CAPTURED", "PARTIALLY_CAPTURED_REFUNDED"].includes(status)) {
    return `Capture is not allowed for a transaction with status ${status}`
  }
  if (ledger.restVoided || ledger.pendingVoid) return "Capture is not allowed: the remaining authorization was voided"
  return null
}

/** Why a capture of `amount` exceeds what is left of the authorization, or null when it fits. */
export function captureAmountRefusal(ledger: Ledger, amount: number): string | null {
  const remaining = ledger.authorized - ledger.captured - ledger.pendingCapture
  if (amount > remaining) {
    return `Capture amount ${amount} exceeds the remaining authorized amount ${remaining}`
  }
  return null
}

/** Why the transaction's status does not allow a refund at all, or null when it does. */
export function refundStatusRefusal(status: TransactionStatus): string | null {
  if (FINAL_OR_WAITING.includes(status) || status === "AUTHORIZED") {
    return `Refund is not allowed for a transaction with status ${status}`
  }
  return null
}

/** Why a refund of `amount` exceeds the captured amount not yet refunded, or null when it fits. */
export function refundAmountRefusal(ledger: Ledger, amount: number): string | null {
  const refundable = ledger.captured - ledger.refunded - ledger.pendingRefund
  if (amount > refundable) {
    return `Refund amount ${amount} exceeds the captured amount not yet refunded ${refundable}`
  }
  return null
}

/** Why a void is not allowed, or null when it is. */
export function voidRefusal(status: TransactionStatus, ledger: Ledger, paymentProductType: string): string | null {
  if (ledger.pendingCapture > 0 || ledger.pendingVoid) {
    return "Void is not allowed while another operation on the transaction is pending"
  }
  if (status === "AUTHORIZED") return null
  if (status === "PARTIALLY_CAPTURED" || status === "PARTIALLY_CAPTURED_REFUNDED") {
    if (voidsRestAfterPartialCapture(paymentProductType)) return null
    return `Void after a partial capture is not supported for payment type ${paymentProductType}`
  }
  return `Void is not allowed for a transaction with status ${status}`
}
