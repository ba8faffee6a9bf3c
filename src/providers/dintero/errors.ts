import { MedusaError } from "@medusajs/framework/utils"
import { DinteroError } from "../../dintero"
import { InvalidAmountError, UnknownCurrencyError } from "../../money"
import { OrderAmountMismatchError, OrderCurrencyMismatchError } from "../../order"

/**
 * Any failure leaves the provider as a MedusaError: a plain Error reaches the storefront as
 * "An unknown error occurred". Dintero's code and message are kept; nothing of the request is.
 */
export function toMedusaError(error: unknown, action: string): MedusaError {
  if (error instanceof MedusaError) return error
  if (error instanceof DinteroError) {
    const type =
      error.kind === "http" && error.status === 404
        ? MedusaError.Types.NOT_FOUND
        : error.kind === "http" && error.status !== undefined && error.status < 500 && error.status !== 401 && error.status !== 429
          ? MedusaError.Types.NOT_ALLOWED
          : // Dintero unreachable, 5xx, 401 after re-authentication, 429: our side or theirs, not the shopper's.
            MedusaError.Types.UNEXPECTED_STATE
    const medusaError = new MedusaError(type, `Could not ${action}: ${error.message}`, error.code)
    return medusaError
  }
  if (
    error instanceof InvalidAmountError ||
    error instanceof UnknownCurrencyError ||
    error instanceof OrderAmountMismatchError ||
    error instanceof OrderCurrencyMismatchError
  ) {
    return new MedusaError(MedusaError.Types.INVALID_DATA, `Could not ${action}: ${error.message}`)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not ${action}: ${message}`)
}
