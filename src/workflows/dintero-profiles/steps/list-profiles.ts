import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DinteroError } from "../../../dintero"
import { dinteroUnavailable, requireDinteroProvider } from "../errors"

import type { DinteroProfileSummary } from "../../../api/admin/dintero/types"

/** The account's payment profiles, live from Dintero. */
export const listDinteroProfilesStep = createStep("list-dintero-profiles", async (input: { provider_id: string }, { container }) => {
  const provider = requireDinteroProvider(container, input.provider_id)
  try {
    const profiles = await provider.client.listProfiles()
    const summaries: DinteroProfileSummary[] = profiles.map((profile) => ({
      id: profile.profile_id ?? profile.id,
      description: profile.description ?? null,
    }))
    return new StepResponse(summaries)
  } catch (error) {
    if (error instanceof DinteroError) throw dinteroUnavailable(error, "list the payment profiles")
    throw error
  }
})
