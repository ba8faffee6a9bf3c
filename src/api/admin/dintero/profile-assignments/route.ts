import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { upsertDinteroProfileAssignmentWorkflow } from "../../../../workflows/dintero-profiles"
import { runForAdmin } from "../respond"
import type { CreateAssignmentBodyType, ListAssignmentsQueryType } from "../validators"

export const ASSIGNMENT_FIELDS = ["id", "provider_id", "profile_id", "region_id", "sales_channel_id", "express"]

/** GET /admin/dintero/profile-assignments[?provider_id=…] → { profile_assignments }. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListAssignmentsQueryType>, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const providerId = req.validatedQuery.provider_id as string | undefined
  const { data } = await query.graph({
    entity: "dintero_profile_assignment",
    fields: ASSIGNMENT_FIELDS,
    filters: providerId ? { provider_id: providerId } : {},
  })
  res.json({ profile_assignments: data })
}

/** POST /admin/dintero/profile-assignments → { profile_assignment }; one per (provider, scope). */
export async function POST(req: AuthenticatedMedusaRequest<CreateAssignmentBodyType>, res: MedusaResponse) {
  await runForAdmin(
    res,
    () => upsertDinteroProfileAssignmentWorkflow(req.scope).run({ input: req.validatedBody }),
    ({ result }) => ({
      profile_assignment: {
        id: result.id,
        provider_id: result.provider_id,
        profile_id: result.profile_id,
        region_id: result.region_id,
        sales_channel_id: result.sales_channel_id,
        express: result.express,
      },
    })
  )
}
