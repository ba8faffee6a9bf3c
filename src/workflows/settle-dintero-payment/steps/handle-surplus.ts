import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { noticeToAdmin } from "../../../notifications/admin-notice"
import { configuredDinteroProvider } from "../../../providers/dintero/configured"

type SurplusInput = {
  provider_id: string
  payment_session_id: string
  dintero_session_id: string
  transaction: { id: string; status: string; amount: number; currency: string }
  cart_id?: string
  order_id?: string
  /** Only Medusa's own operations release money (the reconciliation job); a callback reports. */
  release: boolean
}

/**
 * The cart was paid by another session, and this one is paid too (two tabs, two methods): the
 * second authorization is surplus. It is released deliberately, by the reconciliation job and only
 * while nothing of it is captured (a captured surplus needs a refund, which is the admin's call),
 * logged at error level with every id, and shown to the admin. A callback never releases it
 * (invariant I1): it only reports.
 */
export const handleSurplusStep = createStep("handle-dintero-surplus-payment", async (input: SurplusInput, { container }) => {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const ids = `payment session ${input.payment_session_id}, Dintero session ${input.dintero_session_id}, transaction ${input.transaction.id} (${input.transaction.status}, ${input.transaction.amount} ${input.transaction.currency} minor units), cart ${input.cart_id ?? "none"}, order ${input.order_id ?? "none"}`
  const provider = configuredDinteroProvider(container, input.provider_id)
  // Read again under the payment's lock: only an authorization with nothing captured is released.
  const current = input.release && provider ? await provider.client.getTransaction(input.transaction.id) : undefined
  if (provider && current?.status === "AUTHORIZED") {
    await provider.client.voidTransaction(current.id)
    logger.error(`Dintero: released a second authorization for an already paid cart (${ids})`)
    await noticeToAdmin(container, {
      title: "Dintero: second payment released",
      description: `The cart was already paid; the second Dintero authorization was voided. ${ids}`,
    })
    return new StepResponse("released")
  }
  logger.error(`Dintero: a second payment for an already paid cart (${ids}); ${input.release ? "it is captured: refund it in the admin or Dintero Backoffice" : "the reconciliation job releases it"}`)
  await noticeToAdmin(container, {
    title: "Dintero: second payment for a paid cart",
    description: `${input.release ? "Captured, so not released automatically: refund it." : "It will be released by the reconciliation job."} ${ids}`,
  })
  return new StepResponse("reported")
})
