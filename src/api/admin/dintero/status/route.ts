import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getDinteroStatusWorkflow } from "../../../../workflows/dintero-profiles"
import type { ProviderQueryType } from "../validators"

/** GET /admin/dintero/status?provider_id=… → the provider's connection, never a secret. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ProviderQueryType>, res: MedusaResponse) {
  const { result } = await getDinteroStatusWorkflow(req.scope).run({ input: { provider_id: req.validatedQuery.provider_id as string } })
  res.json(result)
}
