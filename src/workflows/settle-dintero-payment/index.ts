import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { randomUUID } from "node:crypto"
import type { DinteroTransaction } from "../../dintero"
import { fromMinorUnits } from "../../money"
import { PAYMENT_LOCK_TIMEOUT_SECONDS, paymentLockKey } from "../../providers/dintero/payment-lock"
import type { MedusaPaymentState } from "./medusa-state"
import { handleSurplusStep } from "./steps/handle-surplus"
import { processDinteroPaymentStep } from "./steps/process-payment"
import { readSettlementStep } from "./steps/read-settlement"
import { recordFailureStep } from "./steps/record-failure"
import { recordDinteroLedgerStep } from "./steps/record-ledger"
import { recordVoidStep } from "./steps/record-void"
import { removeOtherSessionsStep } from "./steps/remove-other-sessions"
import { settlementOutcomeStep } from "./steps/settlement-outcome"

export type SettleDinteroPaymentInput = {
  provider_id: string
  /** The Medusa payment session (Dintero's merchant_reference). */
  payment_session_id: string
  /** Release a surplus authorization (the reconciliation job); callbacks only report it. */
  release_surplus?: boolean
  /** The transaction the callback's verifier read from Dintero just now (saves reading it again). */
  observed_transaction?: DinteroTransaction
  /** Medusa's records of the payment session, read just now by the caller in its turn (saves reading them again). */
  medusa_state?: MedusaPaymentState
}

export const settleDinteroPaymentWorkflowId = "settle-dintero-payment"

/**
 * Brings Medusa in line with what Dintero reports for one payment, exactly once, whoever asks
 * (Dintero's callback, the reconciliation job, a recheck after a lost answer) and however often:
 *
 * 1. read Dintero's state of the payment (its session, and the paid transaction or the newest
 *    failed attempt) and Medusa's records; plan (plan.ts);
 * 2. a paid or on-hold payment without an order: remove the unpaid sibling sessions, then Medusa's
 *    payment processing authorizes the session and completes the cart under the cart's lock;
 * 3. under the payment's lock (Locking Module, one key per payment session; the provider's own
 *    captures, refunds and voids take the same key): record what Dintero has captured or refunded
 *    beyond Medusa's records, reading Medusa's records again under the lock, and report (or, for
 *    the job, release) a surplus payment;
 * 4. record a failure on the session (under the cart's lock), or a void made at Dintero (the
 *    provider takes the payment's lock itself); say whether Medusa now shows it all.
 *
 * Dintero's totals only grow (captures and refunds are never taken back), so totals read before
 * the lock can only make a settlement record less than Dintero has, never more; the next report
 * records the rest. The completion runs outside the payment's lock: a completion Medusa compensates
 * (it cancels the payment) must not wait for a lock its own caller holds.
 *
 * Nothing here asks Dintero to move money, except releasing a surplus authorization when the
 * reconciliation job asks for it.
 */
export const settleDinteroPaymentWorkflow = createWorkflow(settleDinteroPaymentWorkflowId, (input: SettleDinteroPaymentInput) => {
  const reading = readSettlementStep({
    provider_id: input.provider_id,
    payment_session_id: input.payment_session_id,
    observed: input.observed_transaction,
    medusa_state: input.medusa_state,
  })

  when("dintero-remove-other-sessions", { reading }, ({ reading }) => reading.plan.removeSessions.length > 0).then(() => {
    removeOtherSessionsStep({ payment_session_ids: reading.plan.removeSessions })
  })

  const processed = when("dintero-process-payment", { reading }, ({ reading }) => !!reading.plan.complete).then(() => {
    const processInput = transform({ input, reading }, ({ input, reading }) => ({
      payment_session_id: input.payment_session_id,
      action: reading.plan.complete!,
      amount: reading.transaction ? fromMinorUnits(reading.transaction.amount, reading.transaction.currency) : 0,
      cart_id: reading.cartId,
      order_id: reading.orderId,
    }))
    return processDinteroPaymentStep(processInput)
  })

  // One object, computed once: its key and owner go to both the acquire and the release. The lock
  // is taken only when there is something to record or report under it (Medusa's workflow SDK
  // does not nest conditions, so each step has its own).
  const lock = transform({ input }, ({ input }) => ({
    key: paymentLockKey(input.payment_session_id),
    ownerId: `settle:${randomUUID()}`,
    timeout: PAYMENT_LOCK_TIMEOUT_SECONDS,
    ttl: 120,
  }))
  const needsLock = transform({ reading }, ({ reading }) => (reading.plan.recordLedger && !!reading.totals) || (reading.plan.surplus && !!reading.transaction))
  when("dintero-acquire-payment-lock", { needsLock }, ({ needsLock }) => needsLock).then(() => {
    acquireLockStep(lock)
  })

  when("dintero-record-ledger", { reading }, ({ reading }) => reading.plan.recordLedger && !!reading.totals).then(() => {
    const ledgerInput = transform({ input, reading }, ({ input, reading }) => ({
      payment_session_id: input.payment_session_id,
      totals: reading.totals!,
    }))
    recordDinteroLedgerStep(ledgerInput)
  })

  when("dintero-surplus", { reading }, ({ reading }) => reading.plan.surplus && !!reading.transaction).then(() => {
    const surplusInput = transform({ input, reading }, ({ input, reading }) => ({
      provider_id: input.provider_id,
      payment_session_id: input.payment_session_id,
      dintero_session_id: reading.dinteroSessionId,
      transaction: reading.transaction!,
      cart_id: reading.cartId,
      order_id: reading.orderId,
      release: !!input.release_surplus,
    }))
    handleSurplusStep(surplusInput)
  })

  when("dintero-release-payment-lock", { needsLock }, ({ needsLock }) => needsLock).then(() => {
    releaseLockStep(lock)
  })

  when("dintero-record-failure", { reading }, ({ reading }) => reading.plan.recordFailure).then(() => {
    const failureInput = transform({ input, reading }, ({ input, reading }) => ({
      payment_session_id: input.payment_session_id,
      cart_id: reading.cartId,
    }))
    recordFailureStep(failureInput)
  })

  when("dintero-record-void", { reading }, ({ reading }) => reading.plan.recordVoid).then(() => {
    recordVoidStep({ payment_session_id: input.payment_session_id })
  })

  const outcome = settlementOutcomeStep(
    transform({ input, reading, processed }, ({ input, reading, processed }) => ({
      payment_session_id: input.payment_session_id,
      kind: reading.plan.kind,
      totals: reading.totals,
      // The completion just made the order, and nothing else was to be recorded: settled, as is.
      completed_order_id:
        reading.plan.kind === "paid" && !reading.plan.recordLedger && !reading.plan.surplus ? processed?.order_id : undefined,
    }))
  )
  return new WorkflowResponse(outcome)
})
