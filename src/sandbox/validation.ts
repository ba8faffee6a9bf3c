/**
 * Shared pieces of request validation: zod building blocks for Dintero's field types, and the
 * translation of zod issues into Dintero-style field errors (`{ field: "order.items[0].amount",
 * message: "must be an integer" }`), one per bad field.
 */
import { z } from "zod"
import type { FieldError } from "./errors"

type Issue = z.core.$ZodIssue

const INT32_MAX = 2_147_483_647

/** A money amount: an integer number of minor units (int32, as in the spec). */
export const minorUnits = () =>
  z
    .number()
    .int("must be an integer (minor units)")
    .max(INT32_MAX, `must be at most ${INT32_MAX}`)
    .min(-INT32_MAX, `must be at least ${-INT32_MAX}`)

/** A VAT percentage: 25 for 25 %, at most two decimals (contract §4.1). */
export const vatPercent = () =>
  z
    .number()
    .min(0, "must be a percentage between 0 and 100")
    .max(100, "must be a percentage between 0 and 100")
    .refine(hasAtMostTwoDecimals, "must have at most two decimals (a percentage such as 25, not 0.25)")

/** Metadata values are strings or numbers (contract §4.1). */
export const metadataValue = () => z.union([z.string(), z.number()], { error: "must be a string or a number" })

export function hasAtMostTwoDecimals(value: number): boolean {
  const hundredths = value * 100
  return Math.abs(hundredths - Math.round(hundredths)) < 1e-6
}

/** An RFC 3339 date-time (OpenAPI `format: date-time`) that Date can read. */
export function isDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value))
  )
}

export function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

/** `order.items[0].amount` from `["order", "items", 0, "amount"]`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = ""
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`
    else out += out === "" ? String(part) : `.${String(part)}`
  }
  return out === "" ? "body" : out
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined
    value = (value as Record<PropertyKey, unknown>)[part]
  }
  return value
}

const TYPE_NAMES: Record<string, string> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
}

function describe(issue: Issue, input: unknown): string {
  if (issue.code === "invalid_type") {
    if (valueAt(input, issue.path) === undefined) return "is required"
    const expected = TYPE_NAMES[issue.expected] ?? issue.expected
    return `must be ${expected}`
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`
  }
  if (issue.code === "unrecognized_keys") return `unknown field(s): ${issue.keys.join(", ")}`
  return issue.message
}

/** One FieldError per issue; `input` is the request body, to tell a missing field from a wrong one. */
export function formatIssues(issues: readonly Issue[], input: unknown): FieldError[] {
  return issues.map((issue) => ({ field: fieldName(issue.path), message: describe(issue, input) }))
}
