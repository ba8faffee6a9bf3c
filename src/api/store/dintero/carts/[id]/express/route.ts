import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { settleDinteroExpressReturnWorkflow } from "../../../../../../workflows"
import type { ExpressReturnBodyType } from "../../../validators"

/**
 * POST /store/dintero/carts/:id/express `{ transaction_id }` → `{ status }`: the shopper is back from
 * a paid Express checkout; the address and shipping option chosen in Dintero's checkout go on the
 * cart before the storefront completes it. `status` is "applied" (complete the cart now),
 * "completed" (with `order_id`), "not_paid", or "released" (409, with a message for the shopper:
 * Medusa's total differed from what Dintero authorized, so the payment was released).
 */
export async function POST(req: MedusaRequest<ExpressReturnBodyType>, res: MedusaResponse) {
  const { result } = await settleDinteroExpressReturnWorkflow(req.scope).run({
    input: { cart_id: req.params.id!, transaction_id: req.validatedBody.transaction_id },
  })
  res.status(result.status === "released" ? 409 : 200).json(result)
}
