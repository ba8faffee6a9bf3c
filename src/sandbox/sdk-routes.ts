/**
 * The URLs Dintero's Web SDK builds for a custom `endpoint` (SDK src/url.ts, 0.6.0 and later): it
 * skips Dintero's `/v1/view/{id}` and loads the endpoint's root instead.
 *
 * - `GET /?sid=…&sdk=…&ui=inline&language=…`: embed(), the embedded page (any `ui`, also `fullscreen`)
 * - `GET /?sid=…&sdk=…&language=…`: redirect(), the payable hosted page
 * - `GET /embedResult/?sid=…&merchant_reference=…&transaction_id=…&error=…`: where the SDK points
 *   the iframe after a final event
 * - `GET /` without `sid`: a pointer to the API, for whoever opens the sandbox's URL in a browser
 */
import { embeddedCheckout, embedResult } from "./embedded-page"
import { hostedCheckout } from "./hosted-page"
import { json, type SandboxResponse } from "./http"
import type { RequestContext, Route } from "./routing"

function root(ctx: RequestContext): SandboxResponse {
  const query = ctx.url.searchParams
  const sid = query.get("sid")
  if (sid) return query.has("ui") ? embeddedCheckout(ctx.sandbox, sid, query) : hostedCheckout(ctx.sandbox, sid, query)
  return json(200, {
    name: "dintero-sandbox",
    api: `${ctx.sandbox.baseUrl}/v1`,
    control: `${ctx.sandbox.baseUrl}/_sandbox`,
    account_id: ctx.sandbox.options.accountId,
  })
}

export const sdkRoutes: readonly Route[] = [
  { method: "GET", pattern: /^\/$/, auth: false, handler: root },
  { method: "GET", pattern: /^\/embedResult\/?$/, auth: false, handler: (ctx) => embedResult(ctx.url.searchParams) },
]
