/**
 * Transactions (contract §5): read one, list, set merchant_reference_2, and capture / refund / void
 * through the state machine. A refused operation is a 400 with Dintero's error body; with a 202
 * fault the operation is accepted and applied shortly after (operations.ts).
 *
 * A capture or refund is checked in this order, the first failing check answering: the body
 * (schema, known line_ids, items adding up to amount: VALIDATION_ERROR), the transaction's status
 * (OPERATION_NOT_ALLOWED), the payment product's rules and the per-line limits (product-rules.ts:
 * VALIDATION_ERROR on the field), then the amount limits (OPERATION_NOT_ALLOWED). A request the
 * status rules out gets that answer whatever its items; one with the wrong items for its product
 * is told so before it is told about amounts.
 */
import { z } from "zod"
import { notAllowed, notFound, validationError } from "./errors"
import { json, parseJson, type SandboxResponse } from "./http"
import { acceptOperation, applyCapture, applyRefund, applyVoid, type OperationKind } from "./operations"
import { type OperationRequest, validateCapture, validateRefund } from "./operation-validation"
import { itemsAfter, pageLimit } from "./paging"
import type { RequestContext } from "./routing"
import { captureRuleRefusal, refundRuleRefusal } from "./product-rules"
import {
  captureAmountRefusal,
  captureStatusRefusal,
  ledgerOf,
  refundAmountRefusal,
  refundStatusRefusal,
  voidRefusal,
} from "./state-machine"
import type { StoredTransaction, TransactionStatus } from "./types"
import { transactionView } from "./views"
import { formatIssues } from "./validation"

const STATUSES: readonly TransactionStatus[] = [
  "INITIATED",
  "AUTHORIZED",
  "AUTHORIZATION_VOIDED",
  "CAPTURED",
  "PARTIALLY_CAPTURED",
  "PARTIALLY_CAPTURED_REFUNDED",
  "REFUNDED",
  "PARTIALLY_REFUNDED",
  "DECLINED",
  "FAILED",
  "UNKNOWN",
  "ON_HOLD",
]

function requireTransaction(ctx: RequestContext): StoredTransaction {
  const id = ctx.params[0] ?? ""
  const stored = ctx.sandbox.store.transaction(id)
  if (!stored) throw notFound("Transaction", id)
  return stored
}

/** `includes` is repeatable (explode: true); a comma-separated value is accepted too. */
function includes(ctx: RequestContext, name: string): boolean {
  return ctx.url.searchParams.getAll("includes").some((value) => value.split(",").includes(name))
}

function view(ctx: RequestContext, stored: StoredTransaction) {
  const session = includes(ctx, "session") ? ctx.sandbox.store.session(stored.data.session_id) : undefined
  return transactionView(stored, session, { paymentToken: includes(ctx, "card.payment_token") })
}

export function getTransaction(ctx: RequestContext): SandboxResponse {
  return json(200, view(ctx, requireTransaction(ctx)))
}

/**
 * GET /v1/transactions: a bare array (spec), newest first, filtered by `id`, `session_id`, `status`
 * (repeatable), `merchant_reference`, `merchant_reference_2`, `payment_product_type`,
 * `created_at.gte` / `created_at.lte`; `limit`
 * 1–100 (default 10) and `starting_after` (a transaction id) page through it.
 */
export function listTransactions(ctx: RequestContext): SandboxResponse {
  const params = ctx.url.searchParams
  const limit = pageLimit(params)
  const statuses = params.getAll("status").flatMap((value) => value.split(","))
  const unknownStatus = statuses.find((status) => !STATUSES.includes(status as TransactionStatus))
  if (unknownStatus !== undefined) {
    throw validationError([{ field: "status", message: `unknown status "${unknownStatus}"` }])
  }
  const ids = params.getAll("id")
  const sessionIds = params.getAll("session_id")
  const types = params.getAll("payment_product_type")
  const reference = params.get("merchant_reference")
  const reference2 = params.get("merchant_reference_2")
  const createdAfter = dateParam(params, "created_at.gte")
  const createdBefore = dateParam(params, "created_at.lte")
  const newestFirst = [...ctx.sandbox.store.transactions.values()].reverse()
  const all = itemsAfter(newestFirst, params, (stored) => stored.data.id)
  const matches = all.filter(
    ({ data }) =>
      (ids.length === 0 || ids.includes(data.id)) &&
      (sessionIds.length === 0 || sessionIds.includes(data.session_id)) &&
      (statuses.length === 0 || statuses.includes(data.status)) &&
      (types.length === 0 || types.includes(data.payment_product_type)) &&
      (reference === null || data.merchant_reference === reference) &&
      (reference2 === null || data.merchant_reference_2 === reference2) &&
      (createdAfter === undefined || Date.parse(data.created_at) >= createdAfter) &&
      (createdBefore === undefined || Date.parse(data.created_at) <= createdBefore),
  )
  return json(
    200,
    matches.slice(0, limit).map((stored) => view(ctx, stored)),
  )
}

/** `created_at.gte` / `created_at.lte`: ISO 8601, UTC when no zone is given (spec). */
function dateParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name)
  if (value === null) return undefined
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(value) || !value.includes("T") ? value : `${value}Z`
  const time = Date.parse(zoned)
  if (Number.isNaN(time)) throw validationError([{ field: name, message: "must be an ISO 8601 date-time" }])
  return time
}

const updateBody = z.object({ merchant_reference_2: z.string() })

/** PUT /v1/transactions/{id}: only `merchant_reference_2` can be set (spec). */
export function updateTransaction(ctx: RequestContext): SandboxResponse {
  const stored = requireTransaction(ctx)
  const body = parseJson(ctx.rawBody)
  const parsed = updateBody.safeParse(body)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, body))
  stored.data.merchant_reference_2 = parsed.data.merchant_reference_2
  stored.data.updated_at = new Date().toISOString()
  return json(200, view(ctx, stored))
}

/** Applies the operation now (200), or accepts it for later (202 + `event-request-id`). */
function perform(ctx: RequestContext, stored: StoredTransaction, kind: OperationKind, op: OperationRequest | undefined): SandboxResponse {
  const { sandbox } = ctx
  if (ctx.deferral) {
    const requestId = acceptOperation(sandbox, stored, kind, op, ctx.deferral.delayMs)
    return json(202, view(ctx, stored), { "event-request-id": requestId })
  }
  if (kind === "CAPTURE" && op) applyCapture(sandbox, stored, op)
  else if (kind === "REFUND" && op) applyRefund(sandbox, stored, op)
  else applyVoid(sandbox, stored)
  return json(200, view(ctx, stored))
}

export function captureTransaction(ctx: RequestContext): SandboxResponse {
  const stored = requireTransaction(ctx)
  const op = validateCapture(parseJson(ctx.rawBody), stored.data)
  const ledger = ledgerOf(stored)
  const statusRefusal = captureStatusRefusal(stored.data.status, ledger)
  if (statusRefusal) throw notAllowed(statusRefusal)
  const ruleErrors = captureRuleRefusal(stored.data, op)
  if (ruleErrors.length > 0) throw validationError(ruleErrors)
  const amountRefusal = captureAmountRefusal(ledger, op.amount)
  if (amountRefusal) throw notAllowed(amountRefusal)
  return perform(ctx, stored, "CAPTURE", op)
}

export function refundTransaction(ctx: RequestContext): SandboxResponse {
  const stored = requireTransaction(ctx)
  const op = validateRefund(parseJson(ctx.rawBody), stored.data)
  const statusRefusal = refundStatusRefusal(stored.data.status)
  if (statusRefusal) throw notAllowed(statusRefusal)
  const ruleErrors = refundRuleRefusal(stored.data, op)
  if (ruleErrors.length > 0) throw validationError(ruleErrors)
  const amountRefusal = refundAmountRefusal(ledgerOf(stored), op.amount)
  if (amountRefusal) throw notAllowed(amountRefusal)
  return perform(ctx, stored, "REFUND", op)
}

/** Void takes no body; one sent anyway is ignored. */
export function voidTransaction(ctx: RequestContext): SandboxResponse {
  const stored = requireTransaction(ctx)
  const refusal = voidRefusal(stored.data.status, ledgerOf(stored), stored.data.payment_product_type)
  if (refusal) throw notAllowed(refusal)
  return perform(ctx, stored, "VOID", undefined)
}
