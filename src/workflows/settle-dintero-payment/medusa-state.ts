import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MedusaLedger, medusaLedgerOf } from "../../money"
import { orderIdOfLink, type MedusaLedgerRow as LedgerRow } from "../../providers/dintero/medusa-lookup"

/** What Medusa has recorded for one payment session, as the settlement needs it. */
export type MedusaPaymentState = {
  paymentSessionId: string
  status: string
  providerId: string
  currency: string
  data: Record<string, unknown>
  paymentCollectionId?: string
  cartId?: string
  orderId?: string
  /** The payment created from this session, if any. */
  payment?: { id: string; canceled_at?: string | null; captures: LedgerRow[]; refunds: LedgerRow[] }
  /** Other sessions of the same payment collection (the storefront may have created a new one). */
  otherSessions: { id: string; status: string; provider_id: string }[]
  /** Whether another session's payment (not cancelled) paid the collection. */
  paidByAnotherSession: boolean
}

type Row = {
  id: string
  status: string
  provider_id: string
  currency_code: string
  data: Record<string, unknown> | null
  payment_collection?: {
    id: string
    cart?: { id: string; order_link?: { order_id?: string | null } | { order_id?: string | null }[] | null } | null
    payment_sessions?: { id: string; status: string; provider_id: string }[]
    payments?: {
      id: string
      payment_session_id?: string | null
      canceled_at?: string | null
      captures?: LedgerRow[]
      refunds?: LedgerRow[]
    }[]
  } | null
}

/** Reads it through Medusa's query; undefined when Medusa has no such payment session. */
export async function readMedusaPaymentState(container: MedusaContainer, paymentSessionId: string): Promise<MedusaPaymentState | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_session",
    fields: [
      "id",
      "status",
      "provider_id",
      "currency_code",
      "data",
      "payment_collection.id",
      "payment_collection.cart.id",
      // The cart's order through Medusa's order-cart link, in the same query.
      "payment_collection.cart.order_link.order_id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.status",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payments.id",
      "payment_collection.payments.payment_session_id",
      "payment_collection.payments.canceled_at",
      "payment_collection.payments.captures.id",
      "payment_collection.payments.captures.amount",
      "payment_collection.payments.captures.created_by",
      "payment_collection.payments.refunds.id",
      "payment_collection.payments.refunds.amount",
      "payment_collection.payments.refunds.created_by",
    ],
    filters: { id: paymentSessionId },
  })
  const row = data[0] as Row | undefined
  if (!row) return undefined
  const collection = row.payment_collection ?? undefined
  const payments = collection?.payments ?? []
  const own = payments.find((payment) => payment.payment_session_id === row.id)
  const cartId = collection?.cart?.id ?? undefined
  const link = collection?.cart?.order_link
  const orderId = orderIdOfLink(link)
  return {
    paymentSessionId: row.id,
    status: row.status,
    providerId: row.provider_id,
    currency: row.currency_code.toUpperCase(),
    data: row.data ?? {},
    paymentCollectionId: collection?.id,
    cartId,
    orderId,
    payment: own
      ? { id: own.id, canceled_at: own.canceled_at ?? null, captures: own.captures ?? [], refunds: own.refunds ?? [] }
      : undefined,
    otherSessions: (collection?.payment_sessions ?? []).filter((session) => session.id !== row.id),
    paidByAnotherSession: payments.some((payment) => payment.payment_session_id !== row.id && !payment.canceled_at),
  }
}

/** Medusa's side of the ledger (src/money/ledger.ts), in minor units. */
export function medusaLedgerOfState(state: MedusaPaymentState): MedusaLedger {
  return medusaLedgerOf(state.payment, state.currency)
}
