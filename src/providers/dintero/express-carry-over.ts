/**
 * Express Checkout keeps one Dintero session while Medusa replaces the cart's payment session under
 * it: every change of the cart's total (the address callback's shipping, a discount code, the
 * shopper's choices written at payment) makes Medusa delete the cart's payment sessions
 * (refreshPaymentCollectionForCartWorkflow), and a deleted Dintero payment session is cancelled at
 * Dintero (service.ts deletePayment), which would end the shopper's live checkout.
 *
 * The plugin's own Express workflows therefore run their cart updates inside `carryingOver`: while
 * it runs, deleting a payment session of that Dintero session leaves the Dintero session alone and
 * remembers its data, and a new payment session created with `data.dintero_carry_over` takes the
 * same Dintero session over instead of creating one. Only code running inside `carryingOver`, in
 * this process, can do that: a storefront that puts `dintero_carry_over` in `data` gets an
 * ordinary new session (the key is dropped).
 *
 * In-process on purpose: the workflows a callback runs execute their steps in the process that
 * took the callback, so the provider that deletes and creates the sessions is this process's.
 */

type CarriedOver = {
  /** The payment data of the payment session being replaced (the newest one, once deleted). */
  data?: Record<string, unknown>
  depth: number
}

const carried = new Map<string, CarriedOver>()

/** Runs `work` with the Dintero session carried over (see above); nested calls share one entry. */
export async function carryingOver<T>(
  dinteroSessionId: string,
  current: { data: Record<string, unknown> },
  work: () => Promise<T>
): Promise<T> {
  const entry = carried.get(dinteroSessionId) ?? { depth: 0 }
  entry.depth += 1
  entry.data = current.data
  carried.set(dinteroSessionId, entry)
  try {
    return await work()
  } finally {
    entry.depth -= 1
    if (entry.depth === 0) carried.delete(dinteroSessionId)
  }
}

/** Whether a payment session of this Dintero session is being replaced by an Express workflow. */
export function isCarriedOver(dinteroSessionId: string | undefined): boolean {
  return !!dinteroSessionId && carried.has(dinteroSessionId)
}

/** deletePayment of a carried-over session: remember its data for the session that takes over. */
export function rememberCarriedData(dinteroSessionId: string, data: Record<string, unknown>): void {
  const entry = carried.get(dinteroSessionId)
  if (entry) entry.data = data
}

/** What a new payment session with `data.dintero_carry_over` takes over, or undefined when nothing is carried over. */
export function takeOver(dinteroSessionId: unknown): { data: Record<string, unknown> } | undefined {
  if (typeof dinteroSessionId !== "string") return undefined
  const entry = carried.get(dinteroSessionId)
  return entry?.data ? { data: entry.data } : undefined
}

/** The `data` key that asks initiatePayment to take a carried-over Dintero session over. */
export const CARRY_OVER_KEY = "dintero_carry_over"
