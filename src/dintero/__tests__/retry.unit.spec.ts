import { DinteroError } from "../errors"
import { backoffDelayMs, parseRetryAfterMs } from "../retry"

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 }

describe("backoff", () => {
  it("doubles per attempt, with jitter between half and all of the step, capped", () => {
    expect(backoffDelayMs(1, policy, undefined, () => 0)).toBe(50)
    expect(backoffDelayMs(1, policy, undefined, () => 1)).toBe(100)
    expect(backoffDelayMs(3, policy, undefined, () => 1)).toBe(400)
    expect(backoffDelayMs(10, policy, undefined, () => 1)).toBe(1000)
  })

  it("honours Retry-After, capped", () => {
    const error = new DinteroError({ kind: "http", operation: "x", status: 429, retryAfterMs: 700 })
    expect(backoffDelayMs(1, policy, error)).toBe(700)
    const long = new DinteroError({ kind: "http", operation: "x", status: 429, retryAfterMs: 60_000 })
    expect(backoffDelayMs(1, policy, long)).toBe(1000)
  })

  it("parses Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfterMs("2")).toBe(2000)
    expect(parseRetryAfterMs("0.5")).toBe(500)
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(parseRetryAfterMs(undefined)).toBeUndefined()
    expect(parseRetryAfterMs("soon")).toBeUndefined()
  })
})

describe("DinteroError", () => {
  it("keeps Dintero's code and message, and says whether a repeat can help", () => {
    const error = new DinteroError({ kind: "http", operation: "capture", status: 400, code: "INVALID_REQUEST", dinteroMessage: "amount too large" })
    expect(error.message).toBe("Dintero capture failed (HTTP 400 INVALID_REQUEST): amount too large")
    expect(error.transient).toBe(false)
    expect(new DinteroError({ kind: "http", operation: "x", status: 503 }).transient).toBe(true)
    expect(new DinteroError({ kind: "http", operation: "x", status: 429 }).transient).toBe(true)
    expect(new DinteroError({ kind: "timeout", operation: "x" }).outcomeUnknown).toBe(true)
    expect(new DinteroError({ kind: "http", operation: "x", status: 429 }).outcomeUnknown).toBe(false)
  })
})
