/**
 * The sandbox's own control API under `/_sandbox/` (no auth, JSON): act as the customer, resolve
 * ON_HOLD transactions, read the request and callback logs, inject faults, expire tokens or
 * sessions, set how card payment tokens pay, reset. Nothing here exists on Dintero; it replaces
 * the Backoffice and the customer.
 */
import { z } from "zod"
import { expireAllTokens } from "./auth"
import { validationError } from "./errors"
import { expressJson } from "./express-routes"
import { json, parseJson, type SandboxResponse } from "./http"
import { PAY_OUTCOMES, paySession, resolveOnHold } from "./payment"
import {
  approvePaymentToken,
  declinePaymentToken,
  getPaymentToken,
  listPaymentTokens,
  revokePaymentToken,
} from "./payment-tokens"
import { profileDescription } from "./profiles"
import type { RequestContext, Route } from "./routing"
import { lockSession, requireSession } from "./sessions"
import { formatIssues } from "./validation"
import { sessionView, transactionView } from "./views"

const payBody = z.object({
  outcome: z.enum(PAY_OUTCOMES),
  payment_product_type: z.string().optional(),
})

const resolveBody = z.object({ outcome: z.enum(["authorize", "fail"]) })

function body<T>(ctx: RequestContext, schema: z.ZodType<T>): T {
  const input = parseJson(ctx.rawBody)
  const parsed = schema.safeParse(input ?? {})
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, input ?? {}))
  return parsed.data
}

function info(ctx: RequestContext): SandboxResponse {
  const { options, baseUrl } = ctx.sandbox
  return json(200, {
    name: "dintero-sandbox",
    url: baseUrl,
    account_id: options.accountId,
    client_id: options.clientId,
    audience: `https://api.dintero.com/v1/accounts/${options.accountId}`,
    profiles: options.profiles.map((profile) => ({
      id: profile.id,
      description: profileDescription(profile),
      auto_capture: profile.autoCapture === true,
    })),
    signed_callbacks: options.signatureSecret !== undefined,
    sessions: ctx.sandbox.store.sessions.size,
    transactions: ctx.sandbox.store.transactions.size,
  })
}

function sessionState(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const transactions = [...ctx.sandbox.store.transactions.values()]
    .filter((transaction) => transaction.data.session_id === stored.data.id)
    .map((transaction) => transactionView(transaction))
  return json(200, {
    session: sessionView(stored),
    create_request: stored.createRequest,
    locked: stored.payLockId !== undefined,
    express_callbacks: stored.expressCalls ?? [],
    transactions,
    hosted_page_url: `${ctx.sandbox.baseUrl}/v1/view/${stored.data.id}`,
  })
}

/** The transaction as `GET /v1/transactions/{id}` shows it, without a token (for tests and people). */
function transactionState(ctx: RequestContext): SandboxResponse {
  const stored = ctx.sandbox.store.transactions.get(ctx.params[0] ?? "")
  if (!stored) return json(404, { error: { code: "NOT_FOUND", message: `No transaction ${ctx.params[0]}` } })
  return json(200, transactionView(stored))
}

function pay(ctx: RequestContext): SandboxResponse {
  const input = body(ctx, payBody)
  return json(200, paySession(ctx.sandbox, ctx.params[0] ?? "", input.outcome, input.payment_product_type))
}

function expireSession(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const now = new Date()
  stored.data.expires_at = new Date(now.getTime() - 1).toISOString()
  stored.data.updated_at = now.toISOString()
  return json(200, sessionView(stored))
}

function lock(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const payLockId = lockSession(stored)
  return json(200, { locked: true, pay_lock_id: payLockId, session: sessionView(stored) })
}

function resolve(ctx: RequestContext): SandboxResponse {
  const input = body(ctx, resolveBody)
  return json(200, resolveOnHold(ctx.sandbox, ctx.params[0] ?? "", input.outcome))
}

const ID = "([^/]+)"

function route(method: string, path: string, handler: Route["handler"]): Route {
  return { method, pattern: new RegExp(`^/_sandbox${path}/?$`), auth: false, handler }
}

export const controlRoutes: readonly Route[] = [
  route("GET", "", info),
  route("POST", "/reset", (ctx) => {
    ctx.sandbox.reset()
    return json(200, { reset: true })
  }),
  route("GET", "/requests", (ctx) => json(200, ctx.sandbox.store.requests)),
  route("DELETE", "/requests", (ctx) => {
    ctx.sandbox.store.requests.length = 0
    return json(200, { cleared: true })
  }),
  route("GET", "/callbacks", (ctx) => json(200, ctx.sandbox.store.callbacks)),
  route("DELETE", "/callbacks", (ctx) => {
    ctx.sandbox.store.callbacks.length = 0
    return json(200, { cleared: true })
  }),
  route("GET", "/callbacks/held", (ctx) => json(200, ctx.sandbox.callbacks.heldDeliveries())),
  route("DELETE", "/callbacks/held", (ctx) => {
    const dropped = ctx.sandbox.callbacks.heldDeliveries().length
    ctx.sandbox.callbacks.forgetHeld()
    return json(200, { dropped })
  }),
  route("POST", "/callbacks/hold", (ctx) => {
    ctx.sandbox.callbacks.hold()
    return json(200, { holding: true })
  }),
  route("POST", "/callbacks/release", (ctx) => {
    const body = (ctx.rawBody ? parseJson(ctx.rawBody) : {}) as { copies?: unknown }
    const copies = body.copies === undefined ? 1 : Number(body.copies)
    if (!Number.isInteger(copies) || copies < 1 || copies > 100) {
      return json(400, { error: { code: "VALIDATION_ERROR", message: "copies must be an integer from 1 to 100" } })
    }
    return json(200, ctx.sandbox.callbacks.release(copies))
  }),
  route("GET", "/faults", (ctx) => json(200, ctx.sandbox.faults.list())),
  route("POST", "/faults", (ctx) => json(201, ctx.sandbox.faults.add(parseJson(ctx.rawBody)))),
  route("DELETE", "/faults", (ctx) => {
    ctx.sandbox.faults.clear()
    return json(200, { cleared: true })
  }),
  route("POST", "/tokens/expire", (ctx) => json(200, { expired: expireAllTokens(ctx.sandbox) })),
  route("GET", `/sessions/${ID}`, sessionState),
  route("POST", `/sessions/${ID}/pay`, pay),
  route("POST", `/sessions/${ID}/expire`, expireSession),
  route("POST", `/sessions/${ID}/lock`, lock),
  // Express Checkout as the customer: {address, wallet?}, {line_id}, {discount_codes}.
  route("POST", `/sessions/${ID}/express/shipping-address`, expressJson("shipping_address")),
  route("POST", `/sessions/${ID}/express/shipping-option`, expressJson("shipping_option")),
  route("POST", `/sessions/${ID}/express/discount-codes`, expressJson("discount_codes")),
  route("GET", `/transactions/${ID}`, transactionState),
  // Card payment tokens: list, read, and set how their payments end (payment-tokens.ts).
  route("GET", "/payment-tokens", listPaymentTokens),
  route("GET", `/payment-tokens/${ID}`, getPaymentToken),
  route("POST", `/payment-tokens/${ID}/decline`, declinePaymentToken),
  route("POST", `/payment-tokens/${ID}/approve`, approvePaymentToken),
  route("POST", `/payment-tokens/${ID}/revoke`, revokePaymentToken),
  route("POST", `/transactions/${ID}/resolve`, resolve),
]
