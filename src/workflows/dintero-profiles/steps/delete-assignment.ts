import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DINTERO_SETTINGS_MODULE } from "../../../modules/dintero-settings"
import type DinteroSettingsModuleService from "../../../modules/dintero-settings/service"

/** Deletes an assignment (the next session falls back down the chain); restored on compensation. */
export const deleteAssignmentStep = createStep(
  "delete-dintero-profile-assignment",
  async (input: { id: string }, { container }) => {
    const settings = container.resolve<DinteroSettingsModuleService>(DINTERO_SETTINGS_MODULE)
    const [existing] = await settings.listDinteroProfileAssignments({ id: input.id })
    if (!existing) throw new MedusaError(MedusaError.Types.NOT_FOUND, `There is no Dintero profile assignment ${input.id}`)
    await settings.softDeleteDinteroProfileAssignments(input.id)
    return new StepResponse(input.id, input.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<DinteroSettingsModuleService>(DINTERO_SETTINGS_MODULE).restoreDinteroProfileAssignments(id)
  }
)
