import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { captureDinteroFulfillmentWorkflow } from "../workflows/capture-dintero-fulfillment"

/** captureOnShipment: a fulfillment created (`order.fulfillment_created`) or shipped (`shipment.created`). */
export default async function captureDinteroFulfillment({
  event,
  container,
}: SubscriberArgs<{ fulfillment_id?: string; id?: string }>) {
  const fulfillmentId = event.data.fulfillment_id ?? event.data.id
  if (!fulfillmentId) return
  const trigger = event.name === "shipment.created" ? "shipment" : "fulfillment"
  await captureDinteroFulfillmentWorkflow(container).run({ input: { fulfillment_id: fulfillmentId, trigger } })
}

export const config: SubscriberConfig = { event: ["order.fulfillment_created", "shipment.created"] }
