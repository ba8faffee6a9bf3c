import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DINTERO_SETTINGS_MODULE } from "../../../modules/dintero-settings"
import type DinteroSettingsModuleService from "../../../modules/dintero-settings/service"
import { assignmentScope } from "../../../providers/dintero/profile-resolution"
import type { AssignmentInput } from "../../../api/admin/dintero/types"

type Previous = { created?: string; replaced?: { id: string; profile_id: string; express: boolean } }

/** One assignment per (provider, scope): posting again replaces the profile (and `express`, when given) of the existing one. */
export const upsertAssignmentStep = createStep(
  "upsert-dintero-profile-assignment",
  async (input: AssignmentInput, { container }) => {
    const settings = container.resolve<DinteroSettingsModuleService>(DINTERO_SETTINGS_MODULE)
    const scope = assignmentScope(input)
    const [existing] = await settings.listDinteroProfileAssignments({ provider_id: input.provider_id, scope })
    if (existing) {
      const updated = await settings.updateDinteroProfileAssignments({
        id: existing.id,
        profile_id: input.profile_id,
        ...(input.express !== undefined ? { express: input.express } : {}),
      })
      return new StepResponse(updated, { replaced: { id: existing.id, profile_id: existing.profile_id, express: existing.express } } as Previous)
    }
    const created = await settings.createDinteroProfileAssignments({
      provider_id: input.provider_id,
      scope,
      profile_id: input.profile_id,
      region_id: input.region_id ?? null,
      sales_channel_id: input.sales_channel_id ?? null,
      express: input.express ?? false,
    })
    return new StepResponse(created, { created: created.id } as Previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const settings = container.resolve<DinteroSettingsModuleService>(DINTERO_SETTINGS_MODULE)
    if (previous.created) await settings.deleteDinteroProfileAssignments(previous.created)
    if (previous.replaced) await settings.updateDinteroProfileAssignments(previous.replaced)
  }
)
