import BigNumberJS from "bignumber.js"
import { currencyExponent } from "./currency"

/**
 * Anything Medusa hands a provider as an amount: a number, a decimal string, a bignumber.js value,
 * Medusa's BigNumber (has `.numeric`/`.raw`), or the raw `{ value, precision }` object that arrives
 * with refunds (`Number(raw)` is NaN there).
 */
export type AmountInput =
  | number
  | string
  | BigNumberJS
  | { value: string | number; precision?: number }
  | { raw?: { value: string | number } | null; numeric?: number }

/** Exact decimal value of any Medusa amount, without ever passing through a float product. */
export function toDecimal(amount: AmountInput): BigNumberJS {
  let value: BigNumberJS
  if (BigNumberJS.isBigNumber(amount)) {
    value = new BigNumberJS(amount)
  } else if (typeof amount === "number" || typeof amount === "string") {
    value = new BigNumberJS(amount)
  } else if ("raw" in amount && amount.raw && amount.raw.value !== undefined) {
    value = new BigNumberJS(amount.raw.value)
  } else if ("value" in amount && amount.value !== undefined) {
    value = new BigNumberJS(amount.value)
  } else if ("numeric" in amount && typeof amount.numeric === "number") {
    value = new BigNumberJS(amount.numeric)
  } else {
    throw new InvalidAmountError(amount)
  }
  if (!value.isFinite()) {
    throw new InvalidAmountError(amount)
  }
  return value
}

/**
 * Major units (Medusa) → integer minor units (Dintero): 199.5 NOK → 19950, 1000 JPY → 1000,
 * 1.234 KWD → 1234. Rounded half away from zero on the exact decimal: Medusa does not round
 * cart totals to the currency (652.0244 NOK reaches the provider as is).
 */
export function toMinorUnits(amount: AmountInput, currencyCode: string): number {
  const minor = toDecimal(amount)
    .shiftedBy(currencyExponent(currencyCode))
    .integerValue(BigNumberJS.ROUND_HALF_UP)
  if (!minor.abs().isLessThanOrEqualTo(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidAmountError(amount)
  }
  return minor.toNumber()
}

/** Integer minor units (Dintero) → major units (Medusa), exact: 19950 NOK → 199.5. */
export function fromMinorUnits(minor: number, currencyCode: string): number {
  if (!Number.isSafeInteger(minor)) {
    throw new InvalidAmountError(minor)
  }
  return new BigNumberJS(minor).shiftedBy(-currencyExponent(currencyCode)).toNumber()
}

export class InvalidAmountError extends Error {
  constructor(amount: unknown) {
    super(`Not a valid amount: ${safeDescribe(amount)}`)
    this.name = "InvalidAmountError"
  }
}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
