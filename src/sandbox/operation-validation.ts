/**
 * Validation of capture and refund bodies (spec: `amount` required int32; items need `line_id` and
 * `amount`; capture metadata keys must start with "ext_", key ≤ 128 and value ≤ 256 characters,
 * contract §5.4), and of the items against the transaction's own lines.
 *
 * When items are given their amounts must add up to `amount`: Dintero documents no tolerance, and
 * a split that does not add up is exactly the mistake (a forgotten shipping line) it should catch.
 */
import { z } from "zod"
import { type FieldError, validationError } from "./errors"
import type { EventItem, Transaction } from "./types"
import { formatIssues, metadataValue, minorUnits } from "./validation"

const operationItem = z.object({
  line_id: z.string().min(1, "must not be empty"),
  amount: minorUnits(),
  quantity: z.number().optional(),
  description: z.string().optional(),
  id: z.string().optional(),
  vat: z.number().optional(),
  vat_amount: minorUnits().optional(),
})

const operationMetadata = z
  .record(z.string(), metadataValue())
  .superRefine((value, ctx) => {
    for (const [key, entry] of Object.entries(value)) {
      if (!key.startsWith("ext_")) {
        ctx.addIssue({ code: "custom", path: [key], message: 'keys must start with "ext_"' })
      } else if (key.length > 128) {
        ctx.addIssue({ code: "custom", path: [key], message: "keys must be at most 128 characters" })
      } else if (String(entry).length > 256) {
        ctx.addIssue({ code: "custom", path: [key], message: "values must be at most 256 characters" })
      }
    }
  })

const positiveAmount = () => minorUnits().min(1, "must be greater than 0")

const captureSchema = z.object({
  amount: positiveAmount(),
  capture_reference: z.string().optional(),
  items: z.array(operationItem).optional(),
  final_capture: z.boolean().optional(),
  metadata: operationMetadata.optional(),
})

const refundSchema = z.object({
  amount: positiveAmount(),
  refund_reference: z.string().optional(),
  reason: z.string().optional(),
  items: z.array(operationItem).optional(),
  metadata: operationMetadata.optional(),
})

export interface OperationRequest {
  amount: number
  reference?: string
  items?: EventItem[]
  metadata?: Record<string, string | number>
  reason?: string
  finalCapture?: boolean
}

/** Item lines must exist on the transaction, and add up to the operation's amount. */
function itemErrors(items: EventItem[] | undefined, amount: number, transaction: Transaction): FieldError[] {
  if (items === undefined) return []
  const known = new Set(transaction.items.map((item) => item.line_id).filter((id) => typeof id === "string"))
  const errors: FieldError[] = []
  items.forEach((item, index) => {
    if (!known.has(item.line_id)) {
      errors.push({
        field: `items[${index}].line_id`,
        message: `unknown line_id "${item.line_id}"; the transaction's lines are ${[...known].map((id) => `"${id}"`).join(", ") || "none"}`,
      })
    }
  })
  const total = items.reduce((sum, item) => sum + item.amount, 0)
  if (items.length > 0 && total !== amount) {
    errors.push({ field: "items", message: `the items' amounts add up to ${total}, not to amount ${amount}` })
  }
  return errors
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) throw validationError([{ field: "body", message: "is required" }])
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, body))
  return parsed.data
}

export function validateCapture(body: unknown, transaction: Transaction): OperationRequest {
  const data = parse(captureSchema, body)
  const items = (body as { items?: EventItem[] }).items
  const errors = itemErrors(items, data.amount, transaction)
  if (errors.length > 0) throw validationError(errors)
  return {
    amount: data.amount,
    reference: data.capture_reference,
    items,
    metadata: data.metadata,
    finalCapture: data.final_capture,
  }
}

export function validateRefund(body: unknown, transaction: Transaction): OperationRequest {
  const data = parse(refundSchema, body)
  const items = (body as { items?: EventItem[] }).items
  const errors = itemErrors(items, data.amount, transaction)
  if (errors.length > 0) throw validationError(errors)
  return { amount: data.amount, reference: data.refund_reference, items, metadata: data.metadata, reason: data.reason }
}
