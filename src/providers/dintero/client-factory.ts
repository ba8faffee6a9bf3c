import { DinteroClient } from "../../dintero"
import { packageVersion, PLUGIN_NAME } from "../../utils/package-version"
import type { DinteroOptions } from "./options"

/**
 * The Dintero client for a provider's options. Clients with the same credentials share one token
 * (the token cache is process-wide), so the provider, the callback route and the reconciliation
 * job each holding a client costs nothing extra.
 */
export function createDinteroClient(options: DinteroOptions, logger?: { warn(message: string): void }): DinteroClient {
  return new DinteroClient({
    accountId: options.accountId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    apiBaseUrl: options.apiBaseUrl,
    checkoutBaseUrl: options.checkoutBaseUrl,
    timeoutMs: options.requestTimeoutMs,
    system: {
      name: "medusa",
      version: packageVersion("@medusajs/medusa") ?? packageVersion("@medusajs/framework"),
      pluginName: PLUGIN_NAME,
      pluginVersion: packageVersion(PLUGIN_NAME),
    },
    logger: logger ? { warn: (message) => logger.warn(message) } : undefined,
  })
}
