/**
 * Events the provider emits through Medusa's event bus for the plugin's subscribers: the provider
 * lives inside the payment module and cannot run workflows or notify the admin itself.
 */

/**
 * A capture or refund whose outcome is unknown (Dintero's answer lost and the transaction could
 * not be read back): Medusa rolls its record back, but Dintero may have applied it. Settling the
 * payment a little later records what Dintero really did.
 */
export const DINTERO_RECHECK_EVENT = "dintero.payment.recheck"
export const RECHECK_DELAY_MS = 5_000

/** An authorization released because Medusa discarded the payment (order cancelled, completion compensated). */
export const DINTERO_RELEASED_EVENT = "dintero.payment.released"

export type DinteroPaymentEventData = {
  payment_session_id: string
  provider_id: string
  dintero_session_id?: string
  transaction_id?: string
  reason: string
}
