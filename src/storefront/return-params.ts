/**
 * What the shopper's return URL carries. The plugin puts the cart id in it (`returnUrl` option's
 * `{cart_id}`); Dintero appends `transaction_id`, `merchant_reference` and, on failure, `error`.
 */
export type DinteroReturnParams = {
  cartId?: string
  transactionId?: string
  merchantReference?: string
  /** `cancelled` (the shopper cancelled), `authorization` (declined), `failed`, or another value Dintero adds. */
  error?: string
  /** An Express Checkout session (the plugin marks its return URL with `dintero_express=1`). */
  express?: boolean
}

export function readReturnParams(search: string | URLSearchParams, cartIdParam = "cart_id"): DinteroReturnParams {
  const params = typeof search === "string" ? new URLSearchParams(search.startsWith("?") ? search.slice(1) : search) : search
  const value = (name: string) => params.get(name) || undefined
  return {
    cartId: value(cartIdParam),
    transactionId: value("transaction_id"),
    merchantReference: value("merchant_reference"),
    error: value("error"),
    ...(params.get("dintero_express") === "1" ? { express: true } : {}),
  }
}
