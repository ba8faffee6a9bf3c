/**
 * Taking an amount off a set of lines in proportion to their amounts (a credit spread over the
 * lines it pays for), in integer minor units. Largest remainder: the parts add up to the
 * reduction exactly, and no line goes below zero.
 */
export function spreadReduction(amounts: readonly number[], reduction: number): number[] {
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`line amounts must be non-negative integers in minor units, got ${amount}`)
  }
  if (!Number.isSafeInteger(reduction) || reduction < 0) throw new RangeError(`the reduction must be a non-negative integer in minor units, got ${reduction}`)
  const whole = amounts.reduce((sum, amount) => sum + amount, 0)
  if (reduction > whole) throw new RangeError(`cannot take ${reduction} off lines worth ${whole}`)
  if (reduction === 0 || whole === 0) return [...amounts]
  const exact = amounts.map((amount) => (amount * reduction) / whole)
  const parts = exact.map(Math.floor)
  let left = reduction - parts.reduce((sum, part) => sum + part, 0)
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index)
  for (const { index } of byRemainder) {
    if (left === 0) break
    if (parts[index]! < amounts[index]!) {
      parts[index]! += 1
      left -= 1
    }
  }
  return amounts.map((amount, index) => amount - parts[index]!)
}

/** `value` × `part` / `whole`, rounded: the VAT of a line whose amount went from `whole` to `part`. */
export function scaleShare(value: number, part: number, whole: number): number {
  if (whole === 0) return 0
  return Math.round((value * part) / whole)
}
