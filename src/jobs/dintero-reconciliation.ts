import type { MedusaContainer } from "@medusajs/framework/types"
import { configuredDinteroProviders } from "../providers/dintero/configured"
import { reconcileDinteroPayments } from "../reconciliation/reconcile"

/** The last run per provider, in this process: the job ticks every minute, runs per `intervalMinutes`. */
const lastRun = new Map<string, number>()

/**
 * Medusa scheduled job: every minute it checks which Dintero providers are due (option
 * `reconciliation.intervalMinutes`) and reconciles them (src/reconciliation/reconcile.ts).
 */
export default async function dinteroReconciliationJob(container: MedusaContainer) {
  const now = Date.now()
  for (const provider of configuredDinteroProviders(container)) {
    const { enabled, intervalMinutes } = provider.options.reconciliation
    if (!enabled || now - (lastRun.get(provider.providerId) ?? 0) < intervalMinutes * 60_000 - 1_000) continue
    lastRun.set(provider.providerId, now)
    await reconcileDinteroPayments(container, { providerId: provider.providerId })
  }
}

export const config = { name: "dintero-reconciliation", schedule: "* * * * *" }
