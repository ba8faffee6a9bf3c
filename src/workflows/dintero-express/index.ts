import { createWorkflow, transform, type WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { randomUUID } from "node:crypto"
import { answerExpressAddressStep, type ExpressCallbackInput } from "./steps/answer-address"
import { answerExpressDiscountCodesStep } from "./steps/answer-discount-codes"
import type { DinteroExpressCallbackAnswer } from "../../dintero"
import { applyExpressPaymentStep, type ApplyExpressPaymentInput, type ExpressPaymentOutcome } from "./steps/apply-payment"
import { settleExpressReturnStep } from "./steps/settle-return"

export type { ExpressCallbackInput } from "./steps/answer-address"
export type { ApplyExpressPaymentInput, ExpressPaymentOutcome } from "./steps/apply-payment"
export type { ExpressReturnOutcome } from "./steps/settle-return"

/**
 * Every Express change of one cart (Dintero's callbacks, the payment's choices) runs under this
 * key, one at a time across instances. Not the cart's own key: Medusa's cart workflows that run
 * inside take that one themselves (2 s timeout) and must find it free.
 */
export const expressLockKey = (cartId: string) => `dintero:express:${cartId}`
/** Dintero waits about 10 s for an Express callback's answer: a second call waits for the first at most this long. */
const EXPRESS_LOCK_TIMEOUT_SECONDS = 8

const lockOf = (cartId: string) => ({ key: expressLockKey(cartId), ownerId: `express:${randomUUID()}`, timeout: EXPRESS_LOCK_TIMEOUT_SECONDS, ttl: 60 })

/** A workflow that runs one Express step under the cart's Express lock. */
function underExpressLock<I extends { cart_id: string }, O>(name: string, step: (input: WorkflowData<I>) => WorkflowData<O>) {
  return createWorkflow(name, (input: WorkflowData<I>) => {
    const lock = transform({ input }, ({ input }) => lockOf((input as { cart_id: string }).cart_id))
    acquireLockStep(lock)
    const result = step(input)
    releaseLockStep(lock)
    return new WorkflowResponse(result)
  })
}

/** Dintero's address callback → the cart's address and shipping, answered with Medusa's options and order. */
export const answerDinteroExpressAddressWorkflow = underExpressLock<ExpressCallbackInput, DinteroExpressCallbackAnswer>(
  "answer-dintero-express-address",
  answerExpressAddressStep
)

/** Dintero's discount-code callback → the cart's promotion codes, answered with the new order. */
export const answerDinteroExpressDiscountCodesWorkflow = underExpressLock<ExpressCallbackInput, DinteroExpressCallbackAnswer>(
  "answer-dintero-express-discount-codes",
  answerExpressDiscountCodesStep
)

/** A paid Express checkout → its choices on the cart, or its release when Medusa's total differs (steps/apply-payment.ts). */
export const applyDinteroExpressPaymentWorkflow = underExpressLock<ApplyExpressPaymentInput, ExpressPaymentOutcome>(
  "apply-dintero-express-payment",
  applyExpressPaymentStep
)

/** The shopper's return from a paid Express checkout (`POST /store/dintero/carts/:id/express`). */
export const settleDinteroExpressReturnWorkflow = createWorkflow("settle-dintero-express-return", (input: { cart_id: string; transaction_id: string }) => {
  return new WorkflowResponse(settleExpressReturnStep(input))
})
