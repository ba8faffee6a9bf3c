import { MedusaError } from "@medusajs/framework/utils"
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
      'The returnUrl option needs {cart_id}, and the cart of this payment session cannot be read: add dependencies: ["query", "locking"] to the @medusajs/medusa/payment module in medusa-config.ts (or let the storefront pass data.return_url)'
    )
  }
  return options.returnUrl
    .replaceAll("{payment_session_id}", encodeURIComponent(values.paymentSessionId))
    .replaceAll("{cart_id}", encodeURIComponent(values.cartId ?? ""))
}

function checkedStorefrontUrl(options: DinteroOptions, value: unknown): string {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "data.return_url must be an absolute URL")
  }
  const allowed = (options.allowedReturnUrlHosts ?? []).map((host) => host.toLowerCase())
  const isHttp = url.protocol === "https:" || url.protocol === "http:"
  if (!isHttp || !allowed.includes(url.host.toLowerCase())) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `data.return_url host "${url.host}" is not allowed: add it to the Dintero provider's allowedReturnUrlHosts option`
    )
  }
  return url.toString()
}
