/**
 * What happens when the customer acts on the checkout: the one code path behind the hosted page's
 * buttons and POST /_sandbox/sessions/{id}/pay. It creates the transaction, updates the session,
 * schedules the callback and returns the browser's return_url (contract §7).
 *
 * Outcomes, and why:
 * - authorize: an AUTHORIZED transaction (CAPTURED at once for auto-capture profiles, the session's
 *   `configuration.auto_capture`, and Swish), linked to the session as its `transaction_id`.
 * - on_hold: an ON_HOLD transaction, linked; resolved later through /_sandbox (Walley-style checks).
 * - decline / fail: a DECLINED / FAILED transaction that is *not* linked to the session (a session
 *   has one transaction, the one that paid it; the customer may still try again), returned with
 *   `error=authorization` / `error=failed` and the transaction_id.
 * - cancel: no transaction; the session is cancelled (`cancelled_by: "customer"`) and the customer
 *   returns with `error=cancelled`. *
 * Instabank and Collector need the session's order.items (unless partial_payment): paying with them
 * without is a 400 on `payment_product_type` (product-rules.ts).
 *
 * A session that asks for a payment token (`configuration.payex.creditcard.generate_payment_token`,
 * or a payment token session) gets one on authorization with that product (payment-tokens.ts).
 */
import { ApiError, notAllowed, notFound, validationError } from "./errors"
import { checkoutId, uuid } from "./ids"
import { expressPayRefusal } from "./express-rules"
import { applyCapture, recordEvent } from "./operations"
import type { Sandbox } from "./sandbox"
import { issuePaymentToken, savedCardToken, tokenRequested } from "./payment-tokens"
import { capturesOnAuthorization, payRuleRefusal } from "./product-rules"
import type { CallbackError } from "./callbacks"
import {
  TOKEN_PRODUCT_TYPES,
  type EventItem,
  type JsonObject,
  type SessionEventName,
  type StoredSession,
  type StoredTransaction,
  type Transaction,
  type TransactionEvent,
} from "./types"
import { transactionView } from "./views"

export const PAY_OUTCOMES = ["authorize", "decline", "cancel", "fail", "on_hold"] as const
export type PayOutcome = (typeof PAY_OUTCOMES)[number]

/** Payment product types of the spec's Transaction schema. */
export const PAYMENT_PRODUCT_TYPES: readonly string[] = [
  "bambora.creditcard",
  "bambora.vipps",
  "collector.invoice",
  "collector.invoice_b2b",
  "collector.invoice_b2b_preapproved",
  "collector.installment",
  "dintero.zero",
  "dintero.wallets",
  "dintero_psp.creditcard",
  "instabank.finance",
  "instabank.invoice",
  "instabank.installment",
  "instabank.postponement",
  "klarna.klarna",
  "klarna.billie",
  "netaxept.creditcard",
  "payex.creditcard",
  "payex.mobilepay",
  "payex.swish",
  "payex.vipps",
  "payex.applepay",
  "payex.clicktopay",
  "payex.googlepay",
  "santander.debit_account",
  "swish.swish",
  "vipps",
]

export const DEFAULT_PAYMENT_PRODUCT_TYPE = "dintero_psp.creditcard"

/** The customer the hosted page pretends to be, when the order carries no addresses of its own. */
const SANDBOX_ADDRESS = {
  first_name: "Sandy",
  last_name: "Box",
  address_line: "Sandkassegata 1",
  postal_code: "0150",
  postal_place: "Oslo",
  country: "NO",
  phone_number: "+4799999999",
  email: "customer@example.com",
}

export interface PayResult {
  transaction_id?: string
  redirect_url: string
}

export function isExpired(stored: StoredSession, now = Date.now()): boolean {
  const expiresAt = stored.data.expires_at
  return expiresAt !== undefined && Date.parse(expiresAt) <= now
}

/** Why the session cannot be paid any more, or null when it can. */
export function payRefusal(stored: StoredSession): string | null {
  if (stored.data.cancelled_at) return "The session is cancelled"
  if (stored.data.transaction_id) return "The session is already paid"
  if (isExpired(stored)) return "The session has expired"
  // Dintero disables paying while the merchant updates a locked session (Web SDK lockSession()).
  if (stored.payLockId !== undefined) return "The session is locked for an update; pay after the store refreshes it"
  if (stored.merchantInitiated) return "A merchant-initiated session (POST /v1/sessions/pay) has no customer to pay it"
  return null
}

export function sessionEvent(stored: StoredSession, name: SessionEventName, details?: JsonObject): void {
  const now = new Date().toISOString()
  stored.data.events.push({ id: uuid(), name, created_at: now, ...(details ? { details } : {}) })
  stored.data.updated_at = now
}

/** The return_url with Dintero's parameters added to the merchant's own (§7). */
export function returnUrlFor(stored: StoredSession, transactionId?: string, error?: CallbackError): string {
  const url = new URL(stored.data.url.return_url)
  if (transactionId) url.searchParams.set("transaction_id", transactionId)
  url.searchParams.set("merchant_reference", stored.data.order.merchant_reference)
  if (error) url.searchParams.set("error", error)
  if (stored.data.configuration.channel === "in_app") url.searchParams.set("session_id", stored.data.id)
  return url.toString()
}

/** The session's order.items, plus its shipping_option as one more line with the same line_id (§5.1). */
function transactionItems(stored: StoredSession): JsonObject[] {
  const order = stored.data.order
  const items: JsonObject[] = (order.items ?? []).map((item) => ({ ...item }))
  const shipping = order.shipping_option
  if (shipping) {
    items.push({
      id: shipping.id,
      line_id: shipping.line_id,
      description: shipping.description ?? shipping.title,
      quantity: 1,
      amount: shipping.amount,
      ...(shipping.vat_amount !== undefined ? { vat_amount: shipping.vat_amount } : {}),
      ...(shipping.vat !== undefined ? { vat: shipping.vat } : {}),
      type: "shipping",
    })
  }
  return items
}

export function createTransaction(sandbox: Sandbox, stored: StoredSession, paymentProductType: string): StoredTransaction {
  const session = stored.data
  const order = session.order
  const now = new Date().toISOString()
  const data: Transaction = {
    id: checkoutId(sandbox.options.accountId),
    session_id: session.id,
    merchant_reference: order.merchant_reference,
    ...(order.merchant_reference_2 !== undefined ? { merchant_reference_2: order.merchant_reference_2 } : {}),
    amount: order.amount,
    currency: order.currency,
    status: "INITIATED",
    payment_product: paymentProductType.split(".")[0] ?? paymentProductType,
    payment_product_type: paymentProductType,
    items: transactionItems(stored),
    ...(order.shipping_option ? { shipping_option: { ...order.shipping_option } } : {}),
    // A one-click wallet shares the full address only with the payment: the sandbox customer's, in the given postal code.
    shipping_address: stored.walletAddress ? { ...SANDBOX_ADDRESS, ...order.shipping_address } : { ...(order.shipping_address ?? SANDBOX_ADDRESS) },
    billing_address: stored.walletAddress
      ? { ...SANDBOX_ADDRESS, ...order.shipping_address }
      : { ...(order.billing_address ?? order.shipping_address ?? SANDBOX_ADDRESS) },
    customer: {
      email: SANDBOX_ADDRESS.email,
      phone_number: SANDBOX_ADDRESS.phone_number,
      ...session.customer,
    },
    ...(paymentProductType.endsWith(".creditcard")
      ? { card: { brand: "visa", masked_pan: "400000******0002", expiry_date: "12/2030", type: "Credit" } }
      : {}),
    events: [],
    metadata: { ...session.metadata },
    ...(session.url.callback_url ? { url: { callback_url: session.url.callback_url } } : {}),
    settlement_status: "NOT_SETTLED",
    ...(session.initiating_system_request_headers
      ? { initiating_system_request_headers: { ...session.initiating_system_request_headers } }
      : {}),
    created_at: now,
    updated_at: now,
  }
  const transaction: StoredTransaction = { data, restVoided: false, pending: [] }
  sandbox.store.transactions.set(data.id, transaction)
  return transaction
}

/** The session's configuration starts from the profile's (auto-capture profiles) and may override it. */
function autoCaptures(stored: StoredSession, transaction: StoredTransaction): boolean {
  return (
    stored.data.configuration.auto_capture === true || capturesOnAuthorization(transaction.data.payment_product_type)
  )
}

/**
 * AUTHORIZE, then for auto-capture the CAPTURE of every line; the payment callback reports both.
 * A token session reserves nothing, so there is nothing to capture.
 */
export function authorize(sandbox: Sandbox, stored: StoredSession, transaction: StoredTransaction): void {
  // A saved card already has its token: paying with it makes no second one.
  if (!transaction.paymentToken && tokenRequested(stored, transaction.data.payment_product_type)) {
    issuePaymentToken(sandbox, stored, transaction)
  }
  recordEvent(transaction, {
    event: "AUTHORIZE",
    transaction_status: "AUTHORIZED",
    success: true,
    amount: transaction.data.amount,
  })
  if (!stored.tokenProvider && autoCaptures(stored, transaction)) {
    const items: EventItem[] = transaction.data.items
      .filter((item) => typeof item.line_id === "string" && typeof item.amount === "number")
      .map((item) => ({
        line_id: item.line_id as string,
        amount: item.amount as number,
        ...(typeof item.quantity === "number" ? { quantity: item.quantity } : {}),
      }))
    const linesTotal = items.reduce((sum, item) => sum + item.amount, 0)
    applyCapture(
      sandbox,
      transaction,
      { amount: transaction.data.amount, ...(linesTotal === transaction.data.amount ? { items } : {}) },
      { report: false },
    )
  }
  sessionEvent(stored, "AUTHORIZED", {
    transaction_id: transaction.data.id,
    payment_product_type: transaction.data.payment_product_type,
    amount: transaction.data.amount,
  })
}

export function fail(
  transaction: StoredTransaction,
  status: "DECLINED" | "FAILED",
  error?: NonNullable<TransactionEvent["error"]>,
): void {
  recordEvent(transaction, {
    event: "AUTHORIZE",
    transaction_status: status,
    success: false,
    amount: transaction.data.amount,
    error:
      error ??
      (status === "DECLINED"
        ? { code: "DECLINED", message: "The customer declined the payment" }
        : { code: "FAILED", message: "The payment was rejected" }),
  })
}

/**
 * What the checkout preselects and a payment without a type uses: a token session's provider, the
 * session's `default_payment_type`, the card product a token was asked for, or Dintero Payments' card.
 */
export function preferredPaymentType(stored: StoredSession): string {
  if (stored.tokenProvider) return stored.tokenProvider.payment_product_type
  if (stored.savedCard) return stored.savedCard.payment_product_type
  const configured = stored.data.configuration.default_payment_type
  if (typeof configured === "string" && PAYMENT_PRODUCT_TYPES.includes(configured)) return configured
  return TOKEN_PRODUCT_TYPES.find((type) => tokenRequested(stored, type)) ?? DEFAULT_PAYMENT_PRODUCT_TYPE
}

export function paySession(
  sandbox: Sandbox,
  sessionId: string,
  outcome: PayOutcome,
  paymentProductType?: string,
): PayResult {
  const stored = sandbox.store.session(sessionId)
  if (!stored) throw notFound("Session", sessionId)
  const refusal = payRefusal(stored) ?? expressPayRefusal(stored)
  if (refusal) throw notAllowed(refusal)

  const type = paymentProductType ?? preferredPaymentType(stored)
  if (!PAYMENT_PRODUCT_TYPES.includes(type)) {
    throw validationError([{ field: "payment_product_type", message: `unknown payment product type "${type}"` }])
  }
  const tokenType = stored.tokenProvider?.payment_product_type
  if (tokenType !== undefined && type !== tokenType && outcome !== "cancel") {
    throw validationError([
      { field: "payment_product_type", message: `a payment token session for ${tokenType} can only be paid with ${tokenType}` },
    ])
  }

  if (outcome === "cancel") {
    const now = new Date().toISOString()
    stored.data.cancelled_at = now
    stored.data.cancelled_by = "customer"
    sessionEvent(stored, "CANCELLED", { error: "cancelled" })
    sandbox.callbacks.notify({ kind: "error", session: stored, error: "cancelled" })
    return { redirect_url: returnUrlFor(stored, undefined, "cancelled") }
  }

  const ruleErrors = payRuleRefusal(type, stored.data.order)
  if (ruleErrors.length > 0) throw validationError(ruleErrors)

  const transaction = createTransaction(sandbox, stored, type)
  const saved = savedCardToken(sandbox, stored, type)
  if (saved) {
    transaction.data.card = { ...saved.card, payment_token_id: saved.payment_token_id }
    transaction.paymentToken = saved.payment_token
    saved.payments.push(transaction.data.id)
  }
  const initialStatus = outcome === "on_hold" ? "ON_HOLD" : "INITIATED"
  recordEvent(transaction, {
    event: "INITIALIZE",
    transaction_status: initialStatus,
    success: true,
    amount: transaction.data.amount,
  })
  const id = transaction.data.id

  // A saved card the issuer now refuses (/_sandbox/payment-tokens/{id}/decline) fails like a refused card.
  if (saved?.decline && outcome === "authorize") outcome = "fail"
  if (outcome === "decline" || outcome === "fail") {
    fail(transaction, outcome === "decline" ? "DECLINED" : "FAILED", outcome === "fail" && saved?.decline ? { ...saved.decline } : undefined)
    stored.attempts.push(id)
    const error: CallbackError = outcome === "decline" ? "authorization" : "failed"
    sessionEvent(stored, outcome === "decline" ? "DECLINED" : "FAILED", {
      transaction_id: id,
      payment_product_type: type,
      error,
    })
    sandbox.callbacks.notify({ kind: "error", session: stored, transaction: transactionView(transaction), error })
    return { transaction_id: id, redirect_url: returnUrlFor(stored, id, error) }
  }

  stored.data.transaction_id = id
  if (outcome === "on_hold") {
    sessionEvent(stored, "COMPLETED", { transaction_id: id, payment_product_type: type })
  } else {
    authorize(sandbox, stored, transaction)
  }
  sandbox.callbacks.notify({ kind: "payment", session: stored, transaction: transactionView(transaction) })
  return { transaction_id: id, redirect_url: returnUrlFor(stored, id) }
}

/** Ends an ON_HOLD transaction (AUTHORIZED or FAILED), with the extra callback Dintero sends then. */
export function resolveOnHold(sandbox: Sandbox, transactionId: string, outcome: "authorize" | "fail"): Transaction {
  const transaction = sandbox.store.transaction(transactionId)
  if (!transaction) throw notFound("Transaction", transactionId)
  if (transaction.data.status !== "ON_HOLD") {
    throw notAllowed(`Only an ON_HOLD transaction can be resolved; this one is ${transaction.data.status}`)
  }
  const stored = sandbox.store.session(transaction.data.session_id)
  if (!stored) throw new ApiError(500, "INTERNAL_ERROR", "The transaction's session is gone")
  if (outcome === "authorize") {
    authorize(sandbox, stored, transaction)
  } else {
    fail(transaction, "FAILED")
    sessionEvent(stored, "FAILED", { transaction_id: transactionId, error: "failed" })
  }
  sandbox.callbacks.notify({ kind: "on_hold_resolved", session: stored, transaction: transactionView(transaction) })
  return transactionView(transaction)
}
