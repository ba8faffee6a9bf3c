import type { ConfigModule, LoaderOptions, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { dinteroSetupProblems } from "../../../providers/dintero/setup-check"

/**
 * Runs when Medusa loads the plugin (this module comes with the plugin entry), so a set-up
 * mistake is reported at boot, not at the first payment or the first capture.
 */
export default async function checkDinteroSetup({ container }: LoaderOptions): Promise<void> {
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  for (const problem of dinteroSetupProblems(config)) logger.warn(`Dintero: ${problem}`)
}
