import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getDinteroPaymentWorkflow } from "../../../../../workflows/dintero-profiles"
import { runForAdmin } from "../../respond"

/** GET /admin/dintero/payments/:id → { dintero_payment }, read live from Dintero (the order page panel). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await runForAdmin(
    res,
    () => getDinteroPaymentWorkflow(req.scope).run({ input: { payment_id: req.params.id } }),
    ({ result }) => ({ dintero_payment: result })
  )
}
