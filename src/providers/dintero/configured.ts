import type { ConfigModule, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { DinteroClient } from "../../dintero"
import { createDinteroClient } from "./client-factory"
import { DinteroOptions, parseDinteroOptions } from "./options"
import { dinteroProviderId, isDinteroProviderId } from "./provider-id"

export type ConfiguredDinteroProvider = {
  providerId: string
  options: DinteroOptions
  client: DinteroClient
}

/** Per configuration entry (the same object for the life of the app): parsed, and a client built, once. */
const cache = new WeakMap<object, ConfiguredDinteroProvider | null>()

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
  const found: ConfiguredDinteroProvider[] = []
  for (const entry of paymentModuleEntry(config)?.options?.providers ?? []) {
    let configured = cache.get(entry)
    if (configured === undefined) {
      configured = parse(entry, logger)
      cache.set(entry, configured)
    }
    if (configured) found.push(configured)
  }
  return found
}

export type PaymentModuleEntry = {
  dependencies?: unknown[]
  options?: { providers?: (ProviderEntry & { resolve?: unknown })[] }
}

/** The payment module's entry of medusa-config.ts (defineConfig keys modules by name). */
export function paymentModuleEntry(config: ConfigModule): PaymentModuleEntry | undefined {
  return (config.modules as Record<string, unknown> | undefined)?.[Modules.PAYMENT] as PaymentModuleEntry | undefined
}

type ProviderEntry = { id?: string; options?: unknown }

/** Whether a provider entry of the payment module is a Dintero one (its options are Dintero's). */
export function isDinteroEntry(entry: ProviderEntry): boolean {
  return dinteroEntryOf(entry) !== undefined
}

/**
 * The provider id and options of a Dintero entry, parsed as the provider parses them (empty
 * strings count as unset), so both agree on the options; undefined for another provider's entry.
 */
function dinteroEntryOf(entry: ProviderEntry): { providerId: string; options: DinteroOptions } | undefined {
  const providerId = dinteroProviderId(entry.id)
  if (!isDinteroProviderId(providerId)) return undefined
  try {
    return { providerId, options: parseDinteroOptions(entry.options ?? {}) }
  } catch {
    return undefined // another provider's options (the Dintero provider itself refuses bad ones at boot)
  }
}

function parse(entry: ProviderEntry, logger: Logger): ConfiguredDinteroProvider | null {
  const found = dinteroEntryOf(entry)
  return found ? { ...found, client: createDinteroClient(found.options, logger) } : null
}

/** One configured Dintero provider, or undefined when the app has none with that id. */
export function configuredDinteroProvider(container: MedusaContainer, providerId: string): ConfiguredDinteroProvider | undefined {
  if (!isDinteroProviderId(providerId)) return undefined
  return configuredDinteroProviders(container).find((provider) => provider.providerId === providerId)
}
