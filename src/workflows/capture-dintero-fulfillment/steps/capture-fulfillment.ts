import type { ILockingModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"
import { findAppliedOperation, lineLedgerOf } from "../../../dintero"
import { fromMinorUnits } from "../../../money"
import { noticeToAdmin } from "../../../notifications/admin-notice"
import { captureItemsOf } from "../../../order/operation-lines"
import { mapLines, unitsOf } from "../../../order/order-demand"
import { MedusaLookup, orderIdOfLink } from "../../../providers/dintero/medusa-lookup"
import { dropIntent, stateIntent } from "../../../providers/dintero/operation-intents"
import { orderDinteroPayments } from "../../order-dintero-payments"
import { captureModesOf } from "../capture-mode"

export type CaptureFulfillmentInput = { fulfillment_id: string; trigger: "fulfillment" | "shipment" }
export type CaptureFulfillmentResult = { fulfillment_id: string; captured: { payment_id: string; amount: number }[]; skipped: string[] }

type FulfillmentRow = {
  id: string
  canceled_at?: string | null
  items?: { line_item_id?: string | null; quantity?: unknown }[] | null
  order_link?: { order_id?: string } | { order_id?: string }[] | null
}

/** Seconds a copy of the same fulfillment's event waits for the first one. */
const FULFILLMENT_LOCK_TIMEOUT_SECONDS = 60

/**
 * Captures one fulfillment's lines at Dintero, once, through Medusa's own capture (so Medusa
 * records it, updates the order and emits its events): the lines and their amount come from the
 * Dintero transaction and the fulfillment's items; the provider takes them as the capture's lines,
 * with the fulfillment's id as Dintero's capture reference. Under a lock per fulfillment (Locking
 * Module), a duplicate event finds that reference at Dintero and captures nothing.
 */
export const captureFulfillmentStep = createStep(
  "capture-dintero-fulfillment",
  async (input: CaptureFulfillmentInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const locking = container.resolve<ILockingModule>(Modules.LOCKING)
    const result: CaptureFulfillmentResult = { fulfillment_id: input.fulfillment_id, captured: [], skipped: [] }

    const { data } = await query.graph({
      entity: "fulfillment",
      fields: ["id", "canceled_at", "items.line_item_id", "items.quantity", "order_link.order_id"],
      filters: { id: input.fulfillment_id },
    })
    const fulfillment = data[0] as FulfillmentRow | undefined
    const orderId = orderIdOfLink(fulfillment?.order_link)
    if (!fulfillment || fulfillment.canceled_at || !orderId) return new StepResponse(result)

    const orderPayments = await orderDinteroPayments(container, orderId)
    const modes = await captureModesOf(container, orderPayments)
    const payments = orderPayments.filter((payment) => modes.get(payment.id) === input.trigger && payment.transactionId)
    const medusa = new MedusaLookup(container.cradle as Record<string, unknown>, logger)
    const label = `fulfillment ${fulfillment.id}`
    const rows = (fulfillment.items ?? []).flatMap((item) =>
      item.line_item_id ? [{ line_item_id: item.line_item_id, quantity: Number(item.quantity ?? 0) }] : []
    )

    for (const payment of payments) {
      await locking.execute(
        `dintero:fulfillment:${fulfillment.id}`,
        async () => {
          const transaction = await payment.provider.client.getTransaction(payment.transactionId!)
          if (findAppliedOperation(transaction, "CAPTURE", fulfillment.id)) {
            result.skipped.push(`${payment.id}: captured already`)
            return
          }
          const ledger = lineLedgerOf(transaction)
          const orderLines = await medusa.orderLinesOfPaymentSession(payment.paymentSessionId)
          if (!orderLines) return
          const lines = mapLines(ledger.lines.map((line) => line.lineId), orderLines.order, orderLines.cart)
          const items = captureItemsOf(ledger, unitsOf(label, rows, lines))
          const amount = items.reduce((sum, item) => sum + item.amount, 0)
          // Nothing of this payment's lines in the fulfillment, or captured from the admin already.
          if (amount === 0) {
            result.skipped.push(`${payment.id}: nothing left to capture of its lines`)
            return
          }
          stateIntent(payment.paymentSessionId, { kind: "capture", reference: fulfillment.id, label, rows, amount })
          try {
            await capturePaymentWorkflow(container).run({
              input: { payment_id: payment.id, amount: fromMinorUnits(amount, payment.currency) },
            })
            result.captured.push({ payment_id: payment.id, amount })
          } catch (error) {
            dropIntent(payment.paymentSessionId, "capture")
            const message = `The ${label} of order ${orderId} was not captured at Dintero (${fromMinorUnits(amount, payment.currency)} ${payment.currency}): ${(error as Error).message}`
            logger.error(`Dintero: ${message}`)
            await noticeToAdmin(container, { title: "Dintero: capture on shipment failed", description: `${message}. Capture it from the order page.` })
            result.skipped.push(`${payment.id}: ${(error as Error).message}`)
          }
        },
        { timeout: FULFILLMENT_LOCK_TIMEOUT_SECONDS }
      )
    }
    return new StepResponse(result)
  }
)
