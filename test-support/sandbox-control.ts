/**
 * A small client for the Dintero sandbox's control API (`/_sandbox/…`), used by tests to pay,
 * inject faults and count what Dintero received. Plain fetch: nothing of the plugin is involved.
 */
export type RecordedRequest = {
  method: string
  path: string
  status: number
  headers: Record<string, string>
  body?: unknown
  query?: Record<string, unknown>
}

export type RecordedCallback = {
  url: string
  method: string
  status?: number
  response_body?: string
  error?: string
  attempt: number
  delivery_id: string
}

export type Fault = {
  path: string
  method?: string
  /** A regular expression on the query string (without "?"). */
  query?: string
  status?: number
  timeout?: boolean
  reset?: boolean
  after?: boolean
  retry_after?: number
  /** Matching requests let through before the fault applies. */
  skip?: number
  times: number
}

/** A transaction as the sandbox's control API shows it (Dintero's view, with every event). */
export type SandboxTransaction = { id: string; status: string; amount: number; events: { event: string; success?: boolean; amount?: number }[] }

/** Dintero's successful events of one kind (CAPTURE, REFUND, VOID …) on a transaction. */
export const succeededEvents = (transaction: SandboxTransaction, kind: string) =>
  transaction.events.filter((event) => event.event === kind && event.success !== false)

export type PayOutcome = "authorize" | "decline" | "cancel" | "fail" | "on_hold"

export function sandboxControl(baseUrl: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) {
      throw new Error(`sandbox ${method} ${path} → ${response.status}: ${text}`)
    }
    return (text ? JSON.parse(text) : undefined) as T
  }
  return {
    reset: () => call<void>("POST", "/_sandbox/reset"),
    pay: (sessionId: string, outcome: PayOutcome, paymentProductType?: string) =>
      call<{ transaction_id?: string; redirect_url: string }>("POST", `/_sandbox/sessions/${sessionId}/pay`, {
        outcome,
        ...(paymentProductType ? { payment_product_type: paymentProductType } : {}),
      }),
    resolve: (transactionId: string, outcome: "authorize" | "fail") =>
      call<unknown>("POST", `/_sandbox/transactions/${transactionId}/resolve`, { outcome }),
    fault: (fault: Fault) => call<unknown>("POST", "/_sandbox/faults", fault),
    clearFaults: () => call<unknown>("DELETE", "/_sandbox/faults"),
    requests: () => call<RecordedRequest[]>("GET", "/_sandbox/requests"),
    clearRequests: () => call<void>("DELETE", "/_sandbox/requests"),
    callbacks: () => call<RecordedCallback[]>("GET", "/_sandbox/callbacks"),
    expireTokens: () => call<void>("POST", "/_sandbox/tokens/expire"),
    session: (sessionId: string) => call<Record<string, unknown>>("GET", `/_sandbox/sessions/${sessionId}`),
    transaction: (transactionId: string) => call<SandboxTransaction>("GET", `/_sandbox/transactions/${transactionId}`),
    /** Every card payment token the sandbox made, with its secret and the transactions it paid. */
    paymentTokens: () =>
      call<{ payment_token: string; payment_token_id: string; payments: string[]; decline: unknown; revoked: boolean }[]>("GET", "/_sandbox/payment-tokens"),
    /** The card behind a payment token refuses the next charges (`type` DO_NOT_RETRY by default). */
    declineToken: (token: string, error: { type?: string; code?: string; message?: string } = {}) =>
      call<unknown>("POST", `/_sandbox/payment-tokens/${encodeURIComponent(token)}/decline`, error),
  }
}

/** Holding and releasing the sandbox's callbacks, to stage their order against the shopper's return. */
export function sandboxCallbacks(baseUrl: string) {
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    })
    if (!response.ok) throw new Error(`sandbox POST ${path} → ${response.status}: ${await response.text()}`)
    return response.json()
  }
  return {
    hold: () => post("/_sandbox/callbacks/hold"),
    release: (copies = 1) => post("/_sandbox/callbacks/release", { copies }) as Promise<{ released: number }>,
    /** Forgets the held callbacks (they are never sent) and stops holding. */
    drop: async () => {
      await fetch(`${baseUrl}/_sandbox/callbacks/held`, { method: "DELETE" })
    },
    held: async () =>
      (await (await fetch(`${baseUrl}/_sandbox/callbacks/held`)).json()) as { url: string; method: string; delivery_id: string }[],
  }
}
