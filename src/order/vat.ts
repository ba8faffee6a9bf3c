import BigNumberJS from "bignumber.js"
import { toDecimal } from "../money"
import type { CartTaxLineInput } from "./cart-input"

/**
 * Dintero's `vat` for a line: the VAT percent (25, not 0.25) with at most 2 decimals. It is the sum
 * of the line's tax-line rates, as Medusa applies them (several tax lines add up, e.g. a 5 % + 9.975 %
 * split becomes 14.98). A sum with more than 2 decimals is rounded half up; `vat` is informative,
 * the VAT amount itself (`vat_amount`) is computed from the exact rates.
 */
export function vatPercent(taxLines: readonly CartTaxLineInput[] | null | undefined): number {
  const sum = (taxLines ?? []).reduce(
    (acc, line) => acc.plus(toDecimal(line.rate)),
    new BigNumberJS(0),
  )
  return sum.decimalPlaces(2, BigNumberJS.ROUND_HALF_UP).toNumber()
}
