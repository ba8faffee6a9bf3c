import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DINTERO_SAVED_CARDS_MODULE, savedCardView, type DinteroSavedCardsModuleService } from "../../../../modules/dintero-saved-cards"
import { startDinteroCardSaveWorkflow } from "../../../../workflows"
import type { PaymentMethodsQueryType, StartCardSaveBodyType } from "../validators"

/**
 * GET /store/dintero/payment-methods[?provider_id=pp_dintero_…] → `{ payment_methods }`: the
 * logged-in customer's saved cards (brand, masked number, expiry, whether Dintero blocked it), to
 * offer at checkout as `data.payment_method_id`. Never the token.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, PaymentMethodsQueryType>, res: MedusaResponse) {
  const cards = req.scope.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)
  const { provider_id } = req.validatedQuery as PaymentMethodsQueryType
  const rows = await cards.listDinteroSavedCards(
    { customer_id: req.auth_context.actor_id, ...(provider_id ? { provider_id } : {}) },
    { order: { created_at: "DESC" } }
  )
  res.json({ payment_methods: rows.map((row) => ({ ...savedCardView(row), provider_id: row.provider_id })) })
}

/**
 * POST /store/dintero/payment-methods `{ return_url?, provider_id?, currency_code? }` →
 * `{ provider_id, dintero_session_id, checkout_url }`: saving a card without a purchase. Send the
 * customer to `checkout_url` (or embed it); Dintero reserves nothing and sends them back to
 * `return_url` (a host in allowedReturnUrlHosts, else the savedCardReturnUrl option) with
 * `transaction_id`, for POST /store/dintero/payment-methods/complete.
 */
export async function POST(req: AuthenticatedMedusaRequest<StartCardSaveBodyType>, res: MedusaResponse) {
  const { result } = await startDinteroCardSaveWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, ...req.validatedBody },
  })
  res.json(result)
}

