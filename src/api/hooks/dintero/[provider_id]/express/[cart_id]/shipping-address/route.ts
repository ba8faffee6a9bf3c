import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { answerDinteroExpressAddressWorkflow } from "../../../../../../../workflows"
import { answerExpressCallback } from "../../../../express-answer"

/**
 * Dintero's Express address callback (`express.shipping_address_callback_url`): the session with the
 * shopper's address → `{ shipping_options, order }`. Unsigned by Dintero: accepted only for a
 * (cart, Dintero session) pair the cart holds; the payment writes what Dintero reports.
 */
export const POST = (req: MedusaRequest, res: MedusaResponse) =>
  answerExpressCallback(req, res, (input) => answerDinteroExpressAddressWorkflow(req.scope).run({ input }))
