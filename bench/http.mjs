// The benchmark's HTTP client: JSON in and out, and a failed step reported with what the server
// said, so an aborted run names the step, the status and the body.

/** A checkout step that did not get the answer it needed. */
export class StepError extends Error {
  constructor(step, { method, url, status, body }) {
    const shown = typeof body === "string" ? body : JSON.stringify(body)
    super(`checkout step "${step}" failed: ${method} ${url} → ${status}: ${shown?.slice(0, 2000)}`)
    this.step = step
    this.status = status
    this.body = body
  }
}

/**
 * A client for one service. With several base URLs (two Medusa instances) each request goes to the
 * next one in turn, as a load balancer without sticky sessions would send a shopper's requests.
 */
export function jsonClient(baseUrls, headers = {}) {
  const bases = Array.isArray(baseUrls) ? baseUrls : [baseUrls]
  let next = 0

  async function raw(method, path, body) {
    const base = bases[next]
    next = (next + 1) % bases.length
    const url = `${base}${path}`
    let response
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      return { method, url, status: 0, body: `no answer: ${error?.cause?.message ?? error?.message ?? error}` }
    }
    const text = await response.text()
    let parsed = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON (a proxy's or a crashed server's text): kept as text for the error message
    }
    return { method, url, status: response.status, body: parsed }
  }

  /** The body of a 2xx answer; anything else is a StepError naming `step`. */
  async function call(step, method, path, body) {
    const answer = await raw(method, path, body)
    if (answer.status < 200 || answer.status >= 300) throw new StepError(step, answer)
    return answer.body
  }

  return {
    raw,
    get: (step, path) => call(step, "GET", path),
    post: (step, path, body = {}) => call(step, "POST", path, body),
    delete: (step, path) => call(step, "DELETE", path),
  }
}
