/**
 * Checkout sessions (contract §4): create from a profile, read, update, cancel.
 *
 * A session has no status field, as on Dintero: its state is its `transaction_id`, `cancelled_at`,
 * `expires_at` and `events`.
 */
import type { IncomingHttpHeaders } from "node:http"
import { notAllowed, notFound } from "./errors"
import { header, json, parseJson, queryFlag, type SandboxResponse } from "./http"
import { checkoutId, uuid } from "./ids"
import { applyVoid } from "./operations"
import { isExpired } from "./payment"
import { preloadSavedCard } from "./payment-tokens"
import type { RequestContext } from "./routing"
import { validateSessionCreate, validateSessionUpdate } from "./session-validation"
import type { JsonObject, Session, SessionOrder, SessionUrls, StoredSession } from "./types"
import { sessionView } from "./views"

/** `Dintero-Feature-Toggles: a, b` (spec: style simple, a comma-separated list). */
export function featureToggles(headers: IncomingHttpHeaders): string[] {
  return (header(headers, "dintero-feature-toggles") ?? "")
    .split(",")
    .map((toggle) => toggle.trim())
    .filter((toggle) => toggle !== "")
}

/** The spec's SystemRequestHeaders: Dintero-System-* and the user agent, lower-cased names. */
export function systemHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of [
    "dintero-system-name",
    "dintero-system-version",
    "dintero-system-plugin-name",
    "dintero-system-plugin-version",
    "user-agent",
  ]) {
    const value = header(headers, name)
    if (value !== undefined) out[name] = value
  }
  return out
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** The session a route's first path parameter names, or Dintero's 404. */
export function requireSession(ctx: RequestContext): StoredSession {
  const id = ctx.params[0] ?? ""
  const stored = ctx.sandbox.store.session(id)
  if (!stored) throw notFound("Session", id)
  return stored
}

export function createSession(ctx: RequestContext): SandboxResponse {
  const { sandbox } = ctx
  const body = parseJson(ctx.rawBody)
  const toggles = featureToggles(ctx.headers)
  const valid = validateSessionCreate(body, {
    knownProfiles: sandbox.options.profiles.map((profile) => profile.id),
    strictAmounts: toggles.includes("strict-session-amounts"),
    now: Date.now(),
  })
  const { profile_id, url, order, customer, expires_at, metadata, configuration, ...rest } = copy(valid)
  const profile = sandbox.profile(profile_id)
  const preloaded = preloadSavedCard(sandbox, customer as JsonObject | undefined)
  const stored = storeNewSession(ctx, body, {
    ...rest,
    profile_id,
    url: url as SessionUrls,
    order: order as SessionOrder,
    ...(preloaded.customer ? { customer: preloaded.customer } : {}),
    configuration: { auto_capture: profile?.autoCapture === true, ...(configuration as JsonObject | undefined) },
    ...(expires_at ? { expires_at } : {}),
    metadata: { ...metadata, "session:profile_id": profile_id },
  }, preloaded.savedCard ? { savedCard: preloaded.savedCard } : {})
  return sessionCreated(ctx, stored)
}

/** What a new session's request decides (the sandbox adds the id, times, events and system headers). */
type RequestedSessionFields = Pick<Session, "profile_id" | "url" | "order" | "configuration" | "metadata"> &
  Partial<Pick<Session, "customer" | "expires_at">> &
  Record<string, unknown>

/**
 * Stores a new session (POST /v1/sessions-profile, /v1/sessions/payment-token, /v1/sessions/pay):
 * the request's fields, plus an id, timestamps, the INITIATED event and the caller's system
 * headers; the create request is kept as received for /_sandbox.
 */
export function storeNewSession(
  ctx: RequestContext,
  body: unknown,
  fields: RequestedSessionFields,
  kind: Pick<StoredSession, "tokenProvider" | "merchantInitiated" | "savedCard"> = {}
): StoredSession {
  const system = systemHeaders(ctx.headers)
  const now = new Date().toISOString()
  const id = checkoutId(ctx.sandbox.options.accountId)
  const stored: StoredSession = {
    data: {
      ...fields,
      id,
      created_at: now,
      updated_at: now,
      events: [{ id: uuid(), name: "INITIATED", created_at: now, request_id: uuid() }],
      ...(Object.keys(system).length > 0 ? { initiating_system_request_headers: system } : {}),
    },
    createRequest: { body: copy(body), featureToggles: featureToggles(ctx.headers), headers: system },
    attempts: [],
    ...kind,
  }
  ctx.sandbox.store.sessions.set(id, stored)
  return stored
}

/** The spec's SessionCreated: `id`, `url`, `publish`, and the session itself with include_session. */
export function sessionCreated(ctx: RequestContext, stored: StoredSession): SandboxResponse {
  const { id } = stored.data
  return json(200, {
    id,
    url: `${ctx.sandbox.baseUrl}/v1/view/${id}`,
    publish: [],
    ...(queryFlag(ctx.url.searchParams, "include_session") ? { session: sessionView(stored) } : {}),
  })
}

export function getSession(ctx: RequestContext): SandboxResponse {
  return json(200, sessionView(requireSession(ctx)))
}

export function updateSession(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const session = stored.data
  if (session.transaction_id) {
    throw notAllowed("The session is already paid and cannot be updated; cancel it and create a new session")
  }
  if (session.cancelled_at) throw notAllowed("The session is cancelled and cannot be updated")
  if (isExpired(stored)) throw notAllowed("The session has expired and cannot be updated")
  if (stored.payLockId === undefined && !queryFlag(ctx.url.searchParams, "update_without_lock")) {
    throw notAllowed(
      "Session must be locked for paying before updating (lock it with the Web SDK, or send update_without_lock=true before the checkout is rendered)",
    )
  }
  const previous = copy(session.order)
  const { update, order } = validateSessionUpdate(parseJson(ctx.rawBody), session.order)
  const now = new Date().toISOString()
  session.order = copy(order)
  session.updated_at = now
  session.events.push({
    id: uuid(),
    name: "UPDATE_SESSION",
    created_at: now,
    request_id: uuid(),
    details: { previous_order: previous, updated_order: copy(order) },
  })
  if (stored.payLockId !== undefined && update.remove_lock !== false) {
    delete stored.payLockId
    session.events.push({ id: uuid(), name: "PAY_LOCK_END", created_at: now })
  }
  return json(200, sessionView(stored))
}

/**
 * Cancels the session; an INITIATED or AUTHORIZED transaction is voided, any other transaction
 * state refuses the cancel (spec). Cancelling a cancelled session returns it unchanged.
 */
export function cancelSession(ctx: RequestContext): SandboxResponse {
  const stored = requireSession(ctx)
  const session = stored.data
  if (session.cancelled_at) return json(200, sessionView(stored))
  if (session.transaction_id) {
    const transaction = ctx.sandbox.store.transaction(session.transaction_id)
    const status = transaction?.data.status
    if (!transaction || (status !== "AUTHORIZED" && status !== "INITIATED")) {
      throw notAllowed(
        `Cancel is not allowed: the session's transaction is ${status ?? "missing"} (only INITIATED or AUTHORIZED transactions are voided)`,
      )
    }
    applyVoid(ctx.sandbox, transaction)
  }
  const now = new Date().toISOString()
  session.cancelled_at = now
  session.cancelled_by = ctx.clientId ?? ctx.sandbox.options.clientId
  session.updated_at = now
  session.events.push({ id: uuid(), name: "CANCELLED", created_at: now, request_id: uuid() })
  return json(200, sessionView(stored))
}

/**
 * What the Web SDK's lockSession() does on Dintero (the embedded page's POST
 * /v1/view/{id}/session/lock, or POST /_sandbox/sessions/{id}/lock): returns the pay lock's id.
 * Locking a locked session keeps its lock, so a repeated lockSession() does not end the first one.
 */
export function lockSession(stored: StoredSession): string {
  if (stored.payLockId !== undefined) return stored.payLockId
  stored.payLockId = uuid()
  stored.data.events.push({
    id: uuid(),
    name: "PAY_LOCK_START",
    created_at: new Date().toISOString(),
    details: { pay_lock_id: stored.payLockId },
  })
  return stored.payLockId
}
