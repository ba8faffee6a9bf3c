import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { expressCallbackBodySchema, type DinteroExpressCallbackAnswer, type DinteroExpressCallbackBody } from "../../../dintero"
import { configuredDinteroProvider } from "../../../providers/dintero/configured"

const STATUS: Record<string, number> = {
  [MedusaError.Types.NOT_FOUND]: 404,
  [MedusaError.Types.INVALID_DATA]: 400,
  [MedusaError.Types.NOT_ALLOWED]: 400,
  [MedusaError.Types.CONFLICT]: 409,
}

/**
 * Runs an Express callback's workflow and answers Dintero: 200 with the answer, or Dintero's
 * error shape `{ error: { code, message } }` with a 4xx for a call that cannot be answered (unknown
 * provider, cart or session, bad input) and a 503 for anything transient (the cart busy, Medusa or
 * Dintero unreachable). Dintero does not retry either: the shopper sees the error and may try again.
 */
export async function answerExpressCallback(
  req: MedusaRequest<unknown>,
  res: MedusaResponse,
  run: (input: { provider_id: string; cart_id: string; body: DinteroExpressCallbackBody }) => Promise<{ result: DinteroExpressCallbackAnswer }>
): Promise<void> {
  const providerId = req.params.provider_id!
  if (!configuredDinteroProvider(req.scope, providerId)) {
    res.status(404).json({ error: { code: "NOT_FOUND", message: `${providerId} is not a Dintero payment provider of this server` } })
    return
  }
  const body = expressCallbackBodySchema.safeParse(req.body ?? {})
  if (!body.success) {
    const fields = body.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ")
    res.status(400).json({ error: { code: "INVALID_REQUEST", message: `The Express callback's session is invalid (${fields})` } })
    return
  }
  const started = Date.now()
  try {
    const { result } = await run({ provider_id: providerId, cart_id: req.params.cart_id!, body: body.data })
    res.setHeader("server-timing", `medusa;dur=${Date.now() - started}`)
    res.status(200).json(result)
  } catch (error) {
    const type = MedusaError.isMedusaError(error) ? (error as MedusaError).type : undefined
    const status = (type ? STATUS[type] : undefined) ?? 503
    const message = (error as Error).message
    req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`Dintero Express callback for cart ${req.params.cart_id} answered ${status}: ${message}`)
    res.status(status).json({ error: { code: status === 503 ? "TEMPORARILY_UNAVAILABLE" : String(type).toUpperCase(), message } })
  }
}
