import { MedusaError } from "@medusajs/framework/utils"
import { DEPENDENCIES_FIX } from "./dependencies"
import type { DinteroOptions } from "./options"

/** Path of the plugin's callback route for one provider instance (`pp_dintero_<id>`). */
export const callbackPath = (providerId: string) => `/hooks/dintero/${encodeURIComponent(providerId)}/callback`

/**
 * The `callback_url` Dintero calls server to server. Its own query parameters ask Dintero to
 * call back on failures too (`report_error`) and after captures, refunds and voids made
 * anywhere, Backoffice included (`report_event`).
 */
export function buildCallbackUrl(options: DinteroOptions, providerId: string): string {
  const url = new URL(options.backendUrl.replace(/\/+$/, "") + callbackPath(providerId))
  url.searchParams.append("report_error", "true")
  for (const event of ["CAPTURE", "REFUND", "VOID"]) {
    url.searchParams.append("report_event", event)
  }
  if (options.callbackDelaySeconds > 0) {
    url.searchParams.append("delay_callback", String(options.callbackDelaySeconds))
  }
  return url.toString()
}

/** What Dintero's Express Checkout calls on the store: the shopper's address, or discount codes. */
export type ExpressCallbackKind = "shipping-address" | "discount-codes"

/** Path of the Express callback route of one cart (the Dintero session is in the body). */
export const expressCallbackPath = (providerId: string, cartId: string, kind: ExpressCallbackKind) =>
  `/hooks/dintero/${encodeURIComponent(providerId)}/express/${encodeURIComponent(cartId)}/${kind}`

export function buildExpressCallbackUrl(options: DinteroOptions, providerId: string, cartId: string, kind: ExpressCallbackKind): string {
  return options.backendUrl.replace(/\/+$/, "") + expressCallbackPath(providerId, cartId, kind)
}

/** The return URL of an Express session says so: the storefront then writes the shopper's choices to the cart before completing it. */
export const EXPRESS_RETURN_PARAM = "dintero_express"

export function withExpressMark(returnUrl: string): string {
  const url = new URL(returnUrl)
  url.searchParams.set(EXPRESS_RETURN_PARAM, "1")
  return url.toString()
}

/**
 * The `return_url` the shopper's browser comes back to. Either the configured template
 * (`{cart_id}`, `{payment_session_id}` filled in), or a URL the storefront supplied in
 * `data.return_url`, accepted only for a host in `allowedReturnUrlHosts` (an open redirect
 * otherwise).
 */
export function buildReturnUrl(
  options: DinteroOptions,
  values: { paymentSessionId: string; cartId?: string },
  storefrontSupplied: unknown
): string {
  if (storefrontSupplied !== undefined && storefrontSupplied !== null && storefrontSupplied !== "") {
    return checkedStorefrontUrl(options, storefrontSupplied)
  }
  if (!options.returnUrl) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "data.return_url is required: this store's Dintero provider has no returnUrl option, so the storefront must say where Dintero sends the shopper back"
    )
  }
  if (options.returnUrl.includes("{cart_id}") && !values.cartId) {
    // An empty cart id would send the shopper to a return page that cannot complete anything.
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The returnUrl option needs {cart_id}, and the cart of this payment session cannot be read: ${DEPENDENCIES_FIX} (or let the storefront pass data.return_url)`
    )
  }
  return options.returnUrl
    .replaceAll("{payment_session_id}", encodeURIComponent(values.paymentSessionId))
    .replaceAll("{cart_id}", encodeURIComponent(values.cartId ?? ""))
}

/**
 * The `return_url` of a session for an order's payment collection (no cart): the storefront's
 * `data.return_url` (allowed hosts only), else `paymentCollectionReturnUrl`, else the page Medusa
 * Admin's payment link names, on the origin of `returnUrl`.
 */
export function buildPaymentCollectionReturnUrl(
  options: DinteroOptions,
  values: { paymentSessionId: string; paymentCollectionId: string; orderId: string },
  storefrontSupplied: unknown
): string {
  if (storefrontSupplied !== undefined && storefrontSupplied !== null && storefrontSupplied !== "") {
    return checkedStorefrontUrl(options, storefrontSupplied)
  }
  const template =
    options.paymentCollectionReturnUrl ??
    (options.returnUrl ? `${new URL(options.returnUrl).origin}/payment-collection/{payment_collection_id}?order_id={order_id}` : undefined)
  if (!template) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "data.return_url is required: this store's Dintero provider has neither paymentCollectionReturnUrl nor returnUrl, so the storefront must say where Dintero sends the shopper back"
    )
  }
  return template
    .replaceAll("{payment_session_id}", encodeURIComponent(values.paymentSessionId))
    .replaceAll("{payment_collection_id}", encodeURIComponent(values.paymentCollectionId))
    .replaceAll("{order_id}", encodeURIComponent(values.orderId))
}

function checkedStorefrontUrl(options: DinteroOptions, value: unknown, field = "data.return_url"): string {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field} must be an absolute URL`)
  }
  const allowed = (options.allowedReturnUrlHosts ?? []).map((host) => host.toLowerCase())
  const isHttp = url.protocol === "https:" || url.protocol === "http:"
  if (!isHttp || !allowed.includes(url.host.toLowerCase())) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `${field} host "${url.host}" is not allowed: add it to the Dintero provider's allowedReturnUrlHosts option`
    )
  }
  return url.toString()
}

/**
 * Where Dintero sends the customer back after saving a card without a purchase (a payment token
 * session): the storefront's `return_url` (allowed hosts only), else the `savedCardReturnUrl` option.
 */
export function buildSavedCardReturnUrl(options: DinteroOptions, storefrontSupplied: unknown): string {
  if (storefrontSupplied !== undefined && storefrontSupplied !== null && storefrontSupplied !== "") {
    return checkedStorefrontUrl(options, storefrontSupplied, "return_url")
  }
  if (!options.savedCardReturnUrl) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "return_url is required: this store's Dintero provider has no savedCardReturnUrl option (the storefront page Dintero sends the customer back to after saving a card)"
    )
  }
  return options.savedCardReturnUrl
}
