import type { DinteroCreateSessionRequest } from "../../dintero"
import { buildExpressCallbackUrl } from "./checkout-urls"
import type { DinteroOptions } from "./options"

/** At most this many discount codes per Express checkout (Dintero's `max_count`). */
export const EXPRESS_MAX_DISCOUNT_CODES = 3

/**
 * The `express` part of a new Express Checkout session for a cart: Dintero asks the store for the
 * shipping options of the shopper's address (no options until then: the store answers them), and
 * sends the discount codes the shopper enters; private and business customers alike.
 */
export function expressSessionFields(
  options: DinteroOptions,
  providerId: string,
  cartId: string
): Pick<DinteroCreateSessionRequest, "express" | "configuration"> {
  return {
    express: {
      shipping_options: [],
      shipping_address_callback_url: buildExpressCallbackUrl(options, providerId, cartId, "shipping-address"),
      discount_codes: {
        max_count: EXPRESS_MAX_DISCOUNT_CODES,
        callback_url: buildExpressCallbackUrl(options, providerId, cartId, "discount-codes"),
      },
      customer_types: ["b2c", "b2b"],
    },
    configuration: { discounts: { express_discount_codes: { enabled: true } } },
  }
}
