import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DINTERO_SETTINGS_MODULE } from "../../../modules/dintero-settings"
import type DinteroSettingsModuleService from "../../../modules/dintero-settings/service"
import type { ProfileSetting, ProfileSettingInput } from "../../../api/admin/dintero/types"
import { assertDinteroProfile } from "./validate-assignment"
import { requireDinteroProvider } from "../errors"

type Stored = { id: string; provider_id: string; profile_id: string; capture_on_shipment: "off" | "fulfillment" | "shipment" }
type Previous = { created?: string; replaced?: Stored; removed?: Stored }

/**
 * One setting per (provider, profile): posting again replaces it; "inherit" removes it (the
 * provider's option applies again). The provider must be this server's and the profile Dintero's.
 */
export const upsertProfileSettingStep = createStep(
  "upsert-dintero-profile-setting",
  async (input: ProfileSettingInput, { container }) => {
    const provider = requireDinteroProvider(container, input.provider_id)
    await assertDinteroProfile(provider, input.profile_id)
    const settings = container.resolve<DinteroSettingsModuleService>(DINTERO_SETTINGS_MODULE)
    const [existing] = (await settings.listDinteroProfileSettings({ provider_id: input.provider_id, profile_id: input.profile_id })) as Stored[]
    const effective = (stored: Stored | undefined): ProfileSetting => ({
      provider_id: input.provider_id,
      profile_id: input.profile_id,
      capture_on_shipment: stored?.capture_on_shipment ?? "inherit",
      effective_capture_on_shipment: stored ? stored.capture_on_shipment : provider.options.captureOnShipment || "off",
    })
    if (input.capture_on_shipment === "inherit") {
      if (existing) await settings.softDeleteDinteroProfileSettings(existing.id)
      return new StepResponse(effective(undefined), { removed: existing } as Previous)
    }
    if (existing) {
      const updated = (await settings.updateDinteroProfileSettings({ id: existing.id, capture_on_shipment: input.capture_on_shipment })) as Stored
      return new StepResponse(effective(updated), { replaced: existing } as Previous)
    }
    const created = (await settings.createDinteroProfileSettings({
      provider_id: input.provider_id,
      profile_id: input.profile_id,
      capture_on_shipment: input.capture_on_shipment,
    })) as Stored
    return new StepResponse(effective(created), { created: created.id } as Previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const settings = container.resolve<DinteroSettingsModuleService>(DINTERO_SETTINGS_MODULE)
    if (previous.created) await settings.deleteDinteroProfileSettings(previous.created)
    if (previous.replaced) await settings.updateDinteroProfileSettings({ id: previous.replaced.id, capture_on_shipment: previous.replaced.capture_on_shipment })
    if (previous.removed) await settings.restoreDinteroProfileSettings(previous.removed.id)
  }
)
