/**
 * Card payment tokens (spec: `generate_payment_token`, SessionCustomerTokens, TransactionPayEx
 * `card.payment_token` / `card.payment_token_id`).
 *
 * Only `payex.creditcard` and `bambora.creditcard` tokenize cards in the spec, so only those do
 * here. A token is made when a session that asked for one is authorized with that product; it holds
 * the card the transaction was paid with, so a later merchant-initiated payment (POST
 * /v1/sessions/pay, token-sessions.ts) shows the same card. The token itself is a secret: the
 * transaction keeps it outside its data, and the API shows it only with `includes=card.payment_token`.
 *
 * The control API can make a token's payments fail (`decline`) or forget it (`revoke`), which is
 * what a merchant's retry policy has to be tested against.
 */
import { randomBytes } from "node:crypto"
import { z } from "zod"
import { notAllowed, notFound, validationError } from "./errors"
import { json, parseJson, type SandboxResponse } from "./http"
import { uuid } from "./ids"
import type { RequestContext } from "./routing"
import type { Sandbox } from "./sandbox"
import {
  type JsonObject,
  PAYMENT_ERROR_TYPES,
  TOKEN_PRODUCT_TYPES,
  type StoredPaymentToken,
  type StoredSession,
  type StoredTransaction,
  type TokenProductType,
} from "./types"
import { formatIssues } from "./validation"

export function isTokenProductType(type: string): type is TokenProductType {
  return (TOKEN_PRODUCT_TYPES as readonly string[]).includes(type)
}

/**
 * Whether paying the session with this product creates a payment token: a token session for it, or
 * `configuration.<payex|bambora>.creditcard.generate_payment_token: true` (where the spec puts it).
 */
export function tokenRequested(stored: StoredSession, paymentProductType: string): boolean {
  if (!isTokenProductType(paymentProductType)) return false
  const provider = stored.tokenProvider
  if (provider) return provider.payment_product_type === paymentProductType && provider.token_types.includes("payment_token")
  const [gateway] = paymentProductType.split(".")
  const config = stored.data.configuration[gateway ?? ""] as { creditcard?: { generate_payment_token?: unknown } } | undefined
  return config?.creditcard?.generate_payment_token === true
}

/** Makes a token of the transaction's card and shows its id on the card. */
export function issuePaymentToken(sandbox: Sandbox, stored: StoredSession, transaction: StoredTransaction): StoredPaymentToken {
  const card = { ...transaction.data.card }
  const token: StoredPaymentToken = {
    payment_token: uuid(),
    // The shape of the spec's example id (40 hex digits).
    payment_token_id: randomBytes(20).toString("hex"),
    payment_product_type: transaction.data.payment_product_type as TokenProductType,
    card,
    session_id: stored.data.id,
    transaction_id: transaction.data.id,
    created_at: new Date().toISOString(),
    payments: [],
  }
  sandbox.store.paymentTokens.set(token.payment_token, token)
  transaction.data.card = { ...card, payment_token_id: token.payment_token_id }
  transaction.paymentToken = token.payment_token
  return token
}

/**
 * The token a request pays with, or Dintero's refusal naming `field`: an unknown token (or another
 * product's) is a 400 VALIDATION_ERROR, a revoked one a 400 OPERATION_NOT_ALLOWED.
 */
export function usableToken(sandbox: Sandbox, type: string, paymentToken: string | undefined, field: string): StoredPaymentToken {
  const token = sandbox.store.paymentTokens.get(paymentToken ?? "")
  if (!token || token.payment_product_type !== type) {
    throw validationError([{ field, message: `unknown payment token for ${type}` }])
  }
  if (token.revoked_at !== undefined) {
    throw notAllowed(`The payment token was revoked at ${token.revoked_at}`, [{ field, message: "is revoked" }])
  }
  return token
}

/**
 * A session preloaded with saved cards (`customer.tokens`): the first usable one is kept on the
 * session, which shows its `payment_token_id` (read-only in the spec) instead of the token.
 */
export function preloadSavedCard(sandbox: Sandbox, customer: JsonObject | undefined): {
  customer?: JsonObject
  savedCard?: NonNullable<StoredSession["savedCard"]>
} {
  const tokens = customer?.tokens as Record<string, { payment_token?: string } | undefined> | undefined
  if (!customer || !tokens) return { customer }
  const shown: JsonObject = {}
  let savedCard: StoredSession["savedCard"]
  for (const type of TOKEN_PRODUCT_TYPES) {
    const paymentToken = tokens[type]?.payment_token
    if (paymentToken === undefined) continue
    const token = usableToken(sandbox, type, paymentToken, `customer.tokens.${type}.payment_token`)
    shown[type] = { payment_token_id: token.payment_token_id }
    savedCard ??= { payment_product_type: type, payment_token: token.payment_token, card: { ...token.card } }
  }
  return { customer: { ...customer, tokens: shown }, savedCard }
}

/** The saved card a session pays with, when it is paid with that card's product. */
export function savedCardToken(sandbox: Sandbox, stored: StoredSession, paymentProductType: string): StoredPaymentToken | undefined {
  const saved = stored.savedCard
  if (!saved || saved.payment_product_type !== paymentProductType) return undefined
  return sandbox.store.paymentTokens.get(saved.payment_token)
}

/** A token by its `payment_token` or its `payment_token_id` (the control API takes either). */
export function findPaymentToken(sandbox: Sandbox, tokenOrId: string): StoredPaymentToken | undefined {
  const direct = sandbox.store.paymentTokens.get(tokenOrId)
  if (direct) return direct
  return [...sandbox.store.paymentTokens.values()].find((token) => token.payment_token_id === tokenOrId)
}

function tokenView(token: StoredPaymentToken) {
  return JSON.parse(JSON.stringify({ ...token, decline: token.decline ?? null, revoked: token.revoked_at !== undefined })) as unknown
}

function requireToken(ctx: RequestContext): StoredPaymentToken {
  const id = ctx.params[0] ?? ""
  const token = findPaymentToken(ctx.sandbox, id)
  if (!token) throw notFound("Payment token", id)
  return token
}

const declineBody = z.object({
  type: z.enum(PAYMENT_ERROR_TYPES).optional(),
  code: z.string().min(1, "must not be empty").optional(),
  message: z.string().optional(),
})

export function listPaymentTokens(ctx: RequestContext): SandboxResponse {
  return json(200, [...ctx.sandbox.store.paymentTokens.values()].map(tokenView))
}

export function getPaymentToken(ctx: RequestContext): SandboxResponse {
  return json(200, tokenView(requireToken(ctx)))
}

/**
 * `{type?, code?, message?}`: the error every later payment with the token fails with. `type`
 * defaults to `code` when that is one of the spec's types (so `{code: "DO_NOT_RETRY"}` works), else
 * to DO_NOT_RETRY, the answer a card that must never be retried gets.
 */
export function declinePaymentToken(ctx: RequestContext): SandboxResponse {
  const token = requireToken(ctx)
  const input = parseJson(ctx.rawBody) ?? {}
  const parsed = declineBody.safeParse(input)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, input))
  const { code, message } = parsed.data
  const codeAsType = PAYMENT_ERROR_TYPES.find((type) => type === code)
  const type = parsed.data.type ?? codeAsType ?? "DO_NOT_RETRY"
  token.decline = {
    code: code ?? type,
    type,
    message: message ?? `The card issuer refused the payment (${type})`,
  }
  return json(200, tokenView(token))
}

/** Undoes decline and revoke: the token pays again. */
export function approvePaymentToken(ctx: RequestContext): SandboxResponse {
  const token = requireToken(ctx)
  delete token.decline
  delete token.revoked_at
  return json(200, tokenView(token))
}

/** The token stops existing for payments (as after the customer removed the card). */
export function revokePaymentToken(ctx: RequestContext): SandboxResponse {
  const token = requireToken(ctx)
  token.revoked_at ??= new Date().toISOString()
  return json(200, tokenView(token))
}
