import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { capturedAmount, DinteroError, lineLedgerOf, refundedAmount, type DinteroTransaction } from "../../../dintero"
import { isDinteroProviderId } from "../../../providers/dintero/provider-id"
import type { DinteroTransactionLine, LiveDinteroPayment } from "../../../api/admin/dintero/types"
import { dinteroUnavailable, requireDinteroProvider } from "../errors"

/**
 * The transaction's lines with what Dintero reports as captured and refunded of each (the order
 * page's per-line table), from the transaction already read: no further request. Only the
 * listed fields of each item, copied.
 */
export function liveLinesOf(transaction: DinteroTransaction): { lines: DinteroTransactionLine[]; lines_attributable: boolean } {
  const ledger = lineLedgerOf(transaction)
  return {
    lines: ledger.lines.map((line) => ({
      line_id: line.lineId,
      description: line.description ?? null,
      quantity: line.quantity,
      amount: line.amount,
      captured: { quantity: line.captured.quantity, amount: line.captured.amount },
      refunded: { quantity: line.refunded.quantity, amount: line.refunded.amount },
      shipping: line.isShipping,
    })),
    lines_attributable: ledger.attributable,
  }
}

/** A Medusa payment of a Dintero provider as Dintero has it now (the order page's panel). */
export const readDinteroPaymentStep = createStep("read-dintero-payment", async (input: { payment_id: string }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["id", "provider_id", "data"], filters: { id: input.payment_id } })
  const payment = data[0] as { id: string; provider_id: string; data: Record<string, unknown> | null } | undefined
  if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `There is no payment ${input.payment_id}`)
  if (!isDinteroProviderId(payment.provider_id)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `payment ${input.payment_id} is not a Dintero payment (${payment.provider_id})`)
  }
  const provider = requireDinteroProvider(container, payment.provider_id)
  const text = (value: unknown) => (typeof value === "string" && value ? value : null)
  const live: LiveDinteroPayment = {
    payment_id: payment.id,
    provider_id: payment.provider_id,
    profile_id: text(payment.data?.profile_id),
    dintero_session_id: text(payment.data?.dintero_session_id),
    transaction: null,
  }
  const transactionId = text(payment.data?.transaction_id)
  if (!transactionId) return new StepResponse(live)
  try {
    const transaction = await provider.client.getTransaction(transactionId)
    const card = (transaction as { card?: { brand?: string; masked_pan?: string; expiry_date?: string } | null }).card
    live.transaction = {
      id: transaction.id,
      status: transaction.status,
      payment_product: transaction.payment_product ?? null,
      payment_product_type: transaction.payment_product_type ?? null,
      // Only what Dintero shows itself: brand, masked number, expiry. Never a token.
      card: card ? { brand: card.brand, masked_pan: card.masked_pan, expiry_date: card.expiry_date } : null,
      currency: transaction.currency,
      amounts: { authorized: transaction.amount, captured: capturedAmount(transaction), refunded: refundedAmount(transaction) },
      events: (transaction.events ?? []).map((event) => ({
        id: event.id,
        event: event.event,
        success: event.success !== false,
        amount: event.amount ?? null,
        reference: event.event_reference ?? null,
        created_at: event.created_at ?? null,
        created_by: text((event as { created_by?: unknown }).created_by),
        error: event.error?.message ?? null,
      })),
      ...liveLinesOf(transaction),
    }
  } catch (error) {
    if (error instanceof DinteroError) throw dinteroUnavailable(error, `read transaction ${transactionId}`)
    throw error
  }
  return new StepResponse(live)
})
