import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { handleDinteroCallback } from "../../../../../callbacks/handle-dintero-callback"

/*
 * Dintero's server-to-server callback: `{backendUrl}/hooks/dintero/{provider id}/callback`.
 * Outside /store and /admin: Dintero sends no publishable key and no admin token; the request
 * is authenticated by its Dintero-Signature (when a secret is configured) and by reading the
 * transaction back from Dintero. GET is Dintero's default; POST when the URL has method=POST.
 * The path: this route → verifier (src/callbacks/verify-callback.ts) → settlement workflow.
 */
async function callback(req: MedusaRequest, res: MedusaResponse, method: "GET" | "POST") {
  const url = req.originalUrl ?? req.url
  const queryIndex = url.indexOf("?")
  const result = await handleDinteroCallback(req.scope, {
    providerId: req.params.provider_id,
    method,
    // As received: the signature covers the query string Dintero built.
    query: queryIndex === -1 ? "" : url.slice(queryIndex + 1),
    body: method === "POST" ? req.body : undefined,
    headers: req.headers as Record<string, unknown>,
  })
  res.status(result.status).json(result.body)
}

export const GET = (req: MedusaRequest, res: MedusaResponse) => callback(req, res, "GET")
export const POST = (req: MedusaRequest, res: MedusaResponse) => callback(req, res, "POST")
