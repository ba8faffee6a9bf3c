import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listDinteroProfilesWorkflow } from "../../../../workflows/dintero-profiles"
import { runForAdmin } from "../respond"
import type { ProviderQueryType } from "../validators"

/** GET /admin/dintero/profiles?provider_id=… → { profiles: [{ id, description }] }, live from Dintero. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ProviderQueryType>, res: MedusaResponse) {
  await runForAdmin(
    res,
    () => listDinteroProfilesWorkflow(req.scope).run({ input: { provider_id: req.validatedQuery.provider_id as string } }),
    ({ result }) => ({ profiles: result })
  )
}
