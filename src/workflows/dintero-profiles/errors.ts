import { MedusaError } from "@medusajs/framework/utils"
import { DinteroError } from "../../dintero"
import { ConfiguredDinteroProvider, configuredDinteroProvider } from "../../providers/dintero/configured"
import type { MedusaContainer } from "@medusajs/framework/types"

/** The code the admin routes answer with 503: Dintero could not be reached, nothing was changed. */
export const DINTERO_UNAVAILABLE = "dintero_unavailable"

export function dinteroUnavailable(error: DinteroError, action: string, options: { changing?: boolean } = {}): MedusaError {
  const after = options.changing ? "nothing was changed, try again" : "try again"
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Dintero could not be reached to ${action} (${error.message}); ${after}`, DINTERO_UNAVAILABLE)
}

/** A Dintero provider of this server, or a 400 naming provider_id. */
export function requireDinteroProvider(container: MedusaContainer, providerId: string): ConfiguredDinteroProvider {
  const provider = configuredDinteroProvider(container, providerId)
  if (!provider) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `provider_id: ${providerId} is not a Dintero payment provider of this server`)
  }
  return provider
}
