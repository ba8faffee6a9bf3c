/**
 * The hosted checkout page, `GET /v1/view/{session_id}` (what Dintero serves at the session `url`),
 * reduced to what a test or a demo needs: the order, a payment method, and buttons that decide the
 * outcome (markup in checkout-markup.ts). No script: buttons post to `/v1/view/{id}/pay`, which
 * answers 303 to the return_url.
 *
 * With the Web SDK's `ui` parameter (`embed()` of SDK versions before 0.6.0, and the URL shape of
 * Dintero's own endpoint) the same URL serves the embedded variant instead (embedded-page.ts).
 *
 * Stable hooks for browser tests: #merchant-reference, #order-lines, #shipping-line, #vat-total,
 * #total, select#payment_product_type, buttons #pay, #decline, #cancel, #fail, #on-hold.
 */
import { checkoutBody, messagePage, page } from "./checkout-markup"
import { closedSession } from "./checkout-state"
import { embeddedCheckout } from "./embedded-page"
import { ApiError } from "./errors"
import { html, seeOther, type SandboxResponse } from "./http"
import { uuid } from "./ids"
import { PAY_OUTCOMES, type PayOutcome, paySession } from "./payment"
import type { RequestContext } from "./routing"
import type { Sandbox } from "./sandbox"
import type { StoredSession } from "./types"

/** The page for a session that cannot be paid, or undefined when it can. */
function closedPage(stored: StoredSession): SandboxResponse | undefined {
  const closed = closedSession(stored)
  return closed ? messagePage(410, closed.title, closed.message, closed.link) : undefined
}

/** The payable page (the redirect flow), also served at `<endpoint>/?sid=…` for the SDK's redirect(). */
export function hostedCheckout(sandbox: Sandbox, id: string, query: URLSearchParams): SandboxResponse {
  const stored = sandbox.store.session(id)
  if (!stored) return messagePage(404, "Session not found", `No payment session with id ${id}.`)
  const closed = closedPage(stored)
  if (closed) return closed
  stored.data.events.push({ id: uuid(), name: "VISITED", created_at: new Date().toISOString() })
  const hideNotice = query.get("hide_test_message") === "true"
  return html(200, page(`Pay ${stored.data.order.merchant_reference}`, checkoutBody(stored), { hideNotice }))
}

export function viewSession(ctx: RequestContext): SandboxResponse {
  const id = ctx.params[0] ?? ""
  if (ctx.url.searchParams.has("ui")) return embeddedCheckout(ctx.sandbox, id, ctx.url.searchParams)
  return hostedCheckout(ctx.sandbox, id, ctx.url.searchParams)
}

/** The form post of the page's buttons: same code path as POST /_sandbox/sessions/{id}/pay. */
export function submitPayment(ctx: RequestContext): SandboxResponse {
  const id = ctx.params[0] ?? ""
  const stored = ctx.sandbox.store.session(id)
  if (!stored) return messagePage(404, "Session not found", `No payment session with id ${id}.`)
  const closed = closedPage(stored)
  if (closed) return closed
  const form = new URLSearchParams(ctx.rawBody)
  const outcome = form.get("outcome") ?? "authorize"
  if (!(PAY_OUTCOMES as readonly string[]).includes(outcome)) {
    return messagePage(400, "Unknown outcome", `outcome must be one of ${PAY_OUTCOMES.join(", ")}.`)
  }
  try {
    const result = paySession(ctx.sandbox, id, outcome as PayOutcome, form.get("payment_product_type") ?? undefined)
    return seeOther(result.redirect_url)
  } catch (error) {
    if (error instanceof ApiError) return messagePage(error.status, "Payment not possible", error.message)
    throw error
  }
}
