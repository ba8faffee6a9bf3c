export type CompleteReturnOptions = {
  /** How long to keep trying, in ms (default 30 s). */
  budgetMs?: number
  /** First pause between tries (default 400 ms), doubling up to maxDelayMs (default 3 s). */
  baseDelayMs?: number
  maxDelayMs?: number
  /** For tests. */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

/**
 * Calls `attempt` until it gives an answer (anything but `undefined`), pausing between tries with
 * doubling delays, and gives `timedOut()` once the next pause would pass the budget. Both return
 * pages (cart and payment collection) wait out the same races this way: Dintero's callback settling
 * the same payment at that moment, a payment still settling, a busy store.
 */
export async function pollWithBackoff<T>(
  options: CompleteReturnOptions,
  attempt: () => Promise<T | undefined>,
  timedOut: () => T
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = options.now ?? Date.now
  const deadline = now() + (options.budgetMs ?? 30_000)
  const maxDelay = options.maxDelayMs ?? 3_000
  let delay = options.baseDelayMs ?? 400
  for (;;) {
    const answer = await attempt()
    if (answer !== undefined) return answer
    if (now() + delay > deadline) return timedOut()
    await sleep(delay)
    delay = Math.min(delay * 2, maxDelay)
  }
}

/**
 * What Dintero's `error=` on a return URL means for the shopper: `cancelled` (they cancelled on
 * Dintero's page), `authorization` (declined by the bank or the method), anything else a failure.
 * `undefined` when there is no error.
 */
export function returnErrorKind(error: string | undefined): "cancelled" | "declined" | "failed" | undefined {
  switch (error) {
    case undefined:
      return undefined
    case "cancelled":
      return "cancelled"
    case "authorization":
      return "declined"
    default:
      return "failed"
  }
}
