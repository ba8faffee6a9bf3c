/**
 * Every failure of a Dintero call becomes a DinteroError that keeps what Dintero said (HTTP status,
 * its error code and message, the nested validation errors) and nothing of the request: axios
 * errors carry the request headers, credentials included, so they are never exposed as is.
 */
export type DinteroErrorKind =
  /** Dintero answered with a non-2xx status. */
  | "http"
  /** No answer: connection refused/reset, DNS failure. The request may or may not have been applied. */
  | "network"
  /** No answer within the timeout. The request may or may not have been applied. */
  | "timeout"
  /** A 2xx answer whose body is not what Dintero's contract describes. */
  | "invalid_response"

export class DinteroError extends Error {
  readonly kind: DinteroErrorKind
  readonly status?: number
  /** Dintero's `error.code`, e.g. "NOT FOUND" or "SESSION_AMOUNT_MISMATCH". */
  readonly code?: string
  /** Dintero's `error.message`, as Dintero wrote it. */
  readonly dinteroMessage?: string
  /** Dintero's nested `error.errors` (validation details). */
  readonly errors?: unknown[]
  readonly operation: string
  readonly retryAfterMs?: number

  constructor(init: {
    kind: DinteroErrorKind
    operation: string
    status?: number
    code?: string
    dinteroMessage?: string
    errors?: unknown[]
    retryAfterMs?: number
    detail?: string
  }) {
    super(describe(init))
    this.name = "DinteroError"
    this.kind = init.kind
    this.operation = init.operation
    this.status = init.status
    this.code = init.code
    this.dinteroMessage = init.dinteroMessage
    this.errors = init.errors
    this.retryAfterMs = init.retryAfterMs
  }

  /** True when the request may have been applied although we got no (usable) answer. */
  get outcomeUnknown(): boolean {
    return this.kind === "network" || this.kind === "timeout" || (this.kind === "http" && (this.status ?? 0) >= 500)
  }

  /** Worth repeating as is (for requests that are safe to repeat). */
  get transient(): boolean {
    if (this.kind === "network" || this.kind === "timeout") return true
    if (this.kind !== "http") return false
    const status = this.status ?? 0
    return status === 429 || status >= 500
  }
}

function describe(init: {
  kind: DinteroErrorKind
  operation: string
  status?: number
  code?: string
  dinteroMessage?: string
  detail?: string
}): string {
  const what = `Dintero ${init.operation} failed`
  switch (init.kind) {
    case "http": {
      const code = init.code ? ` ${init.code}` : ""
      const message = init.dinteroMessage ? `: ${init.dinteroMessage}` : ""
      return `${what} (HTTP ${init.status}${code})${message}`
    }
    case "timeout":
      return `${what}: no answer within the timeout${init.detail ? ` (${init.detail})` : ""}`
    case "network":
      return `${what}: ${init.detail ?? "network error"}`
    case "invalid_response":
      return `${what}: unexpected response from Dintero${init.detail ? ` (${init.detail})` : ""}`
  }
}
