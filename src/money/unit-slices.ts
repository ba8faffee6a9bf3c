/**
 * Part of a line in minor units: `units` of a line of `lineQuantity` units worth `lineAmount`.
 * Rounded on the running total, not per slice, so the slices of one line always add up to the
 * line exactly (3 × 1 of a 1000-øre line of 3 is 333 + 334 + 333, never 999).
 */
export function amountOfUnits(lineAmount: number, lineQuantity: number, units: number): number {
  if (!Number.isSafeInteger(lineAmount)) throw new RangeError(`line amount must be an integer in minor units, got ${lineAmount}`)
  if (lineQuantity <= 0 || units >= lineQuantity) return lineAmount
  if (units <= 0) return 0
  return Math.round((lineAmount * units) / lineQuantity)
}

/** The amount of the units `from` (exclusive) to `to` (inclusive) of a line. */
export function amountOfSlice(lineAmount: number, lineQuantity: number, from: number, to: number): number {
  return amountOfUnits(lineAmount, lineQuantity, to) - amountOfUnits(lineAmount, lineQuantity, from)
}
