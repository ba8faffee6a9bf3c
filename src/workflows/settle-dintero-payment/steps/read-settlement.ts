import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DinteroClient, DinteroTransaction, ledgerTotalsOf } from "../../../dintero"
import type { LedgerTotals } from "../../../money"
import { configuredDinteroProvider } from "../../../providers/dintero/configured"
import { readDinteroState } from "../../../providers/dintero/dintero-state"
import { handOverVerifiedTransaction } from "../../../providers/dintero/verified-handoff"
import { assertTransactionBelongs } from "../../../providers/dintero/transaction-check"
import { DinteroPaymentData, readPaymentData } from "../../../providers/dintero/session-data"
import { paymentDataToSettle } from "../../../providers/dintero/merchant-initiated"
import { isPaidOrHeld, settlementKindOf } from "../../../providers/dintero/status"
import { MedusaPaymentState, readMedusaPaymentState } from "../medusa-state"
import { planSettlement, SettlementPlan } from "../plan"

export type SettlementReading = {
  plan: SettlementPlan
  /** Dintero's totals of the deciding transaction (minor units), when it has one. */
  totals?: LedgerTotals
  transaction?: Pick<DinteroTransaction, "id" | "status" | "amount" | "currency" | "session_id">
  cartId?: string
  orderId?: string
  dinteroSessionId: string
}

/**
 * Reads Dintero's state of the payment (its session, and the paid transaction or the newest failed
 * attempt) and Medusa's records, and plans what to do. Dintero is read here again, not taken from
 * the callback: the hinted transaction may be an old declined attempt of a session paid since.
 */
export const readSettlementStep = createStep(
  "read-dintero-settlement",
  async (
    input: { provider_id: string; payment_session_id: string; observed?: DinteroTransaction; medusa_state?: MedusaPaymentState },
    { container }
  ) => {
    const provider = configuredDinteroProvider(container, input.provider_id)
    if (!provider) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `${input.provider_id} is not a Dintero payment provider of this server`)
    }
    const state = input.medusa_state ?? (await readMedusaPaymentState(container, input.payment_session_id))
    if (!state) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `There is no Medusa payment session ${input.payment_session_id}`)
    }
    // A merchant-initiated charge Medusa has not recorded: the charge Dintero made, if any, is settled.
    const raw = await paymentDataToSettle(provider.client, state.data, input.observed)
    if (!raw) {
      return new StepResponse<SettlementReading>({ plan: planSettlement("open", state), cartId: state.cartId, orderId: state.orderId, dinteroSessionId: "" })
    }
    const data = readPaymentData(raw, "settle the Dintero payment")
    const { session, transaction } = await currentState(provider.client, data, input.observed)
    const kind = settlementKindOf(session, transaction)
    const totals = transaction ? ledgerTotalsOf(transaction) : undefined
    const plan = planSettlement(kind, state, totals)
    if (plan.complete && transaction) {
      // The completion this settlement runs next authorizes with this very read, not a second one.
      handOverVerifiedTransaction(input.payment_session_id, transaction)
    }
    const reading: SettlementReading = {
      plan,
      totals,
      transaction: transaction
        ? { id: transaction.id, status: transaction.status, amount: transaction.amount, currency: transaction.currency, session_id: transaction.session_id }
        : undefined,
      cartId: state.cartId,
      orderId: state.orderId,
      dinteroSessionId: data.dintero_session_id,
    }
    return new StepResponse(reading)
  }
)

/**
 * Dintero's state of the payment. A transaction the callback's verifier has just read from Dintero
 * (never the callback's own claim) decides it when it is a paid one of this session: a session has
 * at most one paid transaction, and its totals only grow, so nothing is read twice. A declined or
 * failed attempt does not decide it (the session may have been paid since): the session is read.
 */
async function currentState(client: DinteroClient, data: DinteroPaymentData, observed: DinteroTransaction | undefined) {
  if (observed && isPaidOrHeld(observed)) {
    assertTransactionBelongs(observed, data)
    return { session: undefined, transaction: observed }
  }
  return readDinteroState(client, data)
}
