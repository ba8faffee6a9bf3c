import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { OrderDinteroPayment } from "../order-dintero-payments"

export type CaptureMode = false | "fulfillment" | "shipment"

/**
 * When a payment is captured by fulfillment: the setting of its payment profile in Settings →
 * Dintero (the profile it was made with, kept in its data), else the provider's
 * `captureOnShipment` option. One read of the settings for all the order's payments.
 */
export async function captureModesOf(container: MedusaContainer, payments: readonly OrderDinteroPayment[]): Promise<Map<string, CaptureMode>> {
  const modes = new Map<string, CaptureMode>(payments.map((payment) => [payment.id, payment.provider.options.captureOnShipment]))
  const profiled = payments.filter((payment) => typeof payment.data.profile_id === "string")
  if (!profiled.length) return modes
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let settings: { provider_id: string; profile_id: string; capture_on_shipment: "off" | "fulfillment" | "shipment" }[]
  try {
    const { data } = await query.graph({
      entity: "dintero_profile_setting",
      fields: ["provider_id", "profile_id", "capture_on_shipment"],
      filters: { provider_id: [...new Set(profiled.map((payment) => payment.provider.providerId))] },
    })
    settings = data as typeof settings
  } catch {
    return modes // the plugin's settings module is not loaded: the option applies
  }
  for (const payment of profiled) {
    const setting = settings.find((row) => row.provider_id === payment.provider.providerId && row.profile_id === payment.data.profile_id)
    if (setting) modes.set(payment.id, setting.capture_on_shipment === "off" ? false : setting.capture_on_shipment)
  }
  return modes
}
