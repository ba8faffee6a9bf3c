/**
 * The cart's lines do not add up to the amount Medusa asked to collect, by more than per-line
 * rounding can explain: the cart and the amount disagree (typically the cart changed after the
 * payment collection was computed). Nothing is absorbed into a rounding line then.
 */
export class OrderAmountMismatchError extends Error {
  /** The authoritative amount (minor units) the session must collect. */
  readonly expected: number
  /** Σ item amounts + shipping option amount (minor units) computed from the cart. */
  readonly actual: number
  /** expected − actual. */
  readonly difference: number
  /** The largest difference a rounding line may absorb for this cart. */
  readonly tolerance: number
  readonly currency: string

  constructor(init: { expected: number; actual: number; tolerance: number; currency: string }) {
    const difference = init.expected - init.actual
    super(
      `The cart lines add up to ${init.actual} but the amount to collect is ${init.expected} ` +
        `(${init.currency} minor units; difference ${difference}, rounding tolerance ${init.tolerance})`,
    )
    this.name = "OrderAmountMismatchError"
    this.expected = init.expected
    this.actual = init.actual
    this.difference = difference
    this.tolerance = init.tolerance
    this.currency = init.currency
  }
}

/** The cart is in another currency than the amount to collect. */
export class OrderCurrencyMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`The cart is in ${actual} but the amount to collect is in ${expected}`)
    this.name = "OrderCurrencyMismatchError"
  }
}
