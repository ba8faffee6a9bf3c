"use server"

import { sdk } from "@lib/config"
import { getAuthHeaders, getCacheTag, removeCartId } from "@lib/data/cookies"
import type { CompletionAnswer } from "medusa-payment-dintero/storefront"
import { revalidateTag } from "next/cache"

/**
 * Completes the cart for the Dintero return page (a server action, like the starter's
 * placeOrder). It answers instead of throwing or redirecting, so that the page's helper can wait
 * out a 409 (Dintero's callback completing the same cart) and "not authorized yet".
 */
export async function completeCartForDintero(cartId: string): Promise<CompletionAnswer> {
  try {
    const result = await sdk.store.cart.complete(cartId, {}, { ...(await getAuthHeaders()) })
    if (result.type === "order") {
      revalidateTag(await getCacheTag("orders"))
      revalidateTag(await getCacheTag("carts"))
      await removeCartId()
      return { status: 200, type: "order", order: { id: result.order.id, country_code: result.order.shipping_address?.country_code ?? null } }
    }
    return { status: 200, type: "cart", message: result.error?.message }
  } catch (error) {
    const { status, message } = error as { status?: number; message?: string }
    return { status: typeof status === "number" ? status : 0, type: "error", message: message ?? "The store could not complete the cart" }
  }
}
