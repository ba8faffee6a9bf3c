import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LedgerTotals } from "../../../money"
import type { SettlementKind } from "../../../providers/dintero/status"
import { readMedusaPaymentState } from "../medusa-state"
import { isSettled } from "../plan"

export type SettlementOutcome = {
  kind: SettlementKind
  /** Medusa durably shows what Dintero reports (a callback is then answered 2xx). */
  settled: boolean
  order_id?: string
  /** Dintero's totals the settlement went by (minor units). */
  totals?: LedgerTotals
}

/**
 * Reads Medusa's records once more and says whether they now show what Dintero reports. A paid
 * payment whose order this settlement has just created, with nothing captured or refunded at
 * Dintero, is settled without reading them again.
 */
export const settlementOutcomeStep = createStep(
  "dintero-settlement-outcome",
  async (input: { payment_session_id: string; kind: SettlementKind; totals?: LedgerTotals; completed_order_id?: string }, { container }) => {
    if (input.completed_order_id) {
      return new StepResponse<SettlementOutcome>({ kind: input.kind, settled: true, order_id: input.completed_order_id, totals: input.totals })
    }
    const state = await readMedusaPaymentState(container, input.payment_session_id)
    const outcome: SettlementOutcome = {
      kind: input.kind,
      settled: !!state && isSettled(input.kind, input.totals, state),
      order_id: state?.orderId,
      totals: input.totals,
    }
    return new StepResponse(outcome)
  }
)
