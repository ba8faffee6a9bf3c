/* The browser-safe storefront helper, as a storefront (bundler resolution, DOM types) imports it. */
import {
  announceOrder,
  completeDinteroReturn,
  fetchStoreApi,
  mountDinteroCheckout,
  readReturnParams,
  type DinteroReturnOutcome,
} from "medusa-payment-dintero/storefront"

export async function returnPage(search: string): Promise<string> {
  const store = fetchStoreApi({ baseUrl: "https://api.myshop.com", publishableKey: "pk_test" })
  const params = readReturnParams(search)
  const outcome: DinteroReturnOutcome = await completeDinteroReturn(params, store)
  if (outcome.kind === "order") {
    announceOrder(params.cartId ?? "", outcome.order.id)
    return outcome.order.id
  }
  return outcome.message
}
// @ts-expect-error the outcomes are a closed union
export const unknownKind: DinteroReturnOutcome["kind"] = "maybe"
export const mount: typeof mountDinteroCheckout = mountDinteroCheckout
