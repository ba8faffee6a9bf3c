/**
 * The JSON endpoints the embedded checkout page calls from the customer's browser (no token; the
 * session id is the secret, as on Dintero's view endpoints). They live under `/v1`, so the request
 * log, injected faults and latency apply: a fault on `/session/lock$` makes the SDK's lockSession()
 * reject with SessionLockFailed.
 *
 * - POST /v1/view/{id}/session/lock → `{pay_lock: {pay_lock_id}}` (Dintero's answer shape)
 * - GET  /v1/view/{id}/session      → `{state, session, pay_lock?, html}` for RefreshSession
 * - POST /v1/view/{id}/session/pay  → the Web SDK event the page posts: same code path as the
 *   hosted page's buttons and POST /_sandbox/sessions/{id}/pay
 */
import { z } from "zod"
import { checkoutBody, messageBody } from "./checkout-markup"
import { checkoutView, closedSession } from "./checkout-state"
import { notAllowed, notFound, validationError } from "./errors"
import { json, parseJson, type SandboxResponse } from "./http"
import { PAY_OUTCOMES, type PayOutcome, paySession } from "./payment"
import type { RequestContext } from "./routing"
import { lockSession, requireSession } from "./sessions"
import { formatIssues } from "./validation"
import { sessionView } from "./views"

export function lockFromPage(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const closed = closedSession(stored)
  if (closed) throw notAllowed(`The session cannot be locked: ${closed.message}`)
  return json(200, { pay_lock: { pay_lock_id: lockSession(stored) } })
}

export function sessionForPage(ctx: RequestContext): SandboxResponse {
  const id = ctx.params[0] ?? ""
  const view = checkoutView(ctx.sandbox, id)
  const stored = view.stored
  if (!stored) throw notFound("Session", id)
  const closed = closedSession(stored)
  return json(200, {
    state: view.state,
    session: sessionView(stored),
    ...(stored.payLockId !== undefined ? { pay_lock: { pay_lock_id: stored.payLockId } } : {}),
    html: closed ? messageBody(closed.title, closed.message, closed.link) : checkoutBody(stored),
  })
}

const payBody = z.object({
  outcome: z.enum(PAY_OUTCOMES),
  payment_product_type: z.string().optional(),
})

/** The SDK event for each outcome, with the fields Dintero's checkout sends (SDK src/checkout.ts). */
const EVENTS: Record<PayOutcome, { type: string; error?: string }> = {
  authorize: { type: "SessionPaymentAuthorized" },
  on_hold: { type: "SessionPaymentOnHold" },
  // The same `error` as the return_url's (contract §7), which the SDK copies to embedResult.
  decline: { type: "SessionPaymentError", error: "authorization" },
  fail: { type: "SessionPaymentError", error: "failed" },
  // No `error`: the SDK adds error=cancelled to embedResult itself.
  cancel: { type: "SessionCancel" },
}

export function payFromPage(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const input = parseJson(ctx.rawBody) ?? {}
  const parsed = payBody.safeParse(input)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, input))
  const { outcome, payment_product_type } = parsed.data
  const result = paySession(ctx.sandbox, stored.data.id, outcome, payment_product_type)
  const { type, error } = EVENTS[outcome]
  return json(200, {
    type,
    ...(result.transaction_id ? { transaction_id: result.transaction_id } : {}),
    merchant_reference: stored.data.order.merchant_reference,
    ...(error ? { error } : {}),
    href: result.redirect_url,
  })
}
