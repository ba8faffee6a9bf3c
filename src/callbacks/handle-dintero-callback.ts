import type { IPaymentModuleService, Logger, MedusaContainer, WebhookActionResult } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { callbackPayloadData, CallbackEnvelope } from "../providers/dintero/callback-envelope"

export type DinteroCallbackRequest = CallbackEnvelope & {
  providerId: string
  headers: Record<string, unknown>
}

export type DinteroCallbackResponse = { status: number; body: Record<string, unknown> }

/** How long a callback waits for a cart completion already under way before asking for a retry. */
const ORDER_WAIT_MS = 5_000

/**
 * One Dintero callback, start to finish. Answers 2xx only once the outcome is durably in Medusa
 * (an order exists for a paid cart; a failure is recorded on the payment session), 5xx when a
 * retry can help (Dintero retries on 5xx, up to 20 times), and 4xx only when it never can (bad
 * signature, unknown session, a transaction that is not this session's), because Dintero does
 * not retry those.
 *
 * Payments go through Medusa's own `processPaymentWorkflow` (cart lock, completion, capture), so
 * the callback and the shopper's return can arrive in any order, or together, and the cart is
 * completed once, even if the shopper never comes back.
 */
export async function handleDinteroCallback(
  container: MedusaContainer,
  request: DinteroCallbackRequest
): Promise<DinteroCallbackResponse> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve<IPaymentModuleService>(Modules.PAYMENT)

  if (!/^pp_dintero(_[A-Za-z0-9_-]+)?$/.test(request.providerId)) {
    return { status: 404, body: { message: `${request.providerId} is not a Dintero payment provider` } }
  }
  // Disabled providers are those no longer configured: their callbacks can never succeed.
  const [provider] = await paymentModule.listPaymentProviders({ id: [request.providerId], is_enabled: true })
  if (!provider) {
    return { status: 404, body: { message: `Payment provider ${request.providerId} is not configured` } }
  }

  let result: WebhookActionResult
  try {
    result = await paymentModule.getWebhookActionAndData({
      provider: request.providerId,
      payload: {
        data: callbackPayloadData({ method: request.method, query: request.query, body: request.body }),
        rawData: "",
        headers: request.headers,
      },
    })
  } catch (error) {
    return refusal(error, logger)
  }

  const paymentSessionId = result.data?.session_id
  try {
    switch (result.action) {
      case "authorized":
      case "captured":
      case "pending_authorization":
        return await settlePayment(container, result, logger)
      case "failed":
      case "canceled":
        return await recordFailure(paymentModule, paymentSessionId, result.action)
      default:
        // Nothing for Medusa to do: not paid yet, a refund made in Dintero Backoffice, …
        logger.info(`Dintero callback for ${paymentSessionId ?? "no payment session"}: ${result.action}, nothing to do`)
        return { status: 200, body: { received: true, action: result.action } }
    }
  } catch (error) {
    logger.warn(`Dintero callback for ${paymentSessionId}: ${(error as Error).message}; asking Dintero to retry`)
    return { status: 503, body: { message: "The payment could not be processed yet; retry later" } }
  }
}

/** Authorized, captured or on hold: let Medusa record the payment and complete the cart. */
async function settlePayment(
  container: MedusaContainer,
  result: WebhookActionResult,
  logger: Logger
): Promise<DinteroCallbackResponse> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const paymentSessionId = result.data!.session_id
  let input = result

  if (result.action === "captured") {
    // A capture Medusa already recorded (its own, or an earlier delivery of this callback) must
    // not be recorded again: only the part Dintero reports beyond it is.
    const { data: payments } = await query.graph({
      entity: "payment",
      fields: ["id", "captures.amount"],
      filters: { payment_session_id: paymentSessionId },
    })
    const payment = payments[0] as { captures?: { amount: unknown }[] } | undefined
    if (payment) {
      const recorded = (payment.captures ?? []).reduce((sum: ReturnType<typeof MathBN.convert>, c) => MathBN.add(sum, c.amount as number), MathBN.convert(0))
      const missing = MathBN.sub(result.data!.amount, recorded)
      if (MathBN.lte(missing, 0)) {
        return (await orderFor(container, paymentSessionId))
          ? { status: 200, body: { received: true, action: result.action } }
          : await settleThroughWorkflow(container, { action: "authorized", data: result.data }, logger)
      }
      input = { action: "captured", data: { session_id: paymentSessionId, amount: missing.toNumber() } }
    }
  }
  return settleThroughWorkflow(container, input, logger)
}

async function settleThroughWorkflow(
  container: MedusaContainer,
  input: WebhookActionResult,
  logger: Logger
): Promise<DinteroCallbackResponse> {
  const paymentSessionId = input.data!.session_id
  await processPaymentWorkflow(container).run({ input })

  // Cart completion inside the workflow may have lost a race with the shopper's own return (or
  // another delivery of this callback); it is then under way elsewhere: wait for its order.
  const deadline = Date.now() + ORDER_WAIT_MS
  for (;;) {
    const order = await orderFor(container, paymentSessionId)
    if (order) {
      logger.info(`Dintero callback: payment session ${paymentSessionId} ${input.action}, order ${order.id}`)
      return { status: 200, body: { received: true, action: input.action, order_id: order.id } }
    }
    if (order === null) {
      // No cart (a payment collection used outside a cart): the workflow has done all there is.
      return { status: 200, body: { received: true, action: input.action } }
    }
    if (Date.now() > deadline) {
      logger.warn(`Dintero callback: no order yet for payment session ${paymentSessionId}; asking Dintero to retry`)
      return { status: 503, body: { message: "The order is not created yet; retry later" } }
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** The order of the session's cart; undefined while there is none yet, null if there is no cart. */
async function orderFor(container: MedusaContainer, paymentSessionId: string): Promise<{ id: string } | undefined | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: ["payment_collection.cart.id"],
    filters: { id: paymentSessionId },
  })
  const cartId = (sessions[0] as { payment_collection?: { cart?: { id: string } | null } } | undefined)?.payment_collection?.cart?.id
  if (!cartId) return null
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  const orderId = (links[0] as { order_id?: string } | undefined)?.order_id
  return orderId ? { id: orderId } : undefined
}

/**
 * Declined, failed or cancelled. Medusa's own webhook handling drops these (medusajs/medusa#16398);
 * here the payment session is re-authorized, which reads Dintero again and records the status
 * (`error` / `canceled`) on the session, so the storefront sees it and can start a new payment.
 */
async function recordFailure(
  paymentModule: IPaymentModuleService,
  paymentSessionId: string | undefined,
  action: string
): Promise<DinteroCallbackResponse> {
  if (!paymentSessionId) return { status: 200, body: { received: true, action } }
  try {
    await paymentModule.authorizePaymentSession(paymentSessionId, {})
  } catch (error) {
    // NOT_ALLOWED is Medusa saying "not authorized": the status is saved, which is the point.
    if (!(error instanceof MedusaError && error.type === MedusaError.Types.NOT_ALLOWED)) throw error
  }
  return { status: 200, body: { received: true, action } }
}

function refusal(error: unknown, logger: Logger): DinteroCallbackResponse {
  const message = error instanceof Error ? error.message : String(error)
  const type = error instanceof MedusaError ? error.type : undefined
  const status =
    type === MedusaError.Types.UNAUTHORIZED
      ? 401
      : type === MedusaError.Types.NOT_FOUND
        ? 404
        : type === MedusaError.Types.NOT_ALLOWED || type === MedusaError.Types.INVALID_DATA
          ? 400
          : 503
  if (status === 503) {
    logger.warn(`Dintero callback could not be checked (${message}); asking Dintero to retry`)
  } else {
    logger.warn(`Dintero callback refused (${status}): ${message}`)
  }
  return { status, body: { message: status === 503 ? "Temporarily unable to process the callback" : message } }
}
