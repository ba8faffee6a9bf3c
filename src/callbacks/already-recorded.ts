import { medusaHoldsAll } from "../money"
import type { MedusaPaymentState } from "../workflows/settle-dintero-payment/medusa-state"
import { medusaLedgerOfState } from "../workflows/settle-dintero-payment/medusa-state"

/** What a Dintero callback's query says, as a hint: never a statement of the transaction's state. */
export type CallbackHint = {
  transactionId?: string
  sessionId?: string
  merchantReference?: string
  /** `cancelled`, `authorization`, `failed` (report_error). */
  error?: string
  /** `CAPTURE`, `REFUND`, `VOID` (report_event). */
  event?: string
}

/**
 * Whether Medusa's records already show everything the callback can be about, so that it is
 * answered without reading Dintero or settling again (a callback is a hint to look, and there is
 * nothing left to record). Only Medusa's own records decide, and only records that were written
 * from a read of Dintero: the payment created from this very transaction, and amounts that
 * cannot grow any further. A forged or replayed callback therefore changes nothing, and anything
 * that may still need recording (a failure, a partial capture or refund, a void not yet recorded,
 * a cart without its order) is read and settled as before.
 *
 * - the payment callback (no event): Medusa's payment was created from this transaction and the
 *   cart has its order (an ON_HOLD payment creates no Medusa payment, so its follow-up is read);
 * - CAPTURE: Medusa has captured the whole authorized amount (Dintero cannot capture more);
 * - REFUND: Medusa has refunded the whole authorized amount;
 * - VOID: Medusa's payment is cancelled.
 */
export function alreadyRecorded(hint: CallbackHint, state: MedusaPaymentState): boolean {
  if (hint.error || !hint.transactionId || !state.payment) return false
  if (state.data.transaction_id !== hint.transactionId) return false
  if (hint.sessionId !== undefined && state.data.dintero_session_id !== hint.sessionId) return false
  if (state.cartId && !state.orderId) return false
  const authorized = authorizedAmount(state)
  const holds = authorized === undefined ? undefined : medusaHoldsAll(medusaLedgerOfState(state), authorized)
  switch (hint.event) {
    case undefined:
      return true
    case "CAPTURE":
      return !!holds?.captured
    case "REFUND":
      return !!holds?.refunded
    case "VOID":
      return !!state.payment.canceled_at
    default:
      return false
  }
}

/** The authorized amount in minor units, as the provider wrote it from Dintero's transaction. */
function authorizedAmount(state: MedusaPaymentState): number | undefined {
  const value = state.data.authorized_amount
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined
}

/** Parses the hint from the callback's query string (and the POST body's transaction id). */
export function callbackHintOf(query: string, body: Record<string, unknown> | undefined): CallbackHint {
  const params = new URLSearchParams(query)
  return {
    transactionId: nonEmpty(params.get("transaction_id")) ?? nonEmpty(body?.id),
    sessionId: nonEmpty(params.get("session_id")) ?? nonEmpty(params.get("sid")),
    merchantReference: nonEmpty(params.get("merchant_reference")),
    error: nonEmpty(params.get("error")),
    event: nonEmpty(params.get("event")),
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined
}

