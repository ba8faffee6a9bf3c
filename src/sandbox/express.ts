/**
 * Express Checkout (a session created with `express`): the customer gives a shipping address in
 * Dintero's checkout (a one-click wallet gives only country and postal code until it pays), Dintero
 * POSTs the session to the merchant's `express.shipping_address_callback_url` and shows the
 * `shipping_options` it answers; the customer picks one (no callback: Dintero sets
 * `order.shipping_option` and the amount itself) and may enter discount codes, which Dintero POSTs
 * to `express.discount_codes.callback_url` (with `configuration.discounts.express_discount_codes.enabled`).
 * Neither callback is retried: any answer but a 200 with a valid body is a failed delivery, the
 * customer sees an error and the session keeps what it had.
 *
 * One code path for the hosted page's forms, the embedded page's calls and /_sandbox.
 */
import { z } from "zod"
import { ApiError, notAllowed, validationError, type FieldError } from "./errors"
import { uuid } from "./ids"
import { closedSession } from "./checkout-state"
import type { Sandbox } from "./sandbox"
import { address as addressSchema, orderItem, shippingOption as shippingOptionSchema } from "./session-validation"
import { discountCodesUrl, type ExpressConfig, expressOf } from "./express-rules"
import type { ExpressCall, JsonObject, OrderItem, ShippingOption, StoredSession } from "./types"
import { formatIssues } from "./validation"
import { sessionView } from "./views"

const callbackAnswer = z.object({
  shipping_options: z.array(shippingOptionSchema),
  order: z
    .object({
      amount: z.number().int().min(0),
      vat_amount: z.number().int().optional(),
      items: z.array(orderItem).optional(),
      discount_codes: z.array(z.string()).optional(),
    })
    .optional(),
})
type CallbackAnswer = z.infer<typeof callbackAnswer>

const WALLET_FIELDS = ["country", "postal_code"] as const

function requireExpress(stored: StoredSession): ExpressConfig {
  const express = expressOf(stored)
  if (!express) throw notAllowed("The session is not an Express Checkout session (created without `express`)")
  const closed = closedSession(stored)
  if (closed) throw notAllowed(`The session cannot be changed: ${closed.message}`)
  if (stored.payLockId !== undefined) throw notAllowed("The session is locked for an update by the store; try again after it refreshes")
  return express
}

/**
 * The customer submits a shipping address (`wallet`: a one-click wallet, which shares only country
 * and postal code before the payment). Returns the session as the checkout now shows it.
 */
export async function setExpressAddress(sandbox: Sandbox, stored: StoredSession, input: unknown, wallet = false): Promise<JsonObject> {
  const express = requireExpress(stored)
  const parsed = addressSchema.safeParse(input ?? {})
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, input ?? {}).map(prefixed("shipping_address")))
  let address: JsonObject = { ...parsed.data }
  if (wallet) address = Object.fromEntries(WALLET_FIELDS.filter((field) => address[field] !== undefined).map((field) => [field, address[field]]))
  const errors: FieldError[] = []
  if (!address.country) errors.push({ field: "shipping_address.country", message: "is required" })
  if (!address.postal_code) errors.push({ field: "shipping_address.postal_code", message: "is required" })
  if (!wallet && !address.address_line) errors.push({ field: "shipping_address.address_line", message: "is required" })
  const types = express.customer_types ?? ["b2c", "b2b"]
  const b2b = typeof address.organization_number === "string" && address.organization_number !== ""
  if (b2b && !types.includes("b2b")) errors.push({ field: "shipping_address.organization_number", message: "this checkout takes private customers only (customer_types)" })
  if (!b2b && !types.includes("b2c")) errors.push({ field: "shipping_address.organization_number", message: "is required: this checkout takes business customers only (customer_types)" })
  if (errors.length > 0) throw validationError(errors)

  const order = stored.data.order
  order.shipping_address = address
  if (!order.billing_address || stored.walletAddress) order.billing_address = { ...address }
  stored.walletAddress = wallet
  if (express.shipping_address_callback_url) {
    const answer = await callMerchant(sandbox, stored, "shipping_address", express.shipping_address_callback_url)
    applyAnswer(stored, express, answer)
  } else {
    // Static options: those for the address's country.
    select(stored, express.shipping_options.filter((option) => !Array.isArray(option.countries) || option.countries.includes(String(address.country))))
  }
  touch(stored, "shipping_address")
  return sessionView(stored)
}

/** The customer picks one of the offered options: Dintero sets it and the amount, no callback. */
export function setExpressShippingOption(stored: StoredSession, input: unknown): JsonObject {
  const express = requireExpress(stored)
  const lineId = (input as { line_id?: unknown } | undefined)?.line_id
  if (typeof lineId !== "string" || lineId === "") throw validationError([{ field: "line_id", message: "is required" }])
  const option = express.shipping_options.find((candidate) => candidate.line_id === lineId)
  if (!option) {
    throw validationError([{ field: "line_id", message: `"${lineId}" is not one of the offered shipping options (${express.shipping_options.map((o) => o.line_id).join(", ") || "none"})` }])
  }
  stored.data.order.shipping_option = { ...option }
  recomputeAmount(stored)
  touch(stored, "shipping_option")
  return sessionView(stored)
}

/** The customer submits the discount codes (the whole list; an empty list removes them). */
export async function setExpressDiscountCodes(sandbox: Sandbox, stored: StoredSession, input: unknown): Promise<JsonObject> {
  const express = requireExpress(stored)
  const codes = (input as { discount_codes?: unknown } | undefined)?.discount_codes
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === "string")) {
    throw validationError([{ field: "discount_codes", message: "must be a list of strings" }])
  }
  const url = discountCodesUrl(stored)
  if (!url) {
    throw notAllowed("Discount codes are not enabled for this session (configuration.discounts.express_discount_codes.enabled and express.discount_codes.callback_url)")
  }
  const max = express.discount_codes?.max_count
  if (max !== undefined && codes.length > max) throw validationError([{ field: "discount_codes", message: `at most ${max} codes` }])
  const previous = stored.data.order.discount_codes
  stored.data.order.discount_codes = [...new Set(codes.map((code) => code.trim()).filter((code) => code !== ""))]
  try {
    const answer = await callMerchant(sandbox, stored, "discount_codes", url)
    applyAnswer(stored, express, answer)
  } catch (error) {
    stored.data.order.discount_codes = previous
    throw error
  }
  touch(stored, "discount_codes")
  return sessionView(stored)
}

function prefixed(prefix: string) {
  return (error: FieldError): FieldError => ({ ...error, field: error.field === "body" ? prefix : `${prefix}.${error.field}` })
}

/** POSTs the session (as GET /v1/sessions/{id} shows it) and reads the answer; any failure is the merchant's. */
async function callMerchant(sandbox: Sandbox, stored: StoredSession, kind: ExpressCall["kind"], url: string): Promise<CallbackAnswer> {
  const started = Date.now()
  const call: ExpressCall = { kind, url, at: new Date(started).toISOString(), duration_ms: 0 }
  ;(stored.expressCalls ??= []).push(call)
  const fail = (message: string): never => {
    call.error = message
    throw new ApiError(502, "MERCHANT_CALLBACK_FAILED", `The store's ${kind} callback failed: ${message}`)
  }
  let response: Response
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(sessionView(stored)),
      signal: AbortSignal.timeout(sandbox.options.callbackTimeoutMs),
    })
  } catch (error) {
    call.duration_ms = Date.now() - started
    return fail((error as Error).name === "TimeoutError" ? `no answer within ${sandbox.options.callbackTimeoutMs} ms` : (error as Error).message)
  }
  const text = await response.text().catch(() => "")
  call.duration_ms = Date.now() - started
  call.status = response.status
  if (response.status !== 200) return fail(`HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ""}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return fail("the answer is not JSON")
  }
  const parsed = callbackAnswer.safeParse(body)
  if (!parsed.success) return fail(formatIssues(parsed.error.issues, body).map((e) => `${e.field} ${e.message}`).join("; "))
  return parsed.data
}

/**
 * The merchant's answer replaces the options and, when given, the items and discount codes. The
 * selected option stays when it is still offered (at its new price), else the first option is
 * selected (none when the store cannot ship there). As on Dintero, an `order.amount` that differs
 * from the items plus the selected option gets a correction line.
 */
function applyAnswer(stored: StoredSession, express: ExpressConfig, answer: CallbackAnswer): void {
  const order = stored.data.order
  express.shipping_options = answer.shipping_options as ShippingOption[]
  if (answer.order?.items) order.items = answer.order.items as OrderItem[]
  if (answer.order?.discount_codes) order.discount_codes = answer.order.discount_codes
  select(stored, express.shipping_options)
  order.items = (order.items ?? []).filter((item) => item.line_id !== CORRECTION_LINE_ID)
  recomputeAmount(stored)
  if (answer.order && answer.order.amount !== order.amount) {
    const difference = answer.order.amount - order.amount
    order.items.push({ id: CORRECTION_LINE_ID, line_id: CORRECTION_LINE_ID, description: "Correction", quantity: 1, amount: difference, vat: 0, vat_amount: 0 })
    recomputeAmount(stored)
  }
}

const CORRECTION_LINE_ID = "correction"

function select(stored: StoredSession, options: ShippingOption[]): void {
  const order = stored.data.order
  const current = order.shipping_option?.line_id
  const chosen = options.find((option) => option.line_id === current) ?? options[0]
  if (chosen) order.shipping_option = { ...chosen }
  else delete order.shipping_option
  recomputeAmount(stored)
}

/** What Dintero does on its own: the amount is the items plus the selected shipping option. */
function recomputeAmount(stored: StoredSession): void {
  const order = stored.data.order
  const items = order.items ?? []
  const shipping = order.shipping_option
  order.amount = items.reduce((sum, item) => sum + (item.amount ?? 0), 0) + (shipping?.amount ?? 0)
  order.vat_amount = items.reduce((sum, item) => sum + (item.vat_amount ?? 0), 0) + (shipping?.vat_amount ?? 0)
}

function touch(stored: StoredSession, field: string): void {
  const now = new Date().toISOString()
  stored.data.updated_at = now
  stored.data.events.push({ id: uuid(), name: "UPDATE_SESSION", created_at: now, request_id: uuid(), details: { express: field } })
}
