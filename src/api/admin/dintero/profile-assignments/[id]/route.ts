import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteDinteroProfileAssignmentWorkflow } from "../../../../../workflows/dintero-profiles"

/** DELETE /admin/dintero/profile-assignments/:id → { id, deleted: true }. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await deleteDinteroProfileAssignmentWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: result, object: "dintero_profile_assignment", deleted: true })
}
