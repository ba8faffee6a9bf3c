/**
 * Where the customer's Express steps arrive: the checkout page's JSON calls (the session id is the
 * secret, as on Dintero's checkout endpoints, whose names they keep), the hosted page's forms
 * (script-free: 303 back to the page), and /_sandbox for tests without a browser.
 *
 * - PUT /v1/checkout/{id}/json/order/shipping_address        body: an OrderAddress (`?wallet=true`: a one-click wallet)
 * - PUT /v1/checkout/{id}/json/order/items/shipping_option   body: `{line_id}`
 * - PUT /v1/checkout/{id}/json/order/discount_codes          body: `{discount_codes: [...]}`
 * Each answers `{session}` (the session as GET /v1/sessions/{id} shows it).
 */
import { messagePage } from "./checkout-markup"
import { ApiError } from "./errors"
import { setExpressAddress, setExpressDiscountCodes, setExpressShippingOption } from "./express"
import { json, parseJson, queryFlag, seeOther, type SandboxResponse } from "./http"
import type { RequestContext } from "./routing"
import { requireSession } from "./sessions"

type Step = "shipping_address" | "shipping_option" | "discount_codes"

async function run(ctx: RequestContext, step: Step, input: unknown, wallet: boolean) {
  const stored = requireSession(ctx)
  switch (step) {
    case "shipping_address":
      return setExpressAddress(ctx.sandbox, stored, input, wallet)
    case "shipping_option":
      return setExpressShippingOption(stored, input)
    case "discount_codes":
      return setExpressDiscountCodes(ctx.sandbox, stored, input)
  }
}

/** The JSON variant (page calls and /_sandbox): `{session}`, or Dintero's error body. */
export function expressJson(step: Step) {
  return async (ctx: RequestContext): Promise<SandboxResponse> => {
    const input = parseJson(ctx.rawBody) ?? {}
    const body = input as { address?: unknown; wallet?: unknown }
    // /_sandbox takes {address, wallet}; the page sends the address itself with ?wallet=true.
    const wallet = queryFlag(ctx.url.searchParams, "wallet") || body.wallet === true
    const payload = step === "shipping_address" && body.address !== undefined ? body.address : input
    return json(200, { session: await run(ctx, step, payload, wallet) })
  }
}

/** The hosted page's forms: back to the page, or a page naming what went wrong. */
export function expressForm(step: Step) {
  return async (ctx: RequestContext): Promise<SandboxResponse> => {
    const form = new URLSearchParams(ctx.rawBody)
    const id = ctx.params[0] ?? ""
    let input: unknown
    if (step === "shipping_address") {
      input = Object.fromEntries([...form.entries()].filter(([name, value]) => name !== "wallet" && value.trim() !== ""))
    } else if (step === "shipping_option") {
      input = { line_id: form.get("line_id") ?? "" }
    } else {
      input = { discount_codes: (form.get("discount_codes") ?? "").split(",").map((code) => code.trim()).filter(Boolean) }
    }
    try {
      await run(ctx, step, input, form.get("wallet") === "true")
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const details = error.errors?.map((e) => `${e.field}: ${e.message}`).join("; ")
      return messagePage(error.status, "Express checkout", details ? `${error.message} (${details})` : error.message, `/v1/view/${encodeURIComponent(id)}`)
    }
    return seeOther(`/v1/view/${encodeURIComponent(id)}`)
  }
}
