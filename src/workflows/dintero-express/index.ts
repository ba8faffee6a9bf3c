import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { randomUUID } from "node:crypto"
import { answerExpressAddressStep, type ExpressCallbackInput } from "./steps/answer-address"
import { answerExpressDiscountCodesStep } from "./steps/answer-discount-codes"
import { applyExpressPaymentStep, type ApplyExpressPaymentInput } from "./steps/apply-payment"
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

/** Dintero's address callback → the cart's address and shipping, answered with Medusa's options and order. */
export const answerDinteroExpressAddressWorkflow = createWorkflow("answer-dintero-express-address", (input: ExpressCallbackInput) => {
  const lock = transform({ input }, ({ input }) => lockOf(input.cart_id))
  acquireLockStep(lock)
  const answer = answerExpressAddressStep(input)
  releaseLockStep(lock)
  return new WorkflowResponse(answer)
})

/** Dintero's discount-code callback → the cart's promotion codes, answered with the new order. */
export const answerDinteroExpressDiscountCodesWorkflow = createWorkflow("answer-dintero-express-discount-codes", (input: ExpressCallbackInput) => {
  const lock = transform({ input }, ({ input }) => lockOf(input.cart_id))
  acquireLockStep(lock)
  const answer = answerExpressDiscountCodesStep(input)
  releaseLockStep(lock)
  return new WorkflowResponse(answer)
})

/** A paid Express checkout → its choices on the cart, or its release when Medusa's total differs (steps/apply-payment.ts). */
export const applyDinteroExpressPaymentWorkflow = createWorkflow("apply-dintero-express-payment", (input: ApplyExpressPaymentInput) => {
  const lock = transform({ input }, ({ input }) => lockOf(input.cart_id))
  acquireLockStep(lock)
  const outcome = applyExpressPaymentStep(input)
  releaseLockStep(lock)
  return new WorkflowResponse(outcome)
})

/** The shopper's return from a paid Express checkout (`POST /store/dintero/carts/:id/express`). */
export const settleDinteroExpressReturnWorkflow = createWorkflow("settle-dintero-express-return", (input: { cart_id: string; transaction_id: string }) => {
  return new WorkflowResponse(settleExpressReturnStep(input))
})
