import { z } from "@medusajs/framework/zod"

export const CompletePaymentCollectionBody = z
  .object({
    /** The Dintero payment session the shopper paid (the return URL's merchant_reference); all of the collection's when absent. */
    payment_session_id: z.string().startsWith("payses_", "payment_session_id must be a Medusa payment session id (payses_…)").optional(),
  })
  .strict()
export type CompletePaymentCollectionBodyType = z.infer<typeof CompletePaymentCollectionBody>
