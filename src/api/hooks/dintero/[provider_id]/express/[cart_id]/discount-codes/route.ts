import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { answerDinteroExpressDiscountCodesWorkflow } from "../../../../../../../workflows"
import { answerExpressCallback } from "../../../../express-answer"

/** Dintero's Express discount-code callback (`express.discount_codes.callback_url`) → `{ shipping_options, order }`. */
export const POST = (req: MedusaRequest, res: MedusaResponse) =>
  answerExpressCallback(req, res, (input) => answerDinteroExpressDiscountCodesWorkflow(req.scope).run({ input }))
