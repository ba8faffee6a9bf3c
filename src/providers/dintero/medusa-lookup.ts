import type { Logger } from "@medusajs/framework/types"
import { CART_FIELDS, CartInput, ORDER_PAYMENT_FIELDS, OrderChangeInput, OrderForPaymentInput } from "../../order"
import type { CartLinesInput, OrderInput } from "../../order/order-demand"
import { DEPENDENCIES_FIX } from "./dependencies"
import type { ProfileAssignment } from "./profile-resolution"

type Query = {
  graph(input: { entity: string; fields: string[]; filters?: Record<string, unknown> }): Promise<{ data: unknown[] }>
}

/** A payment session's cart, or the order whose payment collection (edit, exchange, claim) it pays. */
export type PaymentTarget =
  | { kind: "cart"; cart: CartInput }
  | { kind: "order"; paymentCollectionId: string; order: OrderForPaymentInput & { id: string }; changes: OrderChangeInput[]; paidUntil?: string }

const ORDER_LINE_FIELDS = [
  "id",
  "items.id",
  "items.variant_id",
  "items.title",
  "items.unit_price",
  "items.quantity",
  "items.metadata",
  "items.created_at",
  "items.detail.quantity",
  "items.detail.fulfilled_quantity",
  "items.detail.return_received_quantity",
  "items.detail.written_off_quantity",
  "shipping_methods.id",
  "shipping_methods.shipping_option_id",
  "shipping_methods.amount",
  "shipping_methods.created_at",
] as const

const CART_LINE_FIELDS = [
  "items.id",
  "items.variant_id",
  "items.title",
  "items.unit_price",
  "items.quantity",
  "items.metadata",
  "items.created_at",
  "shipping_methods.id",
  "shipping_methods.shipping_option_id",
  "shipping_methods.amount",
  "shipping_methods.created_at",
] as const

/** A Medusa link to an order (`order_link`), which query returns as an object or as a list of one. */
export type OrderLink = { order_id?: string | null } | { order_id?: string | null }[] | null | undefined

/** The order id of an `order_link`. */
export function orderIdOfLink(link: OrderLink): string | undefined {
  return (Array.isArray(link) ? link[0]?.order_id : link?.order_id) ?? undefined
}

export type MedusaLedgerRow = { id: string; amount: unknown; created_by?: string | null }
export type MedusaPaymentLedger = { id: string; captures: MedusaLedgerRow[]; refunds: MedusaLedgerRow[] }

/**
 * Reads Medusa's own records from inside the provider, on the server: Medusa gives a provider
 * only the amount and currency, lines posted by a storefront cannot be trusted, and a callback
 * must be checked against the payment session it claims to be for. Uses Medusa's `query`, which
 * the payment module receives through `dependencies: ["query"]` in medusa-config.ts.
 *
 * Without `query` (not configured, or a module test) every lookup returns undefined and the
 * provider says so once: sessions are then created with the amount alone, which Dintero accepts
 * for most payment methods but not for invoice and part-payment ones.
 */
export class MedusaLookup {
  private warned = false
  private warnedAssignments = false

  constructor(
    private readonly container: Record<string, unknown>,
    private readonly logger?: Logger
  ) {}

  /**
   * What a payment session pays for: its cart (with the fields the order mapping needs), or, for
   * a payment collection of an order (an order edit, exchange or claim), the order, its confirmed
   * changes and when the order's standing payment was made (order-change-lines.ts). One read of
   * the session, then the cart, or the order and its changes side by side.
   */
  async checkoutOfPaymentSession(paymentSessionId: string): Promise<PaymentTarget | undefined> {
    const query = this.query()
    if (!query) return undefined
    const { data: sessions } = await query.graph({
      entity: "payment_session",
      fields: ["id", "payment_collection.id", "payment_collection.cart.id", "payment_collection.order_link.order_id"],
      filters: { id: paymentSessionId },
    })
    type Row = { payment_collection?: { id: string; cart?: { id?: string } | null; order_link?: OrderLink } | null }
    const collection = (sessions[0] as Row | undefined)?.payment_collection
    const cartId = collection?.cart?.id
    if (cartId) {
      const { data: carts } = await query.graph({ entity: "cart", fields: [...CART_FIELDS], filters: { id: cartId } })
      const cart = carts[0] as CartInput | undefined
      return cart ? { kind: "cart", cart } : undefined
    }
    const orderId = orderIdOfLink(collection?.order_link)
    if (!collection || !orderId) return undefined
    const [{ data: orders }, { data: changes }] = await Promise.all([
      query.graph({
        entity: "order",
        fields: [...ORDER_PAYMENT_FIELDS, "payment_collections.id", "payment_collections.payments.created_at", "payment_collections.payments.canceled_at"],
        filters: { id: orderId },
      }),
      query.graph({
        entity: "order_change",
        fields: ["id", "change_type", "confirmed_at", "actions.action", "actions.details", "actions.reference_id"],
        filters: { order_id: orderId, status: "confirmed" },
      }),
    ])
    type OrderRow = OrderForPaymentInput & {
      id: string
      payment_collections?: { id: string; payments?: { created_at?: string | Date | null; canceled_at?: string | Date | null }[] | null }[] | null
    }
    const order = orders[0] as OrderRow | undefined
    if (!order) return undefined
    // The newest payment that still stands on the order's other collections: what came after it is what this one pays.
    const standing = (order.payment_collections ?? [])
      .filter((other) => other.id !== collection.id)
      .flatMap((other) => other.payments ?? [])
      .filter((payment) => !payment.canceled_at && payment.created_at)
      .map((payment) => new Date(payment.created_at!).getTime())
    return {
      kind: "order",
      paymentCollectionId: collection.id,
      order,
      changes: changes as OrderChangeInput[],
      paidUntil: standing.length ? new Date(Math.max(...standing)).toISOString() : undefined,
    }
  }

  /**
   * The payment of a payment session with its captures and refunds as Medusa has recorded them
   * (the one being made included: Medusa writes it before asking the provider). Null when there
   * is no payment; undefined without query.
   */
  async ledgerOfPaymentSession(paymentSessionId: string): Promise<MedusaPaymentLedger | null | undefined> {
    const query = this.query()
    if (!query) return undefined
    const { data } = await query.graph({
      entity: "payment",
      fields: ["id", "captures.id", "captures.amount", "captures.created_by", "refunds.id", "refunds.amount", "refunds.created_by"],
      filters: { payment_session_id: paymentSessionId },
    })
    const payment = data[0] as MedusaPaymentLedger | undefined
    return payment ? { id: payment.id, captures: payment.captures ?? [], refunds: payment.refunds ?? [] } : null
  }

  /**
   * The order a payment session pays for (the cart's order, or the order of an order edit's,
   * exchange's or claim's payment collection), with what the line mapping (order-demand.ts)
   * needs: items with fulfilled and returned quantities, shipping methods, and the cart's lines
   * when the order was made from a cart. Undefined without query or before there is an order.
   */
  async orderLinesOfPaymentSession(paymentSessionId: string): Promise<{ order: OrderInput; cart?: CartLinesInput } | undefined> {
    const query = this.query()
    if (!query) return undefined
    const { data: sessions } = await query.graph({
      entity: "payment_session",
      fields: ["id", "payment_collection.id", "payment_collection.order_link.order_id", "payment_collection.cart.id"],
      filters: { id: paymentSessionId },
    })
    type Row = { payment_collection?: { order_link?: OrderLink; cart?: { id?: string } | null } | null }
    const collection = (sessions[0] as Row | undefined)?.payment_collection
    const orderId = orderIdOfLink(collection?.order_link)
    if (!orderId) return undefined
    const cartId = collection?.cart?.id
    const [{ data: orders }, carts] = await Promise.all([
      query.graph({ entity: "order", fields: [...ORDER_LINE_FIELDS], filters: { id: orderId } }),
      cartId ? query.graph({ entity: "cart", fields: [...CART_LINE_FIELDS], filters: { id: cartId } }) : Promise.resolve({ data: [] }),
    ])
    const order = orders[0] as OrderInput | undefined
    if (!order) return undefined
    return { order, cart: carts.data[0] as CartLinesInput | undefined }
  }

  /**
   * The profile assignments of a Dintero provider (this plugin's dintero_settings module), read
   * at every session so that a change in the admin applies at once, on every instance. Empty when
   * the module or query is not there (the `profileId` option then applies).
   */
  async profileAssignments(providerId: string): Promise<ProfileAssignment[]> {
    const query = this.query()
    if (!query) return []
    try {
      const { data } = await query.graph({
        entity: "dintero_profile_assignment",
        fields: ["profile_id", "region_id", "sales_channel_id", "express"],
        filters: { provider_id: providerId },
      })
      return data as ProfileAssignment[]
    } catch (error) {
      // The module is not registered (the plugin's modules not loaded): the option applies.
      if (!this.warnedAssignments) {
        this.warnedAssignments = true
        this.logger?.warn(`Dintero: profile assignments could not be read (${(error as Error).message}); the profileId option applies`)
      }
      return []
    }
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
        `Dintero: the payment module has no access to "query": Dintero sessions are created without order lines, and captures and refunds are refused (their amounts are read from Medusa's records). ${DEPENDENCIES_FIX}.`
      )
    }
    return undefined
  }
}
