import type { ITaxModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createPaymentSessionsWorkflow,
  listShippingOptionsForCartWithPricingWorkflow,
  updateCartWorkflow,
} from "@medusajs/medusa/core-flows"
import type { DinteroOrderAddress } from "../../dintero"
import { CART_FIELDS, type CartInput, type ExpressShippingOffer, toMedusaAddress } from "../../order"
import type { AmountInput } from "../../money"
import { CARRY_OVER_KEY } from "../../providers/dintero/express-carry-over"

/**
 * The Medusa side of Express Checkout: reading the cart and its Express payment session, and
 * changing the cart with Medusa's own workflows. The callers run the changes inside
 * `carryingOver` (express-carry-over.ts), because each change of the total makes Medusa replace
 * the cart's payment sessions.
 */

export type ExpressPaymentSession = { id: string; provider_id: string; status: string; data: Record<string, unknown> }

export type ExpressCart = CartInput & {
  id: string
  total?: AmountInput | null
  completed_at?: string | null
  order_id?: string
  payment_collection_id?: string
  payment_sessions: ExpressPaymentSession[]
}

const EXPRESS_CART_FIELDS = [
  ...CART_FIELDS,
  "completed_at",
  "order_link.order_id",
  "payment_collection.id",
  "payment_collection.payment_sessions.id",
  "payment_collection.payment_sessions.provider_id",
  "payment_collection.payment_sessions.status",
  "payment_collection.payment_sessions.data",
]

type CartRow = CartInput & {
  id: string
  total?: AmountInput | null
  completed_at?: string | null
  order_link?: { order_id?: string | null } | { order_id?: string | null }[] | null
  payment_collection?: { id: string; payment_sessions?: ExpressPaymentSession[] | null } | null
}

/** The cart as the Express workflows need it; undefined when there is none. */
export async function readExpressCart(container: MedusaContainer, cartId: string): Promise<ExpressCart | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: EXPRESS_CART_FIELDS, filters: { id: cartId } })
  const row = data[0] as CartRow | undefined
  if (!row) return undefined
  const link = Array.isArray(row.order_link) ? row.order_link[0] : row.order_link
  const { order_link: _link, payment_collection, ...cart } = row
  return {
    ...cart,
    order_id: link?.order_id ?? undefined,
    payment_collection_id: payment_collection?.id,
    payment_sessions: (payment_collection?.payment_sessions ?? []).filter((session) => !!session),
  }
}

/** The cart's payment session of one Dintero Express session, if the cart holds it. */
export function expressSessionOf(cart: ExpressCart, providerId: string, dinteroSessionId: string): ExpressPaymentSession | undefined {
  return cart.payment_sessions.find(
    (session) => session.provider_id === providerId && session.data?.dintero_session_id === dinteroSessionId && session.data?.express === true
  )
}

/**
 * The cart and its Express payment session for a call naming (cart, Dintero session). Dintero does
 * not sign the Express callbacks and their URL is visible to the shopper's browser: only a pair the
 * cart really holds is accepted, and what the call says is a hint (the payment writes what Dintero
 * itself reports, express-payment.ts).
 */
export async function requireExpressCart(
  container: MedusaContainer,
  input: { provider_id: string; cart_id: string; dintero_session_id: string }
): Promise<{ cart: ExpressCart; session: ExpressPaymentSession }> {
  const cart = await readExpressCart(container, input.cart_id)
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `There is no cart ${input.cart_id}`)
  if (cart.completed_at || cart.order_id) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The cart ${input.cart_id} is already completed`)
  const session = expressSessionOf(cart, input.provider_id, input.dintero_session_id)
  if (!session) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `The cart ${input.cart_id} has no Express checkout with Dintero session ${input.dintero_session_id}`)
  }
  return { cart, session }
}

/** Sets the shopper's address (and billing address, email) on the cart: Medusa's updateCartWorkflow. */
export async function setCartAddresses(
  container: MedusaContainer,
  cartId: string,
  values: { shipping?: DinteroOrderAddress | null; billing?: DinteroOrderAddress | null; email?: string }
): Promise<void> {
  const shipping = toMedusaAddress(values.shipping)
  const billing = toMedusaAddress(values.billing)
  await updateCartWorkflow(container).run({
    input: {
      id: cartId,
      ...(shipping ? { shipping_address: shipping } : {}),
      ...(billing ? { billing_address: billing } : {}),
      ...(values.email ? { email: values.email } : {}),
    },
  })
}

type ListedOption = {
  id: string
  name: string
  amount?: AmountInput | null
  is_tax_inclusive?: boolean | null
  insufficient_inventory?: boolean
  service_zone?: { fulfillment_set?: { type?: string | null } | null } | null
}

/**
 * Medusa's shipping options for the cart's address, priced (flat and calculated prices) and taxed
 * for that address by the tax module: what the store's own checkout would offer.
 */
export async function pricedShippingOffers(container: MedusaContainer, cart: ExpressCart): Promise<ExpressShippingOffer[]> {
  const { result } = await listShippingOptionsForCartWithPricingWorkflow(container).run({ input: { cart_id: cart.id } })
  const listed = (result as ListedOption[]).filter((option) => option.amount !== undefined && option.amount !== null && !option.insufficient_inventory)
  if (listed.length === 0) return []
  const address = cart.shipping_address
  const taxLines = address?.country_code
    ? await container.resolve<ITaxModuleService>(Modules.TAX).getTaxLines(
        listed.map((option) => ({
          id: option.id,
          shipping_option_id: option.id,
          unit_price: option.amount as number,
          currency_code: cart.currency_code ?? undefined,
        })),
        {
          address: {
            country_code: address.country_code,
            province_code: address.province ?? null,
            address_1: address.address_1 ?? undefined,
            city: address.city ?? undefined,
            postal_code: address.postal_code ?? undefined,
          },
        }
      )
    : []
  return listed.map((option) => ({
    id: option.id,
    name: option.name,
    amount: option.amount as AmountInput,
    is_tax_inclusive: option.is_tax_inclusive === true,
    tax_lines: taxLines
      .filter((line) => "shipping_line_id" in line && line.shipping_line_id === option.id)
      .map((line) => ({ rate: line.rate, code: line.code })),
    fulfillment_type: option.service_zone?.fulfillment_set?.type ?? null,
  }))
}

/** The shipping option of the cart's one shipping method, if it has one. */
export function cartShippingOptionId(cart: ExpressCart): string | undefined {
  const methods = cart.shipping_methods ?? []
  return methods.length === 1 ? methods[0]?.shipping_option_id ?? undefined : undefined
}

/** Puts the option on the cart as its one shipping method (Medusa's addShippingMethodToCartWorkflow replaces the others). */
export async function chooseShippingOption(container: MedusaContainer, cart: ExpressCart, optionId: string): Promise<void> {
  if (cartShippingOptionId(cart) === optionId) return
  await addShippingMethodToCartWorkflow(container).run({ input: { cart_id: cart.id, options: [{ id: optionId }] } })
}

/**
 * After Medusa replaced the cart's payment sessions, a payment session that takes the Express
 * Dintero session over (or the one still there when the total did not change). Returns its id.
 */
export async function keepExpressPaymentSession(
  container: MedusaContainer,
  input: { provider_id: string; cart_id: string; dintero_session_id: string }
): Promise<string> {
  const cart = await readExpressCart(container, input.cart_id)
  const existing = cart && expressSessionOf(cart, input.provider_id, input.dintero_session_id)
  if (existing) return existing.id
  if (!cart?.payment_collection_id) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `The cart ${input.cart_id} has no payment collection for its Express checkout`)
  }
  const { result } = await createPaymentSessionsWorkflow(container).run({
    input: {
      payment_collection_id: cart.payment_collection_id,
      provider_id: input.provider_id,
      customer_id: cart.customer_id ?? undefined,
      data: { [CARRY_OVER_KEY]: input.dintero_session_id },
    },
  })
  return (result as { id: string }).id
}
