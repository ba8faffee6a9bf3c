import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { upsertDinteroProfileSettingWorkflow } from "../../../../workflows/dintero-profiles"
import { requireDinteroProvider } from "../../../../workflows/dintero-profiles/errors"
import type { ProfileSetting } from "../types"
import { runForAdmin } from "../respond"
import type { ProfileSettingBodyType, ProviderQueryType } from "../validators"

/** GET /admin/dintero/profile-settings?provider_id=… → { profile_settings }: the profiles with a setting of their own. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ProviderQueryType>, res: MedusaResponse) {
  const provider = requireDinteroProvider(req.scope, req.validatedQuery.provider_id)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "dintero_profile_setting",
    fields: ["provider_id", "profile_id", "capture_on_shipment"],
    filters: { provider_id: provider.providerId },
  })
  const settings: ProfileSetting[] = (data as { provider_id: string; profile_id: string; capture_on_shipment: "off" | "fulfillment" | "shipment" }[]).map(
    (row) => ({ ...row, effective_capture_on_shipment: row.capture_on_shipment })
  )
  res.json({ profile_settings: settings, option_capture_on_shipment: provider.options.captureOnShipment || "off" })
}

/** POST /admin/dintero/profile-settings → { profile_setting }; "inherit" removes the profile's own setting. */
export async function POST(req: AuthenticatedMedusaRequest<ProfileSettingBodyType>, res: MedusaResponse) {
  await runForAdmin(
    res,
    () => upsertDinteroProfileSettingWorkflow(req.scope).run({ input: req.validatedBody }),
    ({ result }) => ({ profile_setting: result })
  )
}
