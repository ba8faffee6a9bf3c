/**
 * Injected failures for `/v1` requests (POST /_sandbox/faults). A fault matches a request by a
 * regular expression on its path (and optionally its method and, with `query`, one on its query
 * string, e.g. to fail a look-up by merchant_reference and no other listing) and makes the next `times` matching
 * requests fail: with a status and Dintero's error body, by never answering (`timeout`), or by
 * cutting the connection (`reset`). With `after`, the request is processed first and then its answer
 * is lost, the case a client must survive without applying an operation twice.
 *
 * `status: 202` is different: it asks a capture, refund or void to be accepted for later processing
 * (contract §5.4) instead of failing, and so only matches those three operations.
 */
import { z } from "zod"
import { validationError } from "./errors"
import { uuid } from "./ids"
import { formatIssues } from "./validation"

export interface Fault {
  id: string
  path: string
  method?: string
  query?: string
  status?: number
  timeout?: boolean
  reset?: boolean
  after?: boolean
  retry_after?: number
  /** For status 202: ms until the accepted operation is applied. */
  delay_ms?: number
  message?: string
  times: number
  /** Matching requests still to let through untouched before the fault applies. */
  skip: number
  /** Matches left before the fault is used up. */
  remaining: number
  created_at: string
}

const faultSchema = z
  .object({
    path: z.string().min(1).refine(isRegExp, "must be a valid regular expression"),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "must be an HTTP method")
      .optional(),
    query: z.string().min(1).refine(isRegExp, "must be a valid regular expression").optional(),
    status: z.number().int().min(202).max(599).optional(),
    timeout: z.boolean().optional(),
    reset: z.boolean().optional(),
    after: z.boolean().optional(),
    retry_after: z.number().int().min(0).max(86_400).optional(),
    delay_ms: z.number().int().min(0).max(600_000).optional(),
    message: z.string().optional(),
    times: z.number().int().min(1).max(1_000_000).optional(),
    skip: z.number().int().min(0).max(1_000_000).optional(),
  })
  .superRefine((value, ctx) => {
    const kinds = [value.status !== undefined, value.timeout === true, value.reset === true].filter(Boolean).length
    if (kinds !== 1) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "give exactly one of status, timeout: true, reset: true" })
    }
    if (value.status !== undefined && value.status !== 202 && value.status < 400) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "must be 202 (accepted operation) or 400-599" })
    }
    if (value.status === 202 && value.after === true) {
      ctx.addIssue({ code: "custom", path: ["after"], message: "cannot be combined with status 202" })
    }
  })

function isRegExp(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}

export class FaultRegistry {
  private faults: Fault[] = []

  add(input: unknown): Fault {
    const parsed = faultSchema.safeParse(input ?? {})
    if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, input))
    const spec = parsed.data
    const times = spec.times ?? 1
    const fault: Fault = {
      id: uuid(),
      path: spec.path,
      ...(spec.method ? { method: spec.method.toUpperCase() } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.status !== undefined ? { status: spec.status } : {}),
      ...(spec.timeout ? { timeout: true } : {}),
      ...(spec.reset ? { reset: true } : {}),
      ...(spec.after ? { after: true } : {}),
      ...(spec.retry_after !== undefined ? { retry_after: spec.retry_after } : {}),
      ...(spec.delay_ms !== undefined ? { delay_ms: spec.delay_ms } : {}),
      ...(spec.message !== undefined ? { message: spec.message } : {}),
      times,
      skip: spec.skip ?? 0,
      remaining: times,
      created_at: new Date().toISOString(),
    }
    this.faults.push(fault)
    return fault
  }

  /**
   * The first active fault matching the request, with one use consumed. `acceptsDeferral` tells
   * whether the route is a capture/refund/void, the only requests a 202 fault applies to.
   */
  take(method: string, path: string, acceptsDeferral: boolean, query = ""): Fault | undefined {
    for (const fault of this.faults) {
      const matches =
        fault.remaining > 0 &&
        (fault.method === undefined || fault.method === method.toUpperCase()) &&
        (fault.status !== 202 || acceptsDeferral) &&
        new RegExp(fault.path).test(path) &&
        (fault.query === undefined || new RegExp(fault.query).test(query))
      if (!matches) continue
      if (fault.skip > 0) {
        fault.skip -= 1 // this one passes; the fault applies to a later request
        continue
      }
      fault.remaining -= 1
      return { ...fault }
    }
    return undefined
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }))
  }

  clear(): void {
    this.faults = []
  }
}
