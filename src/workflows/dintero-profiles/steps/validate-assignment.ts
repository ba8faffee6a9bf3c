import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DinteroError } from "../../../dintero"
import type { AssignmentInput } from "../../../api/admin/dintero/types"
import { dinteroUnavailable, requireDinteroProvider } from "../errors"


/**
 * Everything an assignment names must exist: the provider (a Dintero provider of this server),
 * the region or sales channel (in Medusa), and the profile (at Dintero, read live). Dintero
 * unreachable is not "no such profile": it is a 503 and nothing is saved.
 */
export const validateAssignmentStep = createStep("validate-dintero-profile-assignment", async (input: AssignmentInput, { container }) => {
  const provider = requireDinteroProvider(container, input.provider_id)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  if (input.region_id) {
    const { data } = await query.graph({ entity: "region", fields: ["id"], filters: { id: input.region_id } })
    if (!data.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `region_id: there is no region ${input.region_id}`)
  }
  if (input.sales_channel_id) {
    const { data } = await query.graph({ entity: "sales_channel", fields: ["id"], filters: { id: input.sales_channel_id } })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `sales_channel_id: there is no sales channel ${input.sales_channel_id}`)
    }
  }
  await assertDinteroProfile(provider, input.profile_id)
  return new StepResponse(true)
})

/** The profile exists at Dintero (read live); Dintero unreachable is a 503, not "no such profile". */
export async function assertDinteroProfile(provider: ReturnType<typeof requireDinteroProvider>, profileId: string): Promise<void> {
  try {
    await provider.client.getProfile(profileId)
  } catch (error) {
    if (error instanceof DinteroError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `profile_id: Dintero account ${provider.options.accountId} has no payment profile "${profileId}"${error.dinteroMessage ? ` (${error.dinteroMessage})` : ""}`
      )
    }
    if (error instanceof DinteroError) throw dinteroUnavailable(error, "check the payment profile", { changing: true })
    throw error
  }
}
