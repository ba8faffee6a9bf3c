/**
 * Everything the sandbox remembers, in memory: sessions, transactions, issued tokens, card payment
 * tokens, and the two logs tests read (API requests received, callback attempts made). One reset()
 * clears it all.
 */
import type { StoredPaymentToken, StoredSession, StoredTransaction } from "./types"

export interface IssuedToken {
  clientId: string
  expiresAt: number
}

export interface RequestLogEntry {
  method: string
  path: string
  query?: Record<string, string | string[]>
  /** null while pending, and for requests a fault left unanswered (timeout) or cut (reset). */
  status: number | null
  /** Set when a fault decided the answer. */
  fault?: { id: string; kind: "status" | "timeout" | "reset" | "accepted"; after: boolean }
  /** Dintero-* headers (system name/version, feature toggles), lower-cased names. */
  headers: Record<string, string>
  /** Authorization scheme used, never the credentials. */
  auth: "bearer" | "basic" | null
  body?: unknown
  at: string
}

export type CallbackKind = "payment" | "error" | "event" | "on_hold_resolved"

export interface CallbackLogEntry {
  delivery_id: string
  kind: CallbackKind
  url: string
  method: "GET" | "POST"
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number
  status?: number
  /** The start of what the shop answered (at most 2 000 characters), to see why it refused or what it did. */
  response_body?: string
  error?: string
  signature?: string
  session_id: string
  transaction_id?: string
  body?: unknown
  at: string
}

export class Store {
  readonly sessions = new Map<string, StoredSession>()
  readonly transactions = new Map<string, StoredTransaction>()
  readonly tokens = new Map<string, IssuedToken>()
  /** Card payment tokens by their `payment_token`. */
  readonly paymentTokens = new Map<string, StoredPaymentToken>()
  readonly requests: RequestLogEntry[] = []
  readonly callbacks: CallbackLogEntry[] = []

  session(id: string): StoredSession | undefined {
    return this.sessions.get(id)
  }

  transaction(id: string): StoredTransaction | undefined {
    return this.transactions.get(id)
  }

  reset(): void {
    this.sessions.clear()
    this.transactions.clear()
    this.tokens.clear()
    this.paymentTokens.clear()
    this.requests.length = 0
    this.callbacks.length = 0
  }
}
