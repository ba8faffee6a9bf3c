// What Dintero received and sent, per checkout: the sandbox's request log (`/_sandbox/requests`)
// sorted into endpoints, and its callback log (`/_sandbox/callbacks`), each entry tied to the
// checkout whose ids it carries. Tying by id instead of by time keeps the counts exact at any
// concurrency, and a request that arrives after its checkout ended still counts for it.

export const ENDPOINTS = ["token", "session create", "session read", "session update/cancel", "transaction read", "transaction list", "capture/refund/void", "other"]

const ID = "[^/]+"
const RULES = [
  ["token", "POST", /\/auth\/token$/],
  ["session create", "POST", /^\/v1\/sessions-profile$/],
  ["session read", "GET", new RegExp(`^/v1/sessions/${ID}$`)],
  ["session update/cancel", "PUT", new RegExp(`^/v1/sessions/${ID}$`)],
  ["session update/cancel", "POST", new RegExp(`^/v1/sessions/${ID}/cancel$`)],
  ["transaction read", "GET", new RegExp(`^/v1/transactions/${ID}$`)],
  ["transaction list", "GET", /^\/v1\/transactions$/],
  ["capture/refund/void", "POST", new RegExp(`^/v1/transactions/${ID}/(capture|refund|void)$`)],
]

export function endpointOf({ method, path }) {
  return RULES.find(([, ruleMethod, pattern]) => method === ruleMethod && pattern.test(path))?.[0] ?? "other"
}

export const noRequests = () => Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint, 0]))

/**
 * The ids a request names: the session or transaction in its path, the merchant reference (the
 * Medusa payment session id) of a session it creates, the filters of a transaction list.
 */
function idsOf(request) {
  const ids = []
  const inPath = /^\/v1\/(?:sessions|transactions)\/([^/]+)/.exec(request.path)
  if (inPath) ids.push(decodeURIComponent(inPath[1]))
  const body = request.body && typeof request.body === "object" ? request.body : {}
  ids.push(body.order?.merchant_reference, body.merchant_reference)
  for (const name of ["session_id", "merchant_reference", "id"]) ids.push(...[request.query?.[name] ?? []].flat())
  return ids.filter((id) => typeof id === "string")
}

/**
 * Ties log entries to the checkouts it was told about (track). Each tracked record gets
 * `dintero_requests` (per endpoint), `dintero_log` (each request, with its time) and `callbacks`
 * ({ attempts, not_2xx, kinds, log }); add() answers what no checkout's id tied (the token,
 * background work such as the reconciliation job).
 */
export function dinteroLedger() {
  const byId = new Map()

  return {
    track(record) {
      record.dintero_requests = noRequests()
      record.dintero_log = []
      record.callbacks = { attempts: 0, not_2xx: 0, kinds: {}, log: [] }
      if (!record.dintero) return
      for (const id of [record.dintero.session_id, record.dintero.transaction_id, record.ids.payment_session]) byId.set(id, record)
    },

    add(requests, callbacks) {
      const untied = { requests: noRequests(), callbacks: 0 }
      for (const request of requests) {
        const owner = idsOf(request).map((id) => byId.get(id)).find(Boolean)
        const endpoint = endpointOf(request)
        if (!owner) {
          untied.requests[endpoint] += 1
          continue
        }
        owner.dintero_requests[endpoint] += 1
        // When, from the checkout's start: tells which step (or which callback) made the request.
        owner.dintero_log.push({ endpoint, method: request.method, path: request.path, ...(request.query ? { query: request.query } : {}), status: request.status, at_ms: Date.parse(request.at) - owner.started_at })
      }
      for (const attempt of callbacks) {
        const owner = byId.get(attempt.session_id)
        if (!owner) {
          untied.callbacks += 1
          continue
        }
        owner.callbacks.attempts += 1
        if (!(attempt.status >= 200 && attempt.status < 300)) owner.callbacks.not_2xx += 1
        owner.callbacks.kinds[attempt.kind] = (owner.callbacks.kinds[attempt.kind] ?? 0) + 1
        // When each attempt was answered, from the checkout's start, and why a refused one was.
        const refusal = attempt.status >= 200 && attempt.status < 300 ? undefined : attempt.response_body?.slice(0, 300)
        owner.callbacks.log.push({ kind: attempt.kind, attempt: attempt.attempt, answer: attempt.status ?? attempt.error, at_ms: Date.parse(attempt.at) - owner.started_at, ...(refusal ? { body: refusal } : {}) })
      }
      return untied
    },
  }
}
