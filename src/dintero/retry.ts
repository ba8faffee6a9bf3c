import { DinteroError } from "./errors"

export type RetryPolicy = {
  /** Repeats after the first attempt (0 = never repeat). */
  retries: number
  /** First backoff; doubles per attempt, with full jitter. */
  baseDelayMs: number
  /** Cap of one backoff, and of a `Retry-After` we are willing to wait for. */
  maxDelayMs: number
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 5_000 }

/**
 * Delay before repeat number `attempt` (1-based): Dintero's `Retry-After` when it sent one,
 * else exponential backoff with full jitter, so that many clients hit by the same outage do
 * not come back in lockstep.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  error?: DinteroError,
  random: () => number = Math.random
): number {
  if (error?.retryAfterMs !== undefined) {
    return Math.min(error.retryAfterMs, policy.maxDelayMs)
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
