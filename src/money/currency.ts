import { code as lookupIso4217 } from "currency-codes"

/**
 * Number of decimals ("minor unit" exponent) of an ISO 4217 currency, from the ISO 4217 table
 * shipped by `currency-codes` rather than a hand-kept list: NOK → 2, JPY/ISK → 0, KWD/BHD → 3.
 * Throws for codes that are not ISO 4217 currencies, so a typo never silently becomes "2 decimals".
 */
export function currencyExponent(currencyCode: string): number {
  const entry = lookupIso4217(currencyCode.toUpperCase())
  if (!entry) {
    throw new UnknownCurrencyError(currencyCode)
  }
  // ISO marks funds and metals (XAU, XDR …) with "N.A."; they have no minor unit.
  return Number.isInteger(entry.digits) ? entry.digits : 0
}

export class UnknownCurrencyError extends Error {
  constructor(readonly currencyCode: string) {
    super(`"${currencyCode}" is not an ISO 4217 currency code`)
    this.name = "UnknownCurrencyError"
  }
}
