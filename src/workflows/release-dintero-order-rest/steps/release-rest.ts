import type { ILockingModule, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { withPaymentLock } from "../../../providers/dintero/payment-lock"
import { releaseUncapturedRest } from "../../../providers/dintero/release-rest"
import { readPaymentData } from "../../../providers/dintero/session-data"
import { assertTransactionBelongs } from "../../../providers/dintero/transaction-check"
import { orderDinteroPayments } from "../../order-dintero-payments"

/**
 * A cancelled order's partly captured Dintero payments: Medusa refunds what was captured and
 * cancels only payments with no capture at all, so the uncaptured rest of a partial capture would
 * stay authorized. It is released here, under the payment's lock, read from Dintero first: a
 * second run (a duplicate event, another instance) finds the VOID and sends nothing.
 */
export const releaseOrderRestStep = createStep("release-dintero-order-rest", async (input: { order_id: string }, { container }) => {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  const released: string[] = []
  for (const payment of await orderDinteroPayments(container, input.order_id)) {
    if (!payment.transactionId) continue
    await withPaymentLock(locking, payment.paymentSessionId, async () => {
      const transaction = await payment.provider.client.getTransaction(payment.transactionId!)
      assertTransactionBelongs(transaction, readPaymentData(payment.data, "release the rest of the Dintero payment"))
      const result = await releaseUncapturedRest(payment.provider.client, transaction, `order ${input.order_id} cancelled`, logger)
      if (result.released) released.push(transaction.id)
    })
  }
  return new StepResponse({ released })
})
