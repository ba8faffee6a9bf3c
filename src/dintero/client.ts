import axios, { AxiosInstance, AxiosResponse } from "axios"
import { randomUUID } from "node:crypto"
import { z } from "zod"
import { DinteroError } from "./errors"
import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs, RetryPolicy, sleep } from "./retry"
import {
  accessTokenSchema,
  createSessionResponseSchema,
  DinteroCaptureRequest,
  DinteroCreateSessionRequest,
  DinteroCreateSessionResponse,
  DinteroPaymentTokenSessionRequest,
  DinteroPayWithTokenRequest,
  DinteroProfile,
  DinteroRefundRequest,
  DinteroSession,
  DinteroSessionOrderUpdate,
  DinteroTransaction,
  DinteroTransactionEvent,
  errorBodySchema,
  payWithTokenResponseSchema,
  profileListSchema,
  profileSchema,
  sessionSchema,
  transactionListSchema,
  transactionSchema,
} from "./schemas"
import { TokenCache } from "./token-cache"

export const DINTERO_API_BASE_URL = "https://api.dintero.com/v1"
export const DINTERO_CHECKOUT_BASE_URL = "https://checkout.dintero.com/v1"

/** Dintero's largest page of profiles. */
const PROFILE_PAGE_SIZE = 100
/** 5,000 profiles: far more than an account has; beyond that, paging is broken. */
const PROFILE_MAX_PAGES = 50

export type DinteroClientOptions = {
  /** `T` (test) or `P` (production) followed by 8 digits. */
  accountId: string
  clientId: string
  clientSecret: string
  /** Core API (auth token). Override to talk to the Dintero sandbox. */
  apiBaseUrl?: string
  /** Checkout API (sessions, transactions). Override to talk to the Dintero sandbox. */
  checkoutBaseUrl?: string
  /** Per request. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Sent as Dintero's `Dintero-System-*` headers, which identify the integration to Dintero. */
  system?: { name?: string; version?: string; pluginName?: string; pluginVersion?: string }
  logger?: { warn(message: string): void }
}

/** The result of a capture, refund or void. */
/** What `payWithToken` got: paid or not, and whether Dintero forbids trying the card again. */
export type DinteroTokenPaymentResult = {
  transaction: DinteroTransaction
  /** AUTHORIZED or CAPTURED. Dintero answers a refused card with 200 and a FAILED transaction. */
  paid: boolean
  /** The failed authorization's error (`type` DO_NOT_RETRY: never charge this card again). */
  error?: { code?: string; message?: string; type?: string }
  doNotRetry: boolean
  /** The answer was lost; the payment was found by its merchant_reference instead of sent again. */
  recovered: boolean
}

const PAID_STATUSES = new Set(["AUTHORIZED", "CAPTURED", "PARTIALLY_CAPTURED"])

export type DinteroOperationResult = {
  transaction: DinteroTransaction
  /**
   * Dintero answered 202: the operation is accepted and will complete later (an `INITIATE_*`
   * event is on the transaction; the final event follows, with a `report_event` callback).
   */
  accepted: boolean
  /** Dintero's `event-request-id` for an accepted (202) operation. */
  requestId?: string
  /** The answer was lost, and reading the transaction back showed the operation had been applied. */
  recovered: boolean
}

type OperationKind = "CAPTURE" | "REFUND" | "VOID"

type RequestSpec<T> = {
  operation: string
  method: "GET" | "POST" | "PUT"
  url: string
  params?: Record<string, string | number | boolean | string[]>
  body?: unknown
  headers?: Record<string, string>
  schema: z.ZodType<T>
  /** Whether repeating the request after an unknown outcome is harmless. */
  repeatable: boolean
  /** The token request itself authenticates with Basic credentials instead of a bearer token. */
  basicAuth?: boolean
}

type Response<T> = { data: T; status: number; headers: AxiosResponse["headers"] }

/**
 * Dintero Checkout API client. Knows nothing of Medusa.
 *
 * - Authenticates with client credentials; one cached token per account and client (see TokenCache),
 *   one new token and one repeat when Dintero answers 401.
 * - Repeats requests that are safe to repeat on connection errors, timeouts, 5xx and 429
 *   (honouring `Retry-After`), with exponential backoff and jitter.
 * - Never repeats a capture, refund or void blindly: Dintero has no idempotency keys, so after an
 *   unknown outcome it reads the transaction back and looks for the operation first.
 * - Validates every response with zod and turns Dintero's error body into a DinteroError.
 */
export class DinteroClient {
  readonly accountId: string
  private readonly http: AxiosInstance
  private readonly tokens: TokenCache
  private readonly apiBaseUrl: string
  private readonly checkoutBaseUrl: string
  private readonly retryPolicy: RetryPolicy

  constructor(private readonly options: DinteroClientOptions) {
    this.accountId = options.accountId
    this.apiBaseUrl = trimSlash(options.apiBaseUrl ?? DINTERO_API_BASE_URL)
    this.checkoutBaseUrl = trimSlash(options.checkoutBaseUrl ?? DINTERO_CHECKOUT_BASE_URL)
    this.retryPolicy = { ...defaultRetryPolicy, ...options.retry }
    this.http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      // Statuses are ours to interpret (202 is success, 401 means re-authenticate …).
      validateStatus: () => true,
      headers: systemHeaders(options.system),
      maxRedirects: 0,
    })
    this.tokens = new TokenCache(
      `${this.apiBaseUrl}|${options.accountId}|${options.clientId}`,
      () => this.requestToken()
    )
  }

  /**
   * Whether the credentials get a token (the admin's connection status). Uses the shared token
   * cache: a valid cached token answers without a request.
   */
  async checkCredentials(): Promise<void> {
    await this.tokens.get()
  }

  // --- sessions ---------------------------------------------------------------------------

  /**
   * `POST /v1/sessions-profile`. Repeated after an unknown outcome: a lost answer leaves at most
   * an unpaid session behind, which nobody is shown and which expires by itself.
   */
  async createSession(
    body: DinteroCreateSessionRequest,
    options: { strictAmounts?: boolean } = {}
  ): Promise<DinteroCreateSessionResponse> {
    const response = await this.send({
      operation: "create session",
      method: "POST",
      url: `${this.checkoutBaseUrl}/sessions-profile`,
      body,
      // Makes Dintero reject a session whose lines do not add up to its amount at creation,
      // instead of at capture, when it is too late to fix.
      headers: options.strictAmounts === false ? {} : { "Dintero-Feature-Toggles": "strict-session-amounts" },
      schema: createSessionResponseSchema,
      repeatable: true,
    })
    return response.data
  }

  /** A session that saves a card without a purchase (`POST /v1/sessions/payment-token`). */
  async createPaymentTokenSession(body: DinteroPaymentTokenSessionRequest): Promise<DinteroCreateSessionResponse> {
    const response = await this.send({
      operation: "create payment token session",
      method: "POST",
      url: `${this.checkoutBaseUrl}/sessions/payment-token`,
      body,
      schema: createSessionResponseSchema,
      // Nothing is reserved: a repeat after a lost answer leaves an unpaid session that expires.
      repeatable: true,
    })
    return response.data
  }

  async getSession(sessionId: string): Promise<DinteroSession> {
    const response = await this.send({
      operation: "get session",
      method: "GET",
      url: `${this.checkoutBaseUrl}/sessions/${encodeURIComponent(sessionId)}`,
      schema: sessionSchema,
      repeatable: true,
    })
    return response.data
  }

  /** `PUT /v1/sessions/{id}?update_without_lock=true`: only before the checkout is rendered/paid. */
  async updateSession(sessionId: string, order: DinteroSessionOrderUpdate): Promise<DinteroSession> {
    const response = await this.send({
      operation: "update session",
      method: "PUT",
      url: `${this.checkoutBaseUrl}/sessions/${encodeURIComponent(sessionId)}`,
      params: { update_without_lock: true },
      body: { order, remove_lock: true },
      schema: sessionSchema,
      repeatable: true,
    })
    return response.data
  }

  /** Cancels the session; Dintero voids an authorized transaction on it. */
  async cancelSession(sessionId: string): Promise<DinteroSession> {
    const response = await this.send({
      operation: "cancel session",
      method: "POST",
      url: `${this.checkoutBaseUrl}/sessions/${encodeURIComponent(sessionId)}/cancel`,
      schema: sessionSchema,
      repeatable: true,
    })
    return response.data
  }

  // --- payment profiles -------------------------------------------------------------------

  /**
   * Every payment profile of the account. Dintero answers each page as a bare array, without
   * `has_more`: pages of 100 are read, each after the last id of the previous one, until a page
   * is shorter. A server that ignores `starting_after` (ids seen again) or never ends is an
   * invalid response rather than an endless loop.
   */
  async listProfiles(): Promise<DinteroProfile[]> {
    const operation = "list profiles"
    const profiles: DinteroProfile[] = []
    const seen = new Set<string>()
    let startingAfter: string | undefined
    for (let page = 0; page < PROFILE_MAX_PAGES; page++) {
      const response = await this.send({
        operation,
        method: "GET",
        url: `${this.checkoutBaseUrl}/admin/session/profiles`,
        params: { limit: PROFILE_PAGE_SIZE, ...(startingAfter !== undefined ? { starting_after: startingAfter } : {}) },
        schema: profileListSchema,
        repeatable: true,
      })
      for (const profile of response.data) {
        if (seen.has(profile.id)) {
          throw new DinteroError({
            kind: "invalid_response",
            operation,
            detail: `paging does not advance: profile ${profile.id} seen twice`,
          })
        }
        seen.add(profile.id)
        profiles.push(profile)
      }
      const last = response.data[response.data.length - 1]
      if (response.data.length < PROFILE_PAGE_SIZE || !last) return profiles
      startingAfter = last.id
    }
    throw new DinteroError({
      kind: "invalid_response",
      operation,
      detail: `paging did not end after ${PROFILE_MAX_PAGES} pages of ${PROFILE_PAGE_SIZE} profiles`,
    })
  }

  /** One payment profile; an unknown id is a DinteroError with status 404 (the caller decides what that means). */
  async getProfile(profileId: string): Promise<DinteroProfile> {
    const response = await this.send({
      operation: "get profile",
      method: "GET",
      url: `${this.checkoutBaseUrl}/admin/session/profiles/${encodeURIComponent(profileId)}`,
      schema: profileSchema,
      repeatable: true,
    })
    return response.data
  }

  // --- transactions -----------------------------------------------------------------------

  /**
   * `includePaymentToken` adds `card.payment_token` (for a session that asked for one): a secret
   * that charges the card, for the server's own storage only.
   */
  async getTransaction(transactionId: string, options: { includePaymentToken?: boolean } = {}): Promise<DinteroTransaction> {
    const response = await this.send({
      operation: "get transaction",
      method: "GET",
      url: `${this.checkoutBaseUrl}/transactions/${encodeURIComponent(transactionId)}`,
      ...(options.includePaymentToken ? { params: { includes: "card.payment_token" } } : {}),
      schema: transactionSchema,
      repeatable: true,
    })
    return response.data
  }

  async listTransactions(filter: {
    merchant_reference?: string
    session_id?: string
    status?: string[]
    "created_at.gte"?: string
    "created_at.lte"?: string
    starting_after?: string
    limit?: number
  }): Promise<DinteroTransaction[]> {
    const params: Record<string, string | number | string[]> = {}
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined) params[key] = value
    }
    const response = await this.send({
      operation: "list transactions",
      method: "GET",
      url: `${this.checkoutBaseUrl}/transactions`,
      params,
      schema: transactionListSchema,
      repeatable: true,
    })
    return response.data
  }

  captureTransaction(transactionId: string, body: DinteroCaptureRequest): Promise<DinteroOperationResult> {
    const reference = body.capture_reference ?? randomUUID()
    return this.operate("CAPTURE", transactionId, { ...body, capture_reference: reference }, reference)
  }

  refundTransaction(transactionId: string, body: DinteroRefundRequest): Promise<DinteroOperationResult> {
    const reference = body.refund_reference ?? randomUUID()
    return this.operate("REFUND", transactionId, { ...body, refund_reference: reference }, reference)
  }

  /** Voids the authorization (only before any capture, for most payment types). Takes no body. */
  voidTransaction(transactionId: string): Promise<DinteroOperationResult> {
    return this.operate("VOID", transactionId, undefined, undefined)
  }

  /**
   * `POST /v1/sessions/pay`: charges a stored card without the customer (`unscheduled_purchase`).
   * Never repeated blindly: a charge whose answer is lost is looked up by its merchant_reference
   * first (a found one, paid or FAILED, is the result: a refused card must not be tried again),
   * and `strict-success-merchant-reference` makes Dintero itself refuse a second paid charge with
   * the same reference. Callers give each intended charge its own merchant_reference.
   */
  async payWithToken(body: DinteroPayWithTokenRequest): Promise<DinteroTokenPaymentResult> {
    const reference = body.session.order.merchant_reference
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.send({
          operation: "pay with token",
          method: "POST",
          url: `${this.checkoutBaseUrl}/sessions/pay`,
          body,
          headers: { "Dintero-Feature-Toggles": "strict-success-merchant-reference" },
          schema: payWithTokenResponseSchema,
          repeatable: false,
        })
        return tokenPaymentResult(response.data, false)
      } catch (error) {
        // Dintero refuses a reference that already paid (strict-success-merchant-reference): an
        // earlier call (a lost answer, another instance, a retried job) charged; that is the result.
        if (error instanceof DinteroError && error.code === "DUPLICATE_MERCHANT_REFERENCE") {
          const found = await this.listTransactions({ merchant_reference: reference })
          const made = found.find((transaction) => PAID_STATUSES.has(String(transaction.status)))
          if (made) return tokenPaymentResult(made, true)
          throw error
        }
        if (!(error instanceof DinteroError) || !error.transient || attempt >= this.retryPolicy.retries) throw error
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retryPolicy.maxDelayMs) throw error
        await sleep(backoffDelayMs(attempt + 1, this.retryPolicy, error))
        const found = await this.listTransactions({ merchant_reference: reference })
        const made = found.find((transaction) => PAID_STATUSES.has(String(transaction.status))) ?? found.at(-1)
        if (made) {
          this.options.logger?.warn(`Dintero pay with token ${reference}: the answer was lost (${error.message}); found transaction ${made.id}, not charging again`)
          return tokenPaymentResult(made, true)
        }
        this.options.logger?.warn(`Dintero pay with token ${reference} failed (${error.message}); no transaction has that reference, repeating`)
      }
    }
  }

  // --- internals --------------------------------------------------------------------------

  /**
   * A capture/refund/void with "read before repeat": after an answer that leaves the outcome
   * unknown (timeout, connection error, 5xx) or a 429, read the transaction; if it shows the
   * operation (an event with our reference, or the voided status), that is the result; only
   * otherwise send it again.
   */
  private async operate(
    kind: OperationKind,
    transactionId: string,
    body: unknown,
    reference: string | undefined
  ): Promise<DinteroOperationResult> {
    const path = `${this.checkoutBaseUrl}/transactions/${encodeURIComponent(transactionId)}/${kind.toLowerCase()}`
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.send({
          operation: kind.toLowerCase(),
          method: "POST",
          url: path,
          body,
          schema: transactionSchema,
          repeatable: false,
        })
        const requestId = response.headers["event-request-id"]
        return {
          transaction: response.data,
          accepted: response.status === 202,
          requestId: typeof requestId === "string" ? requestId : undefined,
          recovered: false,
        }
      } catch (error) {
        if (!(error instanceof DinteroError) || !error.transient || attempt >= this.retryPolicy.retries) {
          throw error
        }
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retryPolicy.maxDelayMs) {
          // Dintero asks for a longer pause than an admin's request can wait: do not send it again
          // early (that is what Retry-After forbids); the caller reports it and may retry later.
          throw error
        }
        await sleep(backoffDelayMs(attempt + 1, this.retryPolicy, error))
        const transaction = await this.getTransaction(transactionId)
        const applied = findAppliedOperation(transaction, kind, reference)
        if (applied) {
          this.options.logger?.warn(
            `Dintero ${kind.toLowerCase()} on ${transactionId}: the answer was lost (${error.message}), but the transaction shows it was applied; not repeating it`
          )
          return { transaction, accepted: applied === "accepted", recovered: true }
        }
        this.options.logger?.warn(
          `Dintero ${kind.toLowerCase()} on ${transactionId} failed (${error.message}); the transaction does not show it, repeating`
        )
      }
    }
  }

  private async requestToken(): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const { accountId, clientId, clientSecret } = this.options
    const response = await this.send({
      operation: "authentication",
      method: "POST",
      url: `${this.apiBaseUrl}/accounts/${encodeURIComponent(accountId)}/auth/token`,
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
      // The audience is always Dintero's API account URL, whichever host the token is asked from.
      body: { grant_type: "client_credentials", audience: `${DINTERO_API_BASE_URL}/accounts/${accountId}` },
      schema: accessTokenSchema,
      repeatable: true,
      basicAuth: true,
    })
    return { accessToken: response.data.access_token, expiresInSeconds: response.data.expires_in }
  }

  /** One logical request: authentication, one re-authentication on 401, repeats when allowed. */
  private async send<T>(spec: RequestSpec<T>): Promise<Response<T>> {
    let reauthenticated = false
    for (let attempt = 0; ; attempt++) {
      const token = spec.basicAuth ? undefined : await this.tokens.get()
      try {
        return await this.sendOnce(spec, token)
      } catch (error) {
        if (!(error instanceof DinteroError)) throw error
        if (token && error.status === 401 && !reauthenticated) {
          // The token was revoked or expired early: one new token, one repeat (not a retry).
          this.tokens.invalidate(token)
          reauthenticated = true
          attempt--
          continue
        }
        if (!spec.repeatable || !error.transient || attempt >= this.retryPolicy.retries) {
          throw error
        }
        const delay = backoffDelayMs(attempt + 1, this.retryPolicy, error)
        if (error.retryAfterMs !== undefined && error.retryAfterMs > this.retryPolicy.maxDelayMs) {
          throw error // Dintero asks for a longer pause than a shopper can wait.
        }
        this.options.logger?.warn(`${error.message}; repeating in ${delay} ms`)
        await sleep(delay)
      }
    }
  }

  private async sendOnce<T>(spec: RequestSpec<T>, token: string | undefined): Promise<Response<T>> {
    let response: AxiosResponse
    try {
      response = await this.http.request({
        method: spec.method,
        url: spec.url,
        params: spec.params,
        paramsSerializer: { indexes: null },
        data: spec.body,
        headers: {
          Accept: "application/json",
          ...(spec.body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...spec.headers,
        },
      })
    } catch (error) {
      throw toTransportError(spec.operation, error)
    }

    if (response.status < 200 || response.status >= 300) {
      const body = errorBodySchema.safeParse(response.data)
      throw new DinteroError({
        kind: "http",
        operation: spec.operation,
        status: response.status,
        code: body.success ? body.data.error.code : undefined,
        dinteroMessage: body.success ? body.data.error.message : undefined,
        errors: body.success ? body.data.error.errors : undefined,
        retryAfterMs: parseRetryAfterMs(response.headers["retry-after"]),
      })
    }

    const parsed = spec.schema.safeParse(response.data)
    if (!parsed.success) {
      throw new DinteroError({
        kind: "invalid_response",
        operation: spec.operation,
        status: response.status,
        // Paths only: values may hold personal data.
        detail: parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "),
      })
    }
    return { data: parsed.data, status: response.status, headers: response.headers }
  }
}

function tokenPaymentResult(transaction: DinteroTransaction & { success?: boolean }, recovered: boolean): DinteroTokenPaymentResult {
  const paid = transaction.success !== false && PAID_STATUSES.has(String(transaction.status))
  const failure = paid ? undefined : [...(transaction.events ?? [])].reverse().find((event) => event.event === "AUTHORIZE" && event.success === false)?.error
  const error = failure ? { code: failure.code, message: failure.message, type: failure.type } : undefined
  return { transaction, paid, ...(error ? { error } : {}), doNotRetry: error?.type === "DO_NOT_RETRY", recovered }
}

/**
 * Whether `transaction` shows the operation as done ("applied") or accepted for later
 * processing ("accepted"). A failed event with our reference means Dintero tried and refused.
 */
export function findAppliedOperation(
  transaction: DinteroTransaction,
  kind: OperationKind,
  reference: string | undefined
): "applied" | "accepted" | undefined {
  const events: DinteroTransactionEvent[] = transaction.events ?? []
  if (kind === "VOID") {
    if (transaction.status === "AUTHORIZATION_VOIDED") return "applied"
    return events.some((e) => e.event === "INITIATE_VOID") ? "accepted" : undefined
  }
  const ours = events.filter((e) => reference !== undefined && e.event_reference === reference)
  if (ours.some((e) => e.event === kind && e.success !== false)) return "applied"
  const refused = ours.find((e) => e.event === kind && e.success === false)
  if (refused) {
    throw new DinteroError({
      kind: "http",
      operation: kind.toLowerCase(),
      status: 400,
      code: refused.error?.code,
      dinteroMessage: refused.error?.message ?? `${kind.toLowerCase()} was refused`,
    })
  }
  return ours.some((e) => e.event === `INITIATE_${kind}`) ? "accepted" : undefined
}

function toTransportError(operation: string, error: unknown): DinteroError {
  const code = axios.isAxiosError(error) ? error.code : undefined
  if (code === "ECONNABORTED" || code === "ETIMEDOUT") {
    return new DinteroError({ kind: "timeout", operation, detail: code })
  }
  // The code only (ECONNREFUSED, ECONNRESET …): an axios error's message/config may hold credentials.
  return new DinteroError({ kind: "network", operation, detail: code ?? "connection failed" })
}

function systemHeaders(system: DinteroClientOptions["system"]): Record<string, string> {
  const headers: Record<string, string> = {}
  if (system?.name) headers["Dintero-System-Name"] = system.name
  if (system?.version) headers["Dintero-System-Version"] = system.version
  if (system?.pluginName) headers["Dintero-System-Plugin-Name"] = system.pluginName
  if (system?.pluginVersion) headers["Dintero-System-Plugin-Version"] = system.pluginVersion
  return headers
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "")
}
