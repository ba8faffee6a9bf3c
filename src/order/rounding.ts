import type { DinteroOrderItem } from "../dintero/schemas"
import { OrderAmountMismatchError } from "./errors"
import type { LineIdAllocator } from "./line-ids"

export const ROUNDING_LINE_ID = "rounding"

/**
 * How far (in minor units) the rounded lines may be from the authoritative amount before it is a
 * mismatch rather than rounding. Each of the `convertedLines` amounts is rounded once (half a
 * minor unit at most) and so is the cart total: the residue is at most ⌊(n + 1) / 2⌋. One more
 * minor unit covers the 20 significant digits Medusa keeps of the stored total. With no lines at
 * all, nothing can round: the amount must be exactly 0.
 */
export function roundingTolerance(convertedLines: number): number {
  return convertedLines === 0 ? 0 : Math.floor((convertedLines + 1) / 2) + 1
}

/**
 * The line that makes Σ items + shipping equal the authoritative amount, or undefined when they are
 * already equal. Throws {@link OrderAmountMismatchError} when the difference is above tolerance.
 */
export function roundingLine(init: {
  amount: number
  linesTotal: number
  convertedLines: number
  currency: string
  lineIds: LineIdAllocator
}): DinteroOrderItem | undefined {
  const difference = init.amount - init.linesTotal
  if (difference === 0) {
    return undefined
  }
  const tolerance = roundingTolerance(init.convertedLines)
  if (Math.abs(difference) > tolerance) {
    throw new OrderAmountMismatchError({
      expected: init.amount,
      actual: init.linesTotal,
      tolerance,
      currency: init.currency,
    })
  }
  return {
    id: ROUNDING_LINE_ID,
    line_id: init.lineIds.take(ROUNDING_LINE_ID),
    description: "Rounding",
    quantity: 1,
    amount: difference,
    vat_amount: 0,
    vat: 0,
    // A price adjustment without VAT; Dintero has no dedicated type for it.
    type: "surcharge",
  }
}
