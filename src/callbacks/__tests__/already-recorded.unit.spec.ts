import type { MedusaPaymentState } from "../../workflows/settle-dintero-payment/medusa-state"
import { alreadyRecorded, callbackHintOf, CallbackHint } from "../already-recorded"

/** Medusa's records of a payment of 1 000.00 NOK authorized from transaction T1 of Dintero session S1. */
function state(overrides: Partial<MedusaPaymentState> = {}, payment: Partial<NonNullable<MedusaPaymentState["payment"]>> | null = {}): MedusaPaymentState {
  return {
    paymentSessionId: "payses_1",
    status: "authorized",
    providerId: "pp_dintero_dintero",
    currency: "NOK",
    data: { transaction_id: "T1", dintero_session_id: "S1", authorized_amount: 100_000 },
    cartId: "cart_1",
    orderId: "order_1",
    payment: payment === null ? undefined : { id: "pay_1", canceled_at: null, captures: [], refunds: [], ...payment },
    otherSessions: [],
    paidByAnotherSession: false,
    ...overrides,
  }
}

const hint = (overrides: Partial<CallbackHint> = {}): CallbackHint => ({ transactionId: "T1", sessionId: "S1", merchantReference: "payses_1", ...overrides })
const full = [{ id: "capt_1", amount: 1000 }]
const half = [{ id: "capt_1", amount: 500 }]

describe("a callback recognised from Medusa's records alone", () => {
  it.each<[string, CallbackHint, MedusaPaymentState, boolean]>([
    ["the payment callback after the order was made from this transaction", hint(), state(), true],
    ["the payment callback while the cart has no order yet", hint(), state({ orderId: undefined }), false],
    ["the payment callback before Medusa has a payment (ON_HOLD, or not completed)", hint(), state({}, null), false],
    ["a callback for another transaction of the session", hint({ transactionId: "T2" }), state(), false],
    ["a callback naming another Dintero session", hint({ sessionId: "S2" }), state(), false],
    ["a failure report", hint({ error: "failed" }), state(), false],
    ["no transaction id", hint({ transactionId: undefined }), state(), false],
    ["CAPTURE when Medusa captured everything", hint({ event: "CAPTURE" }), state({}, { captures: full }), true],
    ["CAPTURE when Medusa captured part", hint({ event: "CAPTURE" }), state({}, { captures: half }), false],
    ["CAPTURE when Medusa captured nothing (a Backoffice capture)", hint({ event: "CAPTURE" }), state(), false],
    ["CAPTURE without the authorized amount in the data", hint({ event: "CAPTURE" }), state({ data: { transaction_id: "T1", dintero_session_id: "S1" } }, { captures: full }), false],
    ["REFUND when Medusa refunded everything", hint({ event: "REFUND" }), state({}, { captures: full, refunds: full }), true],
    ["REFUND when Medusa refunded part", hint({ event: "REFUND" }), state({}, { captures: full, refunds: half }), false],
    ["VOID when Medusa's payment is cancelled", hint({ event: "VOID" }), state({}, { canceled_at: "2026-11-28T00:00:00Z" }), true],
    ["VOID when Medusa's payment is not cancelled", hint({ event: "VOID" }), state(), false],
    ["an event Dintero may add later", hint({ event: "SETTLE" }), state({}, { captures: full }), false],
  ])("%s → %s", (_name, callback, medusa, expected) => {
    expect(alreadyRecorded(callback, medusa)).toBe(expected)
  })

  it("reads the hint from the query (sid too) and the POST body's transaction id", () => {
    expect(callbackHintOf("transaction_id=T1&session_id=S1&merchant_reference=payses_1&event=CAPTURE&event_id=E1", undefined)).toEqual({
      transactionId: "T1",
      sessionId: "S1",
      merchantReference: "payses_1",
      event: "CAPTURE",
      error: undefined,
    })
    expect(callbackHintOf("sid=S1&merchant_reference=payses_1&error=cancelled", { id: "T9" })).toMatchObject({ transactionId: "T9", sessionId: "S1", error: "cancelled" })
  })
})
