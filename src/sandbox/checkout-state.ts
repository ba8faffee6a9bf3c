/**
 * A session as the checkout page sees it. The embedded page needs one word for it, because each
 * state has its own Web SDK message: payable or locked → SessionLoaded / SessionUpdated; unknown
 * or expired → SessionNotFound (the SDK's README: "session not found (expired)"); paid or
 * cancelled → no session event, only the page saying so.
 */
import { isExpired, returnUrlFor } from "./payment"
import type { Sandbox } from "./sandbox"
import type { StoredSession } from "./types"

export type CheckoutState = "payable" | "locked" | "paid" | "cancelled" | "expired" | "not_found"

/** What the checkout shows instead of the order when the session cannot be paid any more. */
export interface ClosedSession {
  state: "paid" | "cancelled" | "expired"
  title: string
  message: string
  link?: string
}

export function closedSession(stored: StoredSession): ClosedSession | undefined {
  const session = stored.data
  if (session.transaction_id) {
    return {
      state: "paid",
      title: "Already paid",
      message: "This payment session has already been paid.",
      link: returnUrlFor(stored, session.transaction_id),
    }
  }
  if (session.cancelled_at) {
    return {
      state: "cancelled",
      title: "Payment cancelled",
      message: "This payment session was cancelled.",
      link: returnUrlFor(stored, undefined, "cancelled"),
    }
  }
  if (isExpired(stored)) return { state: "expired", title: "Session expired", message: "This payment session has expired." }
  return undefined
}

export interface CheckoutView {
  state: CheckoutState
  stored?: StoredSession
}

export function checkoutView(sandbox: Sandbox, sessionId: string): CheckoutView {
  const stored = sandbox.store.session(sessionId)
  if (!stored) return { state: "not_found" }
  const closed = closedSession(stored)
  if (closed) return { state: closed.state, stored }
  return { state: stored.payLockId !== undefined ? "locked" : "payable", stored }
}
