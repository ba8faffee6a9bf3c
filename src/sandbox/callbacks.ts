/**
 * Session callbacks to `url.callback_url`, delivered as Dintero delivers them (contract §6, spec
 * `CallbackUrl`):
 *
 * - GET by default; POST with the Transaction as JSON body when the URL has `method=POST`.
 * - Dintero's parameters are added to the merchant's own, which are kept: `transaction_id`,
 *   `session_id` (or `sid` with `sid_parameter_name=sid`), `merchant_reference`, `time` (the
 *   transaction's creation time), and `error`, `event`, `event_id` where they apply.
 * - `report_error=true` adds callbacks for failed payments; `report_event=CAPTURE|REFUND|VOID`
 *   (repeatable) for those events; `delay_callback=<s>` delays the first attempt, at most 60 s.
 * - Headers: `event-delivery` (one id per delivery, the same on its retries) and, when a signature
 *   secret is configured, `Dintero-Signature` (see signature.ts), computed per attempt.
 * - Retries on 1xx/5xx, on no answer within the timeout, and on connection errors, with
 *   exponential backoff; never on 2xx, 3xx or 4xx (4xx is a permanent failure).
 */
import http from "node:http"
import https from "node:https"
import { queryFlag } from "./http"
import { uuid } from "./ids"
import type { ResolvedOptions } from "./options"
import type { Scheduler } from "./scheduler"
import { signatureHeader } from "./signature"
import type { CallbackKind, CallbackLogEntry, Store } from "./store"
import type { Session, StoredSession, Transaction } from "./types"

export type CallbackError = "cancelled" | "authorization" | "failed"
export type ReportableEvent = "CAPTURE" | "REFUND" | "VOID"

export interface CallbackTrigger {
  kind: CallbackKind
  session: StoredSession
  /** Snapshot of the transaction at the time of the trigger, when one exists. */
  transaction?: Transaction
  error?: CallbackError
  event?: { name: ReportableEvent; id: string }
}

export interface CallbackDependencies {
  options: ResolvedOptions
  scheduler: Scheduler
  store: Store
  /** The session as the API shows it, for `includes=session`. */
  sessionView(stored: StoredSession): Session
}

interface Delivery {
  id: string
  kind: CallbackKind
  url: string
  method: "GET" | "POST"
  body?: string
  parsedBody?: unknown
  session: StoredSession
  transactionId?: string
}

export const MAX_CALLBACK_DELAY_SECONDS = 60
const MAX_BACKOFF_DOUBLINGS = 8

/** `delay_callback` in ms: a non-negative integer of seconds, at most 60 (larger values are clamped). */
export function callbackDelayMs(callbackUrl: URL): number {
  const raw = callbackUrl.searchParams.get("delay_callback")
  if (raw === null) return 0
  const seconds = Number.parseInt(raw, 10)
  if (!Number.isFinite(seconds) || seconds <= 0) return 0
  return Math.min(seconds, MAX_CALLBACK_DELAY_SECONDS) * 1000
}

/** Wait before retry `retry` (1-based): base, 2×base, 4×base, ... up to 256×base. */
export function retryDelayMs(baseMs: number, retry: number): number {
  return baseMs * 2 ** Math.min(retry - 1, MAX_BACKOFF_DOUBLINGS)
}

/** `report_event` values, repeatable, also accepted comma-separated; case-insensitive. */
function reportedEvents(params: URLSearchParams): Set<string> {
  return new Set(
    params
      .getAll("report_event")
      .flatMap((value) => value.split(","))
      .map((value) => value.trim().toUpperCase()),
  )
}

/** The callback URL with Dintero's parameters added to the merchant's. */
export function callbackUrlFor(trigger: CallbackTrigger, callbackUrl: string, now: Date): URL {
  const url = new URL(callbackUrl)
  const params = url.searchParams
  const session = trigger.session.data
  if (trigger.transaction) params.set("transaction_id", trigger.transaction.id)
  const sidName = params.get("sid_parameter_name") === "sid" ? "sid" : "session_id"
  params.set(sidName, session.id)
  params.set("merchant_reference", session.order.merchant_reference)
  params.set("time", trigger.transaction?.created_at ?? now.toISOString())
  if (trigger.error) params.set("error", trigger.error)
  if (trigger.event) {
    params.set("event", trigger.event.name)
    params.set("event_id", trigger.event.id)
  }
  return url
}

/** How much of the shop's answer the callback log keeps. */
const RESPONSE_BODY_LIMIT = 2_000

export class CallbackDispatcher {
  /** Deliveries held back by the control API (`/_sandbox/callbacks/hold`), in order. */
  private held: Delivery[] | undefined

  constructor(private readonly deps: CallbackDependencies) {}

  /** From now on, keep callbacks instead of sending them (to stage "the shopper returns first"). */
  hold(): void {
    this.held ??= []
  }

  /**
   * Sends the held callbacks now, each `copies` times at once (concurrent duplicate deliveries,
   * which Dintero's at-least-once delivery allows), and stops holding.
   */
  release(copies = 1): { released: number } {
    const held = this.held ?? []
    this.held = undefined
    for (const delivery of held) {
      for (let copy = 0; copy < copies; copy++) this.attempt(delivery, 1)
    }
    return { released: held.length }
  }

  heldDeliveries(): { url: string; method: string; delivery_id: string }[] {
    return (this.held ?? []).map((d) => ({ url: d.url, method: d.method, delivery_id: d.id }))
  }

  forgetHeld(): void {
    this.held = undefined
  }

  /** Schedules the callback a trigger calls for, if the session asked for it. */
  notify(trigger: CallbackTrigger): void {
    const callbackUrl = trigger.session.data.url.callback_url
    if (!callbackUrl) return
    const options = new URL(callbackUrl).searchParams
    if (trigger.kind === "error" && !queryFlag(options, "report_error")) return
    if (trigger.kind === "event" && !(trigger.event && reportedEvents(options).has(trigger.event.name))) return

    const url = callbackUrlFor(trigger, callbackUrl, new Date())
    const method = options.get("method")?.toUpperCase() === "POST" ? "POST" : "GET"
    let parsedBody: unknown
    if (method === "POST" && trigger.transaction) {
      const includesSession = options.getAll("includes").some((value) => value.split(",").includes("session"))
      parsedBody = includesSession
        ? { ...trigger.transaction, session: this.deps.sessionView(trigger.session) }
        : trigger.transaction
    }
    const delivery: Delivery = {
      id: uuid(),
      kind: trigger.kind,
      url: url.toString(),
      method,
      body: parsedBody === undefined ? undefined : JSON.stringify(parsedBody),
      parsedBody,
      session: trigger.session,
      transactionId: trigger.transaction?.id,
    }
    if (this.held) {
      this.held.push(delivery)
      return
    }
    this.deps.scheduler.after(callbackDelayMs(url), () => this.attempt(delivery, 1))
  }

  private attempt(delivery: Delivery, attempt: number): void {
    const { options, scheduler } = this.deps
    const url = new URL(delivery.url)
    const headers: Record<string, string> = {
      "event-delivery": delivery.id,
      "user-agent": "dintero-sandbox",
    }
    let signature: string | undefined
    if (options.signatureSecret) {
      signature = signatureHeader({
        secret: options.signatureSecret,
        timestamp: Math.floor(Date.now() / 1000),
        accountId: options.accountId,
        method: delivery.method,
        url,
      })
      headers["dintero-signature"] = signature
    }
    if (delivery.body !== undefined) {
      headers["content-type"] = "application/json"
      headers["content-length"] = String(Buffer.byteLength(delivery.body))
    } else if (delivery.method === "POST") {
      headers["content-length"] = "0"
    }

    let settled = false
    const transport = url.protocol === "https:" ? https : http
    const request = transport.request(url, { method: delivery.method, headers, agent: false })
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${options.callbackTimeoutMs} ms` })
      request.destroy()
    }, options.callbackTimeoutMs)
    const release = scheduler.track({
      cancel: () => {
        settled = true
        clearTimeout(timer)
        request.destroy()
      },
    })

    const finish = (result: { status?: number; responseBody?: string; error?: string }) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      release()
      this.record(delivery, attempt, result, signature)
      const failed =
        result.status === undefined || (result.status >= 100 && result.status <= 199) || result.status >= 500
      if (failed && attempt <= options.callbackRetries) {
        scheduler.after(retryDelayMs(options.callbackRetryBaseMs, attempt), () => this.attempt(delivery, attempt + 1))
      } else if (!failed && result.status !== undefined && result.status < 300) {
        this.delivered(delivery)
      }
    }

    request.on("response", (response) => {
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => {
        if (text.length < RESPONSE_BODY_LIMIT) text += chunk
      })
      response.on("end", () => finish({ status: response.statusCode ?? 0, responseBody: text.slice(0, RESPONSE_BODY_LIMIT) }))
      response.on("error", () => finish({ status: response.statusCode ?? 0, responseBody: text.slice(0, RESPONSE_BODY_LIMIT) }))
    })
    request.on("error", (error) => finish({ error: error.message || String(error) }))
    request.end(delivery.body)
  }

  private record(
    delivery: Delivery,
    attempt: number,
    result: { status?: number; responseBody?: string; error?: string },
    signature: string | undefined,
  ): void {
    const entry: CallbackLogEntry = {
      delivery_id: delivery.id,
      kind: delivery.kind,
      url: delivery.url,
      method: delivery.method,
      attempt,
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.responseBody ? { response_body: result.responseBody } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
      ...(signature ? { signature } : {}),
      session_id: delivery.session.data.id,
      ...(delivery.transactionId ? { transaction_id: delivery.transactionId } : {}),
      ...(delivery.parsedBody !== undefined ? { body: delivery.parsedBody } : {}),
      at: new Date().toISOString(),
    }
    this.deps.store.callbacks.push(entry)
    this.deps.options.log(
      `callback ${delivery.method} ${delivery.url} attempt ${attempt} -> ${result.status ?? result.error ?? "?"}`,
    )
  }

  /** Dintero notes delivered payment callbacks on the session (AUTH_CALLBACK_SENT, ON_HOLD_CALLBACK_SENT). */
  private delivered(delivery: Delivery): void {
    if (delivery.kind !== "payment" && delivery.kind !== "on_hold_resolved") return
    const transaction = delivery.transactionId ? this.deps.store.transaction(delivery.transactionId) : undefined
    const onHold = transaction?.data.status === "ON_HOLD"
    delivery.session.data.events.push({
      id: uuid(),
      name: onHold ? "ON_HOLD_CALLBACK_SENT" : "AUTH_CALLBACK_SENT",
      created_at: new Date().toISOString(),
      details: { transaction_id: delivery.transactionId },
    })
  }
}
