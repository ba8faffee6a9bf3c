import type { ILockingModule, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { noticeToAdmin } from "../notifications/admin-notice"
import { buildCallbackUrl } from "../providers/dintero/checkout-urls"
import type { ConfiguredDinteroProvider } from "../providers/dintero/configured"
import { PAYMENT_LOCK_TIMEOUT_SECONDS, paymentLockKey } from "../providers/dintero/payment-lock"
import { isMedusaPaymentSessionId } from "../providers/dintero/session-data"

/**
 * Authorizations whose Medusa payment session is gone (invariant I3): the plugin never lets a paid
 * session be deleted, but Medusa can lose one another way (custom code, a database restored from
 * a backup). Nobody can make an order of such a payment, so it is released deliberately, logged at
 * error level with every id, and shown to the admin.
 *
 * Only this server's own payments are touched: the Dintero session's callback URL must be this
 * provider's (another shop, or a staging server, on the same Dintero account is left alone).
 * Returns how many were released.
 */
export async function releaseOrphanedAuthorizations(
  container: MedusaContainer,
  provider: ConfiguredDinteroProvider,
  window: { from: Date; to: Date; limit: number }
): Promise<number> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  const transactions = await provider.client.listTransactions({
    status: ["AUTHORIZED"],
    "created_at.gte": window.from.toISOString(),
    "created_at.lte": window.to.toISOString(),
    limit: window.limit,
  })
  const candidates = transactions.filter((t) => isMedusaPaymentSessionId(t.merchant_reference))
  if (candidates.length === 0) return 0
  const { data } = await query.graph({
    entity: "payment_session",
    fields: ["id"],
    filters: { id: candidates.map((t) => t.merchant_reference as string) },
  })
  const existing = new Set((data as { id: string }[]).map((session) => session.id))
  const ours = buildCallbackUrl(provider.options, provider.providerId).split("?")[0]

  let released = 0
  for (const candidate of candidates) {
    const paymentSessionId = candidate.merchant_reference as string
    if (existing.has(paymentSessionId) || !candidate.session_id) continue
    await locking.execute(
      paymentLockKey(paymentSessionId),
      async () => {
        const session = await provider.client.getSession(candidate.session_id as string)
        if (!session.url?.callback_url?.startsWith(ours)) return
        const transaction = await provider.client.getTransaction(candidate.id)
        if (transaction.status !== "AUTHORIZED") return
        await provider.client.voidTransaction(transaction.id)
        released++
        const ids = `payment session ${paymentSessionId} (gone from Medusa), Dintero session ${session.id}, transaction ${transaction.id} (${transaction.amount} ${transaction.currency} minor units)`
        logger.error(`Dintero: released an authorization whose Medusa payment session no longer exists (${ids})`)
        await noticeToAdmin(container, {
          title: "Dintero: orphaned authorization released",
          description: `Medusa no longer has the payment session of this Dintero payment, so no order can be made of it; the authorization was voided. ${ids}`,
        })
      },
      { timeout: PAYMENT_LOCK_TIMEOUT_SECONDS }
    )
  }
  return released
}
