import type { Logger } from "@medusajs/framework/types"
import { CART_FIELDS, CartInput } from "../../order"

type Query = {
  graph(input: { entity: string; fields: string[]; filters?: Record<string, unknown> }): Promise<{ data: unknown[] }>
}

/**
 * Finds the cart behind a Medusa payment session, on the server: Medusa gives a provider only
 * the amount and currency, and lines posted by a storefront cannot be trusted. Walks
 * payment session → payment collection → (link) cart with Medusa's `query`, which the payment
 * module receives through `dependencies: ["query"]` in medusa-config.ts.
 *
 * Without `query` (not configured, or a module test) it returns undefined and says so once: the
 * session is then created with the amount alone, which Dintero accepts for most payment methods
 * but not for invoice and part-payment ones.
 */
export class CartSource {
  private warned = false

  constructor(
    private readonly container: Record<string, unknown>,
    private readonly logger?: Logger
  ) {}

  async forPaymentSession(paymentSessionId: string): Promise<CartInput | undefined> {
    const query = this.query()
    if (!query) return undefined
    const { data: sessions } = await query.graph({
      entity: "payment_session",
      fields: ["id", "payment_collection.id", "payment_collection.cart.id"],
      filters: { id: paymentSessionId },
    })
    const cartId = (sessions[0] as { payment_collection?: { cart?: { id?: string } | null } } | undefined)?.payment_collection
      ?.cart?.id
    if (!cartId) return undefined
    const { data: carts } = await query.graph({ entity: "cart", fields: [...CART_FIELDS], filters: { id: cartId } })
    return carts[0] as CartInput | undefined
  }

  private query(): Query | undefined {
    try {
      const query = this.container.query as Query | undefined
      if (query) return query
    } catch {
      // Awilix throws for an unregistered name.
    }
    if (!this.warned) {
      this.warned = true
      this.logger?.warn(
        'Dintero: the payment module has no access to "query", so Dintero sessions are created without order lines. Add dependencies: ["query"] to the @medusajs/medusa/payment module in medusa-config.ts.'
      )
    }
    return undefined
  }
}
