import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { buildCallbackUrl } from "../../../providers/dintero/checkout-urls"
import { resolveProfile } from "../../../providers/dintero/profile-resolution"
import type { DinteroStatus } from "../../../api/admin/dintero/types"
import { requireDinteroProvider } from "../errors"


/** The connection of one Dintero provider as the admin sees it: never a secret. */
export const readDinteroStatusStep = createStep("read-dintero-status", async (input: { provider_id: string }, { container }) => {
  const provider = requireDinteroProvider(container, input.provider_id)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "dintero_profile_assignment",
    fields: ["profile_id", "region_id", "sales_channel_id"],
    filters: { provider_id: provider.providerId },
  })
  let tokenError: string | undefined
  try {
    await provider.client.checkCredentials()
  } catch (error) {
    tokenError = (error as Error).message
  }
  const status: DinteroStatus = {
    provider_id: provider.providerId,
    account_id: provider.options.accountId,
    environment: provider.options.accountId.startsWith("P") ? "production" : "test",
    token_ok: tokenError === undefined,
    ...(tokenError ? { token_error: tokenError } : {}),
    signature_secret_configured: !!provider.options.signatureSecret,
    callback_url: buildCallbackUrl(provider.options, provider.providerId),
    default_profile_id: resolveProfile(data as never, undefined, provider.options.profileId).profileId,
    option_profile_id: provider.options.profileId,
  }
  return new StepResponse(status)
})
