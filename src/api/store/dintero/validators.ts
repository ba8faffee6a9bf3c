import { z } from "@medusajs/framework/zod"
import { isDinteroProviderId } from "../../../providers/dintero/provider-id"

export const CompletePaymentCollectionBody = z
  .object({
    /** The Dintero payment session the shopper paid (the return URL's merchant_reference); all of the collection's when absent. */
    payment_session_id: z.string().startsWith("payses_", "payment_session_id must be a Medusa payment session id (payses_…)").optional(),
  })
  .strict()
export type CompletePaymentCollectionBodyType = z.infer<typeof CompletePaymentCollectionBody>

export const ExpressReturnBody = z
  .object({
    /** The return URL's transaction_id: the paid Express checkout (read back from Dintero, never trusted). */
    transaction_id: z.string({ error: "transaction_id is required (the return URL's transaction_id)" }).trim().min(1, "transaction_id must not be empty"),
  })
  .strict()
export type ExpressReturnBodyType = z.infer<typeof ExpressReturnBody>

export const PaymentMethodsQuery = z
  .object({
    provider_id: z.string().refine(isDinteroProviderId, "provider_id must be a Dintero provider id (pp_dintero_…)").optional(),
  })
  .strict()
export type PaymentMethodsQueryType = z.infer<typeof PaymentMethodsQuery>

const dinteroProvider = z.string().refine(isDinteroProviderId, "provider_id must be a Dintero provider id (pp_dintero_…)")

export const StartCardSaveBody = z
  .object({
    provider_id: dinteroProvider.optional(),
    return_url: z.string().url("return_url must be an absolute URL").optional(),
    currency_code: z.string().length(3, "currency_code must be a three-letter currency code").optional(),
  })
  .strict()
export type StartCardSaveBodyType = z.infer<typeof StartCardSaveBody>

export const CompleteCardSaveBody = z
  .object({
    provider_id: dinteroProvider.optional(),
    transaction_id: z.string().trim().min(1, "transaction_id must not be empty").optional(),
    dintero_session_id: z.string().trim().min(1, "dintero_session_id must not be empty").optional(),
  })
  .strict()
  .refine((body) => body.transaction_id || body.dintero_session_id, {
    message: "transaction_id (the return URL's) or dintero_session_id is required",
    path: ["transaction_id"],
  })
export type CompleteCardSaveBodyType = z.infer<typeof CompleteCardSaveBody>

