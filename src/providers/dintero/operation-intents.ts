/**
 * The order lines a capture or refund is for, when the plugin itself starts it from a Medusa
 * operation that has lines (a fulfillment: captureOnShipment). Medusa's capture hook receives only
 * the payment's data and the capture id, so the workflow that asks Medusa to capture states the
 * lines here, in this process, right before; the provider takes them (once) for that payment.
 *
 * Not a channel for anything a shopper or a callback says: only the plugin's own workflows put
 * entries, each lives a few seconds, and the map is bounded.
 */
export type OperationIntent = {
  kind: "capture" | "refund"
  /** Dintero's capture_reference / refund_reference: the fulfillment's (return's) id. */
  reference: string
  /** For messages: "fulfillment ful_…". */
  label: string
  /** Medusa order line items and quantities. */
  rows: { line_item_id: string; quantity: number }[]
  /** Minor units the plan came to; a capture of another amount does not take the intent. */
  amount: number
}

const TTL_MS = 60_000
const MAX_ENTRIES = 256
const intents = new Map<string, { intent: OperationIntent; expiresAt: number }>()

const key = (paymentSessionId: string, kind: OperationIntent["kind"]) => `${kind}:${paymentSessionId}`

export function stateIntent(paymentSessionId: string, intent: OperationIntent, now = Date.now()): void {
  intents.delete(key(paymentSessionId, intent.kind))
  intents.set(key(paymentSessionId, intent.kind), { intent, expiresAt: now + TTL_MS })
  for (const [name, entry] of intents) {
    if (intents.size <= MAX_ENTRIES && entry.expiresAt > now) break
    intents.delete(name)
  }
}

/** The intent for this payment's operation of `amount` minor units, once. */
export function takeIntent(paymentSessionId: string, kind: OperationIntent["kind"], amount: number, now = Date.now()): OperationIntent | undefined {
  const entry = intents.get(key(paymentSessionId, kind))
  if (!entry || entry.intent.amount !== amount) return undefined
  intents.delete(key(paymentSessionId, kind))
  return entry.expiresAt > now ? entry.intent : undefined
}

/** Removes an intent that was not used (the capture failed before reaching the provider). */
export function dropIntent(paymentSessionId: string, kind: OperationIntent["kind"]): void {
  intents.delete(key(paymentSessionId, kind))
}
