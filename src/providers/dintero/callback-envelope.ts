/**
 * How the plugin's callback route hands a Dintero callback to the provider (through Medusa's
 * `getWebhookActionAndData`): the request as Dintero made it, so that the provider can check the
 * URL-based `Dintero-Signature` and read the query parameters Dintero added.
 */
export type CallbackEnvelope = {
  method: "GET" | "POST"
  /** The raw query string as received, without "?". */
  query: string
  /** The POST form's JSON body (a transaction): a hint only, never trusted. */
  body?: unknown
}

export const CALLBACK_ENVELOPE_KEY = "dintero_callback"

export function callbackPayloadData(envelope: CallbackEnvelope): Record<string, unknown> {
  return { [CALLBACK_ENVELOPE_KEY]: envelope }
}

export function readCallbackEnvelope(data: Record<string, unknown> | undefined): CallbackEnvelope | undefined {
  const value = data?.[CALLBACK_ENVELOPE_KEY] as Partial<CallbackEnvelope> | undefined
  if (!value || (value.method !== "GET" && value.method !== "POST") || typeof value.query !== "string") {
    return undefined
  }
  return { method: value.method, query: value.query, body: value.body }
}
