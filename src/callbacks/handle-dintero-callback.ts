import type { ILockingModule, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ledgerTotalsOf } from "../dintero"
import { noticeToAdmin } from "../notifications/admin-notice"
import { settlementKindOf } from "../providers/dintero/status"
import { settleDinteroPaymentWorkflow } from "../workflows"
import { MedusaPaymentState, readMedusaPaymentState } from "../workflows/settle-dintero-payment/medusa-state"
import { isSettled } from "../workflows/settle-dintero-payment/plan"
import type { CallbackHint } from "./already-recorded"
import {
  AuthenticCallback,
  authenticateCallback,
  CallbackRejection,
  DinteroCallbackRequest,
  VerifiedCallback,
  verifyAuthenticCallback,
} from "./verify-callback"

export type { DinteroCallbackRequest }
export type DinteroCallbackResponse = { status: number; body: Record<string, unknown> }

/** How long a callback waits for a cart completion already under way (the shopper's return). */
const ORDER_WAIT_MS = 3_000

/**
 * One Dintero callback: verify it, then settle the payment (invariant I4).
 * - 2xx only once Medusa durably shows what Dintero reports (an order for a paid cart, every
 *   capture and refund recorded, a failure on the session);
 * - 4xx only for a bad signature, an unknown provider, or a transaction that provably belongs
 *   elsewhere (Dintero does not retry those);
 * - 5xx for everything transient, a Dintero error on a read included (Dintero retries, up to 20
 *   times).
 * A callback about what Medusa already records is answered without the workflow: from Medusa's
 * records alone when they show all it can be about (already-recorded.ts), else after reading the
 * transaction. The answer's `via` says which: `medusa-records`, `dintero-read` or `settlement`.
 */
export async function handleDinteroCallback(container: MedusaContainer, request: DinteroCallbackRequest): Promise<DinteroCallbackResponse> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  let authentic: AuthenticCallback
  try {
    authentic = authenticateCallback(container, request)
  } catch (error) {
    return refusedOrRetry(logger, error)
  }
  try {
    // Copies of one callback (Dintero's retries and duplicate deliveries, on any instance) are
    // handled one at a time: a copy that had to wait finds what the one before it recorded, in
    // Medusa's records, and is answered from them.
    return await locking(container).execute(turnKey(authentic.hint), () => handleInTurn(container, logger, authentic), {
      timeout: TURN_TIMEOUT_SECONDS,
    })
  } catch (error) {
    logger.warn(`Dintero callback for ${authentic.hint.merchantReference ?? authentic.hint.transactionId ?? "an unnamed payment"}: ${(error as Error).message}; asking Dintero to retry`)
    return { status: 503, body: { message: "The payment could not be processed yet; retry later" } }
  }
}

async function handleInTurn(container: MedusaContainer, logger: Logger, authentic: AuthenticCallback): Promise<DinteroCallbackResponse> {
  let verified: VerifiedCallback
  try {
    verified = await verifyAuthenticCallback(container, authentic)
  } catch (error) {
    return refusedOrRetry(logger, error)
  }
  const { state } = verified
  if (verified.expressReleased) {
    return { status: 200, body: { received: true, settled: true, released: true, via: "settlement" } }
  }
  if (verified.alreadyRecorded) {
    return { status: 200, body: { received: true, settled: true, order_id: state?.orderId, via: "medusa-records" } }
  }
  if (!state) {
    return noPaymentSession(container, logger, verified)
  }
  return settle(container, logger, { ...verified, state })
}

function refusedOrRetry(logger: Logger, error: unknown): DinteroCallbackResponse {
  if (error instanceof CallbackRejection) {
    logger.warn(`Dintero callback refused (${error.status}): ${error.message}`)
    return { status: error.status, body: { message: error.message } }
  }
  logger.warn(`Dintero callback could not be checked (${(error as Error).message}); asking Dintero to retry`)
  return { status: 503, body: { message: "Temporarily unable to process the callback; retry later" } }
}

/** The settlement of one verified callback, in its turn, from Medusa's records read in that turn. */
async function settle(
  container: MedusaContainer,
  logger: Logger,
  { provider, paymentSessionId, transaction, state }: VerifiedCallback & { state: MedusaPaymentState }
): Promise<DinteroCallbackResponse> {
  // A duplicate of a settled callback: Medusa's records already show what Dintero reports.
  if (transaction) {
    const kind = settlementKindOf(undefined, transaction)
    if (kind !== "open" && isSettled(kind, ledgerTotalsOf(transaction), state)) {
      return { status: 200, body: { received: true, settled: true, order_id: state.orderId, via: "dintero-read" } }
    }
  }
  const { result } = await settleDinteroPaymentWorkflow(container).run({
    input: { provider_id: provider.providerId, payment_session_id: paymentSessionId, observed_transaction: transaction, medusa_state: state },
  })
  if (result.settled) {
    logger.info(`Dintero callback: payment session ${paymentSessionId} ${result.kind}${result.order_id ? `, order ${result.order_id}` : ""}`)
    return { status: 200, body: { received: true, settled: true, order_id: result.order_id, via: "settlement" } }
  }
  // The shopper's own return may be completing the cart right now (it holds the cart's lock).
  const deadline = Date.now() + ORDER_WAIT_MS
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const now = await readMedusaPaymentState(container, paymentSessionId)
    if (now && isSettled(result.kind, result.totals, now)) {
      return { status: 200, body: { received: true, settled: true, order_id: now.orderId, via: "settlement" } }
    }
  }
  logger.warn(`Dintero callback: payment session ${paymentSessionId} is not settled yet; asking Dintero to retry`)
  return { status: 503, body: { message: "The payment is not settled yet; retry later" } }
}

/**
 * One turn per payment (not the payment's lock, which the settlement itself takes), through
 * Medusa's Locking Module, so it holds across instances once that module has a shared provider.
 * Dintero always names the Medusa payment session (merchant_reference); the transaction otherwise.
 */
const turnKey = (hint: CallbackHint) => `dintero:callback:${hint.merchantReference ?? hint.transactionId ?? hint.sessionId ?? "unnamed"}`
/** Dintero gives up on an answer after 10 s: a copy waits at most this long, then asks for a retry. */
const TURN_TIMEOUT_SECONDS = 6

function locking(container: MedusaContainer): ILockingModule {
  return container.resolve<ILockingModule>(Modules.LOCKING)
}

/**
 * Dintero reports a payment for a Medusa payment session that no longer exists (Medusa discarded
 * it outside this plugin's control). Nothing can be recorded, and a retry would not change that:
 * the admin is told, with every id, and Dintero gets a 200.
 */
async function noPaymentSession(container: MedusaContainer, logger: Logger, verified: VerifiedCallback): Promise<DinteroCallbackResponse> {
  const { transaction, paymentSessionId } = verified
  if (transaction && settlementKindOf(undefined, transaction) !== "failed") {
    const ids = `payment session ${paymentSessionId}, Dintero session ${transaction.session_id ?? "unknown"}, transaction ${transaction.id} (${transaction.status}, ${transaction.amount} ${transaction.currency} minor units)`
    logger.error(`Dintero: a payment for a Medusa payment session that no longer exists (${ids}); release or refund it in Dintero Backoffice`)
    await noticeToAdmin(container, {
      title: "Dintero: payment without a Medusa payment session",
      description: `Dintero reports a payment Medusa has no payment session for. Release or refund it in Dintero Backoffice. ${ids}`,
    })
  }
  return { status: 200, body: { received: true, settled: false, message: `There is no Medusa payment session ${paymentSessionId}` } }
}
