import type { ILockingModule } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/**
 * Declined, failed or cancelled: Medusa's webhook handling drops these (medusajs/medusa#16398), so
 * the payment session is authorized again, which reads Dintero and saves its status (`error`,
 * `canceled`) for the storefront. Under the cart's lock, the one Medusa's cart completion takes:
 * a payment that succeeds in the meantime is then never authorized twice at once.
 */
export const recordFailureStep = createStep(
  "record-dintero-failure",
  async (input: { payment_session_id: string; cart_id?: string }, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const locking = container.resolve<ILockingModule>(Modules.LOCKING)
    const authorize = async () => {
      try {
        await paymentModule.authorizePaymentSession(input.payment_session_id, {})
      } catch (error) {
        // NOT_ALLOWED is Medusa saying "not authorized": the status is saved, which is the point.
        if (!(error instanceof MedusaError && error.type === MedusaError.Types.NOT_ALLOWED)) throw error
      }
    }
    if (input.cart_id) await locking.execute(input.cart_id, authorize, { timeout: 30 })
    else await authorize()
    return new StepResponse(true)
  }
)
