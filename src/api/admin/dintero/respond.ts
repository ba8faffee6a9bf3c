import type { MedusaResponse } from "@medusajs/framework/http"
import { DINTERO_UNAVAILABLE } from "../../../workflows/dintero-profiles"

/**
 * Runs a workflow for an admin route. Dintero unreachable is a 503 with a clear message (Medusa's
 * error handler would turn any 5xx into "An unknown error occurred"); everything else goes to
 * Medusa's error handler (a MedusaError INVALID_DATA is a 400 naming the field).
 */
export async function runForAdmin<T>(res: MedusaResponse, run: () => Promise<T>, send: (result: T) => unknown): Promise<void> {
  let result: T
  try {
    result = await run()
  } catch (error) {
    // A workflow may hand back its step's error serialized: recognise it by its code.
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
    if (code === DINTERO_UNAVAILABLE) {
      res.status(503).json({ type: "dintero_unavailable", message: String(message) })
      return
    }
    throw error
  }
  res.json(send(result))
}
