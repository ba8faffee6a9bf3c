/**
 * The pages the Web SDK puts in its iframe: the embedded checkout (what `embed()` loads, at
 * `<endpoint>/?sid=…&ui=inline…` or `/v1/view/{id}?ui=inline…`) and the result page
 * (`<endpoint>/embedResult/?…`, where the SDK points the iframe after a final event). The same
 * markup as the hosted page, plus the script that speaks the SDK's postMessage protocol
 * (embedded-client.ts).
 */
import { checkoutBody, messageBody, page } from "./checkout-markup"
import { checkoutView, type CheckoutState, closedSession } from "./checkout-state"
import { escapeHtml } from "./format"
import { html, type SandboxResponse } from "./http"
import { uuid } from "./ids"
import { EMBEDDED_CLIENT_SCRIPT } from "./embedded-client"
import type { Sandbox } from "./sandbox"
import { sessionView } from "./views"

/** What the page's script needs from the server (embedded as JSON, never as code). */
interface ClientConfig {
  sid: string
  state: CheckoutState | "result"
  language: string
  clientSideValidation: boolean
  session?: unknown
}

function scripts(config: ClientConfig): string {
  // "<" escaped so that no value (a merchant reference, say) can close the script element.
  const data = JSON.stringify(config).replace(/</g, "\\u003c")
  return `
<script type="application/json" id="dintero-sandbox-config">${data}</script>
<script>${EMBEDDED_CLIENT_SCRIPT}</script>
`
}

/** The SDK's query: `language` (the SDK's option; the sandbox shows English either way), `client_side_validation`, `hide_test_message`. */
function sdkParams(query: URLSearchParams) {
  return {
    language: query.get("language") || "en",
    clientSideValidation: query.get("client_side_validation") === "true",
    hideNotice: query.get("hide_test_message") === "true",
  }
}

function embeddedPage(status: number, title: string, body: string, config: ClientConfig, hideNotice: boolean): SandboxResponse {
  return html(status, page(title, body, { embedded: true, hideNotice, tail: scripts(config) }))
}

export function embeddedCheckout(sandbox: Sandbox, sessionId: string, query: URLSearchParams): SandboxResponse {
  const { language, clientSideValidation, hideNotice } = sdkParams(query)
  const view = checkoutView(sandbox, sessionId)
  const config: ClientConfig = { sid: sessionId, state: view.state, language, clientSideValidation }
  const stored = view.stored
  if (!stored) {
    const body = messageBody("Session not found", `No payment session with id ${sessionId}.`)
    return embeddedPage(404, "Session not found", `<div id="checkout-body">${body}</div>`, config, hideNotice)
  }
  const closed = closedSession(stored)
  if (closed) {
    const body = messageBody(closed.title, closed.message, closed.link)
    return embeddedPage(410, closed.title, `<div id="checkout-body">${body}</div>`, config, hideNotice)
  }
  stored.data.events.push({ id: uuid(), name: "VISITED", created_at: new Date().toISOString() })
  config.session = sessionView(stored)
  // #checkout-body is what RefreshSession replaces; #checkout-status shows the page's own messages.
  const body = `<div id="checkout-body">${checkoutBody(stored)}</div>
<p id="checkout-status" class="notice" role="status" hidden></p>`
  return embeddedPage(200, `Pay ${stored.data.order.merchant_reference}`, body, config, hideNotice)
}

/** What the result page says for the SDK's `error` parameter (none: the payment went through). */
const RESULTS: Record<string, { title: string; message: string }> = {
  "": { title: "Payment completed", message: "The payment went through. The store takes it from here." },
  cancelled: { title: "Payment cancelled", message: "The payment was cancelled." },
  authorization: { title: "Payment declined", message: "The payment was declined." },
  failed: { title: "Payment failed", message: "The payment failed." },
}

/**
 * GET <endpoint>/embedResult/?sid&merchant_reference&transaction_id&error&language&sdk: the SDK
 * builds this query itself, unencoded, from the final event; the page only reports its height.
 */
export function embedResult(query: URLSearchParams): SandboxResponse {
  const error = query.get("error") ?? ""
  const result = RESULTS[error] ?? { title: "Payment not completed", message: `The payment ended with error "${error}".` }
  const content = `<div id="embed-result" data-transaction-id="${escapeHtml(query.get("transaction_id"))}" data-error="${escapeHtml(error)}">
${messageBody(result.title, result.message)}
</div>`
  const config: ClientConfig = {
    sid: query.get("sid") ?? "",
    state: "result",
    language: query.get("language") || "en",
    clientSideValidation: false,
  }
  return embeddedPage(200, result.title, content, config, false)
}

