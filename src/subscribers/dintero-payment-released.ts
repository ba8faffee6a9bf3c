import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { noticeToAdmin } from "../notifications/admin-notice"
import { DINTERO_RELEASED_EVENT, DinteroPaymentEventData } from "../providers/dintero/events"

/** Shows the admin an authorization the provider released because Medusa discarded the payment. */
export default async function showReleasedDinteroPayment({ event, container }: SubscriberArgs<DinteroPaymentEventData>) {
  const { payment_session_id, dintero_session_id, transaction_id, reason } = event.data
  await noticeToAdmin(container, {
    title: "Dintero: authorization released",
    description: `${reason}. Payment session ${payment_session_id}, Dintero session ${dintero_session_id ?? "unknown"}, transaction ${transaction_id ?? "unknown"}.`,
  })
}

export const config: SubscriberConfig = { event: DINTERO_RELEASED_EVENT }
