export { currencyExponent, UnknownCurrencyError } from "./currency"
export { toMinorUnits, fromMinorUnits, toDecimal, InvalidAmountError } from "./minor-units"
export type { AmountInput } from "./minor-units"
