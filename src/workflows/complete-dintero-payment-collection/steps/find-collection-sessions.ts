import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { orderIdOfLink, type OrderLink } from "../../../providers/dintero/medusa-lookup"
import { isDinteroProviderId } from "../../../providers/dintero/provider-id"

export type CollectionSessions = {
  payment_collection_id: string
  order_id: string
  /** The Dintero payment sessions to settle, newest first. */
  sessions: { id: string; provider_id: string }[]
}

type Row = {
  id: string
  cart?: { id?: string } | null
  order_link?: OrderLink
  payment_sessions?: { id: string; provider_id: string; created_at?: string | Date | null }[] | null
}

/** At most this many sessions of one collection are read back per request (each costs Dintero reads). */
const MAX_SESSIONS = 3

/**
 * The order's payment collection and its Dintero payment sessions. A cart's collection is
 * refused: the cart's completion (or the callback) makes its order; this is for an order edit's,
 * exchange's or claim's collection.
 */
export const findCollectionSessionsStep = createStep(
  "find-dintero-collection-sessions",
  async (input: { payment_collection_id: string; payment_session_id?: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "payment_collection",
      fields: ["id", "cart.id", "order_link.order_id", "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.created_at"],
      filters: { id: input.payment_collection_id },
    })
    const collection = data[0] as Row | undefined
    if (!collection) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment collection ${input.payment_collection_id} was not found`)
    }
    const orderId = orderIdOfLink(collection.order_link)
    if (collection.cart?.id || !orderId) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Payment collection ${collection.id} belongs to a cart, not to an order: complete the cart (POST /store/carts/{id}/complete)`
      )
    }
    const sessions = (collection.payment_sessions ?? [])
      .filter((session) => isDinteroProviderId(session.provider_id))
      .filter((session) => !input.payment_session_id || session.id === input.payment_session_id)
      .sort((a, b) => new Date(b.created_at ?? 0).getTime() - new Date(a.created_at ?? 0).getTime())
      .slice(0, MAX_SESSIONS)
    if (!sessions.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        input.payment_session_id
          ? `payment_session_id ${input.payment_session_id} is not a Dintero payment session of payment collection ${collection.id}`
          : `Payment collection ${collection.id} has no Dintero payment session: create one first (POST /store/payment-collections/${collection.id}/payment-sessions)`
      )
    }
    return new StepResponse<CollectionSessions>({
      payment_collection_id: collection.id,
      order_id: orderId,
      sessions: sessions.map(({ id, provider_id }) => ({ id, provider_id })),
    })
  }
)
