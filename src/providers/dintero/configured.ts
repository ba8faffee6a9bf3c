import type { ConfigModule, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { DinteroClient } from "../../dintero"
import { createDinteroClient } from "./client-factory"
import { DinteroOptions, dinteroOptionsSchema } from "./options"
import { dinteroProviderId, isDinteroProviderId } from "./provider-id"

export type ConfiguredDinteroProvider = {
  providerId: string
  options: DinteroOptions
  client: DinteroClient
}

const cache = new Map<string, ConfiguredDinteroProvider>()

/**
 * The Dintero providers of this app as medusa-config.ts declares them (payment module →
 * providers), each with its validated options and a client. The callback route, the settlement
 * workflow and the reconciliation job talk to Dintero with these, directly: a callback goes
 * forward (route → verifier → workflow), not out through the payment module and back.
 *
 * An entry counts when its options are Dintero's (strictly validated: another provider's options
 * never pass), and its id gives `pp_dintero_<id>`.
 */
export function configuredDinteroProviders(container: MedusaContainer): ConfiguredDinteroProvider[] {
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const payment = (config.modules as Record<string, unknown> | undefined)?.[Modules.PAYMENT] as
    | { options?: { providers?: { resolve?: unknown; id?: string; options?: unknown }[] } }
    | undefined
  const found: ConfiguredDinteroProvider[] = []
  for (const entry of payment?.options?.providers ?? []) {
    const providerId = dinteroProviderId(entry.id)
    if (!isDinteroProviderId(providerId)) continue
    const parsed = dinteroOptionsSchema.safeParse(entry.options ?? {})
    if (!parsed.success) continue
    const key = `${providerId}|${JSON.stringify(entry.options)}`
    let configured = cache.get(key)
    if (!configured) {
      configured = { providerId, options: parsed.data, client: createDinteroClient(parsed.data, logger) }
      cache.set(key, configured)
    }
    found.push(configured)
  }
  return found
}

/** One configured Dintero provider, or undefined when the app has none with that id. */
export function configuredDinteroProvider(container: MedusaContainer, providerId: string): ConfiguredDinteroProvider | undefined {
  if (!isDinteroProviderId(providerId)) return undefined
  return configuredDinteroProviders(container).find((provider) => provider.providerId === providerId)
}
