import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits, LedgerTotals } from "../../../money"
import { RECORDED_FROM_DINTERO } from "../../../providers/dintero/provider-id"
import { readMedusaPaymentState } from "../medusa-state"
import { toRecord } from "../plan"

type Recorded = { captureId?: string; refundId?: string }

/**
 * Records in Medusa what Dintero reports and Medusa lacks (a capture or refund made in Dintero
 * Backoffice, an auto-capture, an operation whose answer was lost): the difference of the totals
 * in minor units, read under the payment's lock, so five copies of one callback record it once.
 * Nothing is sent to Dintero: the capture is recorded as already captured, and the refund carries
 * RECORDED_FROM_DINTERO, on which the provider moves no money.
 */
export const recordDinteroLedgerStep = createStep(
  "record-dintero-ledger",
  async (input: { payment_session_id: string; totals: LedgerTotals }, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const state = await readMedusaPaymentState(container, input.payment_session_id)
    const recorded: Recorded = {}
    if (!state?.payment) return new StepResponse(recorded, recorded)
    const missing = toRecord(input.totals, state)

    if (missing.capture > 0) {
      const before = new Set(state.payment.captures.map((capture) => capture.id))
      const payment = await paymentModule.capturePayment({
        payment_id: state.payment.id,
        amount: fromMinorUnits(missing.capture, state.currency),
        is_captured: true,
        captured_by: RECORDED_FROM_DINTERO,
      })
      recorded.captureId = payment.captures?.find((capture) => !before.has(capture.id))?.id
      logger.info(`Dintero settlement: recorded a capture of ${missing.capture} (minor units) Dintero reports for payment ${state.payment.id}`)
    }
    if (missing.refund > 0) {
      const before = new Set(state.payment.refunds.map((refund) => refund.id))
      const payment = await paymentModule.refundPayment({
        payment_id: state.payment.id,
        amount: fromMinorUnits(missing.refund, state.currency),
        created_by: RECORDED_FROM_DINTERO,
        note: "Refunded at Dintero (Backoffice or another system); recorded from Dintero's report",
      })
      recorded.refundId = payment.refunds?.find((refund) => !before.has(refund.id))?.id
      logger.info(`Dintero settlement: recorded a refund of ${missing.refund} (minor units) Dintero reports for payment ${state.payment.id}`)
    }
    return new StepResponse(recorded, recorded)
  },
  async (recorded, { container }) => {
    // A later step failed: take the records back; the next settlement records them again.
    if (!recorded) return
    const paymentModule = container.resolve(Modules.PAYMENT)
    if (recorded.refundId) await paymentModule.deleteRefunds([recorded.refundId])
    if (recorded.captureId) await paymentModule.deleteCaptures([recorded.captureId])
  }
)
