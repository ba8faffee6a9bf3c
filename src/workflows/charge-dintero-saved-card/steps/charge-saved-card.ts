import type { ILockingModule, IPaymentModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DINTERO_SAVED_CARDS_MODULE, type DinteroSavedCardsModuleService } from "../../../modules/dintero-saved-cards"
import { orderIdOfLink, type OrderLink } from "../../../providers/dintero/medusa-lookup"
import { MERCHANT_INITIATED_CONTEXT_KEY } from "../../../providers/dintero/merchant-initiated"
import { authorizeLockKey, PAYMENT_LOCK_TIMEOUT_SECONDS } from "../../../providers/dintero/payment-lock"
import { isDinteroProviderId } from "../../../providers/dintero/provider-id"
import type { ChargeDinteroSavedCardInput, ChargeDinteroSavedCardResult } from "../index"

type CollectionRow = {
  id: string
  amount: unknown
  currency_code: string
  cart?: { id?: string } | null
  order_link?: OrderLink
  payments?: { id: string; provider_id: string; payment_session_id?: string | null; canceled_at?: string | Date | null }[] | null
  payment_sessions?: { id: string; provider_id: string; status: string; data?: Record<string, unknown> | null }[] | null
}

export const chargeLockKey = (paymentCollectionId: string) => `dintero:charge:${paymentCollectionId}`

export const chargeSavedCardStep = createStep(
  "charge-dintero-saved-card",
  async (input: ChargeDinteroSavedCardInput, { container }) => {
    const locking = container.resolve<ILockingModule>(Modules.LOCKING)
    const result = await locking.execute(chargeLockKey(input.payment_collection_id), () => charge(input, container), {
      timeout: PAYMENT_LOCK_TIMEOUT_SECONDS,
    })
    // No compensation: what Dintero charged is recorded as Medusa's payment; undoing it is a
    // refund or a cancel of that payment, Medusa's own operations.
    return new StepResponse<ChargeDinteroSavedCardResult>(result)
  }
)

async function charge(input: ChargeDinteroSavedCardInput, container: { resolve<T = unknown>(key: string): T }): Promise<ChargeDinteroSavedCardResult> {
  const query = container.resolve<{ graph(i: unknown): Promise<{ data: unknown[] }> }>(ContainerRegistrationKeys.QUERY)
  const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
  const cards = container.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)

  const { data } = await query.graph({
    entity: "payment_collection",
    fields: [
      "id", "amount", "currency_code", "cart.id", "order_link.order_id",
      "payments.id", "payments.provider_id", "payments.payment_session_id", "payments.canceled_at",
      "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.status", "payment_sessions.data",
    ],
    filters: { id: input.payment_collection_id },
  })
  const collection = data[0] as CollectionRow | undefined
  if (!collection) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment collection ${input.payment_collection_id} was not found`)
  const orderId = orderIdOfLink(collection.order_link)
  if (collection.cart?.id || !orderId) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `payment_collection_id: ${collection.id} is not an order's payment collection (a saved card pays an order's, e.g. a renewal order's)`)
  }

  // Paid already (a repeat, another instance): that payment is the answer, nothing is charged.
  // Paid another way (another provider, a manual payment): nothing to charge either.
  const standing = (collection.payments ?? []).find((payment) => !payment.canceled_at)
  if (standing && !isDinteroProviderId(standing.provider_id)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Payment collection ${collection.id} is already paid with ${standing.provider_id} (payment ${standing.id}): nothing was charged`)
  }
  if (standing) {
    return { payment_collection_id: collection.id, payment_session_id: standing.payment_session_id ?? "", payment_id: standing.id, already_paid: true }
  }

  const { data: orders } = await query.graph({ entity: "order", fields: ["id", "customer_id"], filters: { id: orderId } })
  const customerId = (orders[0] as { customer_id?: string | null } | undefined)?.customer_id
  // The same answer for a card that does not exist and one of another customer.
  const card = customerId ? await cards.ownedCard(input.payment_method_id, { customerId }).catch(() => undefined) : undefined
  if (!card) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `payment_method_id: saved card ${input.payment_method_id} of the order's customer was not found`)
  }
  if (card.blocked_reason) {
    throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, `Dintero refused saved card ${card.id} for good (DO_NOT_RETRY: ${card.blocked_reason}); it is not charged again`)
  }

  // A repeat reuses the earlier attempt's session: its id is the merchant_reference Dintero keeps.
  const earlier = (collection.payment_sessions ?? []).find(
    (session) =>
      session.provider_id === card.provider_id &&
      session.data?.merchant_initiated === true &&
      session.data.payment_method_id === card.id &&
      (session.status === "pending" || session.status === "error")
  )
  const sessionId =
    earlier?.id ??
    (
      await payments.createPaymentSession(collection.id, {
        provider_id: card.provider_id,
        currency_code: collection.currency_code,
        amount: collection.amount as number,
        data: {},
        context: { [MERCHANT_INITIATED_CONTEXT_KEY]: { payment_method_id: card.id } } as Record<string, unknown>,
      })
    ).id

  // Serialized with the settlement of Dintero's callback for the same charge (payment-lock.ts).
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  try {
    const payment = await locking.execute(authorizeLockKey(sessionId), () => payments.authorizePaymentSession(sessionId, {}), {
      timeout: PAYMENT_LOCK_TIMEOUT_SECONDS,
    })
    // null: Dintero holds the payment (ON_HOLD); its callback or the reconciliation job makes the payment.
    return { payment_collection_id: collection.id, payment_session_id: sessionId, payment_id: payment?.id ?? null, already_paid: false }
  } catch (error) {
    const [session] = await payments.listPaymentSessions({ id: sessionId }, { select: ["id", "status", "data"] })
    const refusal = session?.data?.dintero_error as { code?: string; message?: string; type?: string } | undefined
    if (session?.status === "error" && refusal) {
      const doNotRetry = session.data?.do_not_retry === true
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `Dintero refused the payment with saved card ${card.id}: ${refusal.code ?? "FAILED"}: ${refusal.message ?? "refused"}${doNotRetry ? " (DO_NOT_RETRY: the card is not charged again)" : ""}`,
        refusal.code
      )
    }
    throw error
  }
}
