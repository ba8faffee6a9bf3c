import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { releaseDinteroOrderRestWorkflow } from "../workflows/release-dintero-order-rest"

/** A cancelled order releases the uncaptured rest of its partly captured Dintero payments. */
export default async function releaseDinteroOrderRest({ event, container }: SubscriberArgs<{ id: string }>) {
  await releaseDinteroOrderRestWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = { event: "order.canceled" }
