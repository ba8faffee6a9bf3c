import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { configuredDinteroProviders, type ConfiguredDinteroProvider } from "../providers/dintero/configured"
import { settleDinteroPaymentWorkflow } from "../workflows"
import { expressPaymentSessionOf } from "../workflows/dintero-express/express-payment"
import { readMedusaPaymentState } from "../workflows/settle-dintero-payment/medusa-state"
import { releaseOrphanedAuthorizations } from "./orphans"

/**
 * Where the previous pass stopped, per provider: a pass takes `batchSize` sessions after it, so
 * that many abandoned (still pending) sessions cannot keep newer ones from ever being looked at.
 */
const cursor = new Map<string, Date>()

export type ReconciliationReport = { providerId: string; checked: number; settled: number; failed: number; released: number }[]

/**
 * One reconciliation pass: every Dintero payment session still `pending` or
 * `pending_authorization` between `afterMinutes` and `maxAgeHours` old is settled through the
 * same workflow as a callback (lost callbacks, Vipps shoppers who never return, ON_HOLD turning
 * AUTHORIZED or FAILED), and a second authorization for a cart already paid is released. Then
 * authorizations whose Medusa payment session is gone are released (./orphans.ts). Safe to run on
 * every instance at once: each payment is settled under its lock, and settling twice changes
 * nothing.
 */
export async function reconcileDinteroPayments(
  container: MedusaContainer,
  options: { providerId?: string; now?: Date; afterMinutes?: number } = {}
): Promise<ReconciliationReport> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const now = (options.now ?? new Date()).getTime()
  const report: ReconciliationReport = []
  for (const provider of configuredDinteroProviders(container)) {
    if (options.providerId && provider.providerId !== options.providerId) continue
    const { afterMinutes, maxAgeHours, batchSize } = provider.options.reconciliation
    const oldest = new Date(now - maxAgeHours * 3_600_000)
    const after = cursor.get(provider.providerId)
    const { data } = await query.graph({
      entity: "payment_session",
      fields: ["id", "created_at"],
      filters: {
        provider_id: provider.providerId,
        status: ["pending", "pending_authorization"],
        created_at: {
          $lte: new Date(now - (options.afterMinutes ?? afterMinutes) * 60_000),
          ...(after && after > oldest ? { $gt: after } : { $gte: oldest }),
        },
      },
      pagination: { take: batchSize, order: { created_at: "ASC" } },
    })
    const sessions = data as { id: string; created_at: string | Date }[]
    // A full batch: the next pass goes on after it; a short one: the next pass starts over.
    if (sessions.length === batchSize) cursor.set(provider.providerId, new Date(sessions[sessions.length - 1].created_at))
    else cursor.delete(provider.providerId)
    const entry = { providerId: provider.providerId, checked: 0, settled: 0, failed: 0, released: 0 }
    for (const session of sessions) {
      entry.checked++
      try {
        // An Express checkout gets the shopper's choices on its cart first (they decide the payment session).
        const paymentSessionId = await expressSessionToSettle(container, provider, session.id)
        if (!paymentSessionId) continue
        const { result } = await settleDinteroPaymentWorkflow(container).run({
          input: { provider_id: provider.providerId, payment_session_id: paymentSessionId, release_surplus: true },
        })
        if (result.settled) entry.settled++
      } catch (error) {
        entry.failed++
        logger.warn(`Dintero reconciliation: payment session ${session.id}: ${(error as Error).message}`)
      }
    }
    try {
      entry.released = await releaseOrphanedAuthorizations(container, provider, {
        from: oldest,
        to: new Date(now - (options.afterMinutes ?? afterMinutes) * 60_000),
        limit: Math.min(batchSize, 100),
      })
    } catch (error) {
      logger.warn(`Dintero reconciliation (${provider.providerId}): looking for orphaned authorizations failed: ${(error as Error).message}`)
    }
    if (entry.checked || entry.released) {
      logger.info(`Dintero reconciliation (${provider.providerId}): ${entry.checked} checked, ${entry.settled} in line with Dintero, ${entry.failed} failed, ${entry.released} orphaned authorizations released`)
    }
    report.push(entry)
  }
  return report
}

/**
 * The payment session to settle for a pending one: itself, or for a paid Express checkout the
 * cart's session once the shopper's choices are on the cart (none when it was released).
 */
async function expressSessionToSettle(container: MedusaContainer, provider: ConfiguredDinteroProvider, paymentSessionId: string): Promise<string | undefined> {
  const state = await readMedusaPaymentState(container, paymentSessionId)
  if (!state?.cartId || state.data.express !== true || typeof state.data.dintero_session_id !== "string") return paymentSessionId
  const session = await provider.client.getSession(state.data.dintero_session_id)
  if (!session.transaction_id) return paymentSessionId
  const transaction = await provider.client.getTransaction(session.transaction_id)
  const { paymentSessionId: current } = await expressPaymentSessionOf(container, {
    provider_id: provider.providerId,
    cart_id: state.cartId,
    transaction,
  })
  return current
}
