/**
 * The two session endpoints of card tokenization (spec):
 *
 * - POST /v1/sessions/payment-token: a session that reserves no amount; paying it (hosted page,
 *   embedded page, /_sandbox) creates a transaction holding a payment token of the card.
 * - POST /v1/sessions/pay: a merchant-initiated payment with a payment token. The session is created
 *   and paid in one call; the answer is the transaction plus SessionPayResult (`success`,
 *   `session_id`, `actions`).
 *
 * The trap the spec warns about: a payment the issuer refuses is a **200** with a `FAILED`
 * transaction whose AUTHORIZE event carries the error (`events[].error.type: "DO_NOT_RETRY"` when the
 * card must never be retried), not an HTTP error. Requests the sandbox cannot even try (bad body,
 * unknown or revoked token, duplicate merchant_reference under a strict feature toggle) are 400s
 * with Dintero's error body plus `success: false`, the spec's 4XX shape for this endpoint.
 */
import { z } from "zod"
import { ApiError, type FieldError, validationError } from "./errors"
import { json, parseJson, type SandboxResponse } from "./http"
import { recordEvent } from "./operations"
import { authorize, createTransaction, fail, sessionEvent } from "./payment"
import { usableToken } from "./payment-tokens"
import type { RequestContext } from "./routing"
import { featureToggles, sessionCreated, storeNewSession } from "./sessions"
import { metadata, newOrder, orderRuleErrors } from "./session-validation"
import { TOKEN_PRODUCT_TYPES, type JsonObject, type SessionOrder, type SessionUrls } from "./types"
import { formatIssues, isAbsoluteUrl, isDateTime, isHttpUrl } from "./validation"
import { transactionView } from "./views"

const customer = z.object({
  customer_id: z.string().optional(),
  email: z.string().optional(),
  phone_number: z.string().optional(),
})

const expiresAt = z.string().refine(isDateTime, "must be an ISO 8601 date-time, e.g. 2030-01-01T12:00:00Z")

const tokenSessionSchema = z.object({
  session: z.object({
    order: z.object({
      currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code in upper case"),
      merchant_reference: z.string().min(1, "must not be empty"),
      merchant_reference_2: z.string().optional(),
      store: z.object({ id: z.string() }).optional(),
    }),
    url: z.object({
      return_url: z.string().refine(isAbsoluteUrl, "must be an absolute URL"),
      callback_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional(),
      merchant_terms_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional(),
    }),
    profile_id: z.string().min(1, "must not be empty").optional(),
    customer: customer.optional(),
    expires_at: expiresAt.optional(),
    configuration: z.record(z.string(), z.unknown()).optional(),
    metadata: metadata.optional(),
  }),
  token_provider: z.object({
    payment_product_type: z.enum(TOKEN_PRODUCT_TYPES),
    token_types: z.array(z.enum(["payment_token", "recurrence_token"])).min(1, "must name at least one token type"),
  }),
})

type TokenSessionBody = z.infer<typeof tokenSessionSchema>

const tokenReference = z.object({
  payment_token: z.string().min(1, "must not be empty").optional(),
  recurrence_token: z.string().optional(),
})

const paySchema = z.object({
  session: z.object({
    order: newOrder,
    url: z.object({ callback_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional() }).optional(),
    customer: customer
      .extend({
        tokens: z
          .object({ "payex.creditcard": tokenReference.optional(), "bambora.creditcard": tokenReference.optional() })
          .optional(),
      })
      .optional(),
    expires_at: expiresAt.optional(),
    configuration: z.object({ auto_capture: z.boolean().optional() }).optional(),
    metadata: metadata.optional(),
    // Not in the spec's PaySessionOptions: the sandbox's way to take a profile's auto-capture.
    profile_id: z.string().min(1, "must not be empty").optional(),
  }),
  payment: z.object({
    payment_product_type: z.enum(TOKEN_PRODUCT_TYPES),
    operation: z.enum(["unscheduled_purchase", "recurring_purchase"]),
  }),
})

type PayBody = z.infer<typeof paySchema>

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function parseBody<T>(ctx: RequestContext, schema: z.ZodType<T>): T {
  const body = parseJson(ctx.rawBody)
  if (body === undefined) throw validationError([{ field: "body", message: "is required" }])
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, body))
  return copy(parsed.data)
}

function profileErrors(ctx: RequestContext, profileId: string | undefined, field: string): FieldError[] {
  if (profileId === undefined || ctx.sandbox.profile(profileId)) return []
  const known = ctx.sandbox.options.profiles.map((profile) => profile.id).join(", ")
  return [{ field, message: `unknown payment profile "${profileId}" (known: ${known})` }]
}

function expiryErrors(expires: string | undefined, field: string): FieldError[] {
  return expires !== undefined && Date.parse(expires) <= Date.now() ? [{ field, message: "must be in the future" }] : []
}

/** POST /v1/sessions/payment-token: answers SessionCreated (`id`, `url`, `publish`, `session` with include_session). */
export function createPaymentTokenSession(ctx: RequestContext): SandboxResponse {
  const { sandbox } = ctx
  const body: TokenSessionBody = parseBody(ctx, tokenSessionSchema)
  const { session: input, token_provider } = body
  const errors = [
    ...profileErrors(ctx, input.profile_id, "session.profile_id"),
    ...expiryErrors(input.expires_at, "session.expires_at"),
  ]
  if (!token_provider.token_types.includes("payment_token")) {
    errors.push({
      field: "token_provider.token_types",
      message: "must include payment_token (the sandbox does not emulate recurrence tokens)",
    })
  }
  if (errors.length > 0) throw validationError(errors)
  const profileId = input.profile_id ?? sandbox.options.profiles[0]?.id ?? "default"
  const { order, url, customer: buyer, expires_at, configuration, metadata: meta } = input
  const stored = storeNewSession(
    ctx,
    body,
    {
      profile_id: profileId,
      url: url as SessionUrls,
      // Nothing is reserved: the order has no amount and no lines.
      order: { ...order, amount: 0 } as SessionOrder,
      ...(buyer ? { customer: buyer as JsonObject } : {}),
      configuration: { ...configuration, auto_capture: false },
      ...(expires_at ? { expires_at } : {}),
      metadata: { ...meta, "session:profile_id": profileId },
    },
    { tokenProvider: { payment_product_type: token_provider.payment_product_type, token_types: [...token_provider.token_types] } }
  )
  return sessionCreated(ctx, stored)
}

/** The spec's 4XX/500 body for /v1/sessions/pay: Error plus SessionPayResult (`success` is required). */
function payError(error: ApiError, sessionId?: string): SandboxResponse {
  return json(
    error.status,
    { ...error.toBody(), success: false, ...(sessionId ? { session_id: sessionId } : {}) },
    error.headers,
  )
}

/** `strict-merchant-reference`: any session with the reference; `strict-success-…`: only a paid one. */
function duplicateReference(ctx: RequestContext, reference: string): string | null {
  const toggles = featureToggles(ctx.headers)
  const strict = toggles.includes("strict-merchant-reference")
  const strictSuccess = toggles.includes("strict-success-merchant-reference")
  if (!strict && !strictSuccess) return null
  for (const stored of ctx.sandbox.store.sessions.values()) {
    if (stored.data.order.merchant_reference !== reference) continue
    if (strict) return `a session with merchant_reference "${reference}" exists (${stored.data.id}); strict-merchant-reference requires it to be unique`
    if (stored.data.transaction_id !== undefined) {
      return `a session with merchant_reference "${reference}" was paid (${stored.data.id}); strict-success-merchant-reference requires it to be unique`
    }
  }
  return null
}

/** POST /v1/sessions/pay. */
export function payWithToken(ctx: RequestContext): SandboxResponse {
  try {
    return pay(ctx)
  } catch (error) {
    if (error instanceof ApiError) return payError(error)
    throw error
  }
}

function pay(ctx: RequestContext): SandboxResponse {
  const { sandbox } = ctx
  const body: PayBody = parseBody(ctx, paySchema)
  const { session: input, payment } = body
  const type = payment.payment_product_type
  const tokenField = `session.customer.tokens.${type}.payment_token`
  const errors: FieldError[] = [
    ...profileErrors(ctx, input.profile_id, "session.profile_id"),
    ...expiryErrors(input.expires_at, "session.expires_at"),
    ...orderRuleErrors(input.order as SessionOrder, "session.order", false),
  ]
  if (payment.operation === "recurring_purchase") {
    errors.push({
      field: "payment.operation",
      message: "recurring_purchase pays with a recurrence token, which the sandbox does not emulate; use unscheduled_purchase",
    })
  }
  const paymentToken = input.customer?.tokens?.[type]?.payment_token
  if (payment.operation === "unscheduled_purchase" && paymentToken === undefined) {
    errors.push({ field: tokenField, message: `is required to pay with ${type} (operation unscheduled_purchase)` })
  }
  if (errors.length > 0) throw validationError(errors)

  const duplicate = duplicateReference(ctx, input.order.merchant_reference)
  if (duplicate) {
    throw new ApiError(400, "DUPLICATE_MERCHANT_REFERENCE", `Duplicate merchant_reference: ${duplicate}`, [
      { field: "session.order.merchant_reference", message: "is already used" },
    ])
  }

  const token = usableToken(sandbox, type, paymentToken, tokenField)

  const profile = input.profile_id !== undefined ? sandbox.profile(input.profile_id) : undefined
  const buyer: JsonObject = { ...input.customer }
  delete buyer.tokens
  const stored = storeNewSession(
    ctx,
    body,
    {
      profile_id: input.profile_id ?? sandbox.options.profiles[0]?.id ?? "default",
      url: { ...input.url } as SessionUrls,
      order: input.order as SessionOrder,
      // The session shows which token paid (its id, read-only in the spec), never the token itself.
      customer: { ...buyer, tokens: { [type]: { payment_token_id: token.payment_token_id } } },
      configuration: { auto_capture: input.configuration?.auto_capture ?? profile?.autoCapture === true },
      ...(input.expires_at ? { expires_at: input.expires_at } : {}),
      metadata: { ...input.metadata },
    },
    { merchantInitiated: true }
  )
  const id = stored.data.id

  const transaction = createTransaction(sandbox, stored, type)
  transaction.data.card = { ...token.card, payment_token_id: token.payment_token_id }
  transaction.paymentToken = token.payment_token
  token.payments.push(transaction.data.id)
  recordEvent(transaction, { event: "INITIALIZE", transaction_status: "INITIATED", success: true, amount: transaction.data.amount })

  const success = token.decline === undefined
  if (token.decline) {
    fail(transaction, "FAILED", { ...token.decline })
    stored.attempts.push(transaction.data.id)
    sessionEvent(stored, "FAILED", { transaction_id: transaction.data.id, payment_product_type: type, error: "failed" })
    sandbox.callbacks.notify({ kind: "error", session: stored, transaction: transactionView(transaction), error: "failed" })
  } else {
    stored.data.transaction_id = transaction.data.id
    authorize(sandbox, stored, transaction)
    sandbox.callbacks.notify({ kind: "payment", session: stored, transaction: transactionView(transaction) })
  }
  const view = transactionView(transaction)
  return json(200, {
    ...view,
    session_id: id,
    success,
    actions: [
      {
        source: type === "payex.creditcard" ? "PAYEX" : "BAMBORA",
        code: view.status,
        type: success ? "success" : "error",
      },
    ],
  })
}
