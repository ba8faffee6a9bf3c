import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DinteroError, type DinteroTransaction } from "../../../dintero"
import { configuredDinteroProviders, type ConfiguredDinteroProvider } from "../../../providers/dintero/configured"
import { expressPaymentSessionOf } from "../express-payment"

export type ExpressReturnOutcome =
  | { status: "applied" | "not_paid" }
  | { status: "completed"; order_id: string }
  | { status: "released"; message: string }

/**
 * The shopper is back from a paid Express checkout: the transaction named by the return URL is read
 * from Dintero (it must name this cart) and its choices are written to the cart, as the callback
 * does; whichever comes first does it, the other finds it done.
 */
export const settleExpressReturnStep = createStep(
  "settle-dintero-express-return",
  async (input: { cart_id: string; transaction_id: string }, { container }) => {
    const found = await findTransaction(configuredDinteroProviders(container), input.transaction_id)
    if (!found || found.transaction.merchant_reference !== input.cart_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `There is no Dintero Express payment ${input.transaction_id} for cart ${input.cart_id}`)
    }
    const { outcome } = await expressPaymentSessionOf(container, {
      provider_id: found.provider.providerId,
      cart_id: input.cart_id,
      transaction: found.transaction,
    })
    if (!outcome && found.transaction.status !== "INITIATED") {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `The cart ${input.cart_id} holds no Express checkout for Dintero transaction ${input.transaction_id}`)
    }
    const answer: ExpressReturnOutcome =
      outcome?.kind === "released"
        ? { status: "released", message: outcome.message }
        : outcome?.kind === "completed"
          ? { status: "completed", order_id: outcome.order_id }
          : { status: outcome?.kind === "applied" ? "applied" : "not_paid" }
    return new StepResponse(answer)
  }
)

async function findTransaction(providers: ConfiguredDinteroProvider[], transactionId: string): Promise<{ provider: ConfiguredDinteroProvider; transaction: DinteroTransaction } | undefined> {
  for (const provider of providers) {
    try {
      return { provider, transaction: await provider.client.getTransaction(transactionId) }
    } catch (error) {
      // Another account's (or no) transaction: try the next provider.
      if (error instanceof DinteroError && error.status === 404) continue
      throw error
    }
  }
  return undefined
}
