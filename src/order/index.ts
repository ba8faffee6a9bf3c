export { buildDinteroOrder } from "./build-order"
export type { BuildDinteroOrderOptions, BuiltDinteroOrder } from "./build-order"
export { CART_FIELDS } from "./cart-input"
export type {
  CartAddressInput,
  CartAdjustmentInput,
  CartCreditLineInput,
  CartCustomerInput,
  CartInput,
  CartLineItemInput,
  CartShippingMethodInput,
  CartTaxLineInput,
} from "./cart-input"
export { cartEmail, toE123Phone, toOrderAddress, toSessionCustomer } from "./customer"
export { OrderAmountMismatchError, OrderCurrencyMismatchError } from "./errors"
export { MAX_LINE_ID_LENGTH } from "./line-ids"
export { ROUNDING_LINE_ID, roundingTolerance } from "./rounding"
export { computeCartTotals } from "./totals"
export type { CartTotals, LineTotals } from "./totals"
export { vatPercent } from "./vat"
export { BALANCE_LINE_ID, buildOrderChangeOrder, ORDER_PAYMENT_FIELDS, unitsOfChanges } from "./order-change-lines"
export type { OrderChangeActionInput, OrderChangeInput, OrderChangePaymentInput, OrderForPaymentInput } from "./order-change-lines"
export { expressAnswer, expressShippingOptions, toMedusaAddress } from "./express"
export type { ExpressShippingOffer } from "./express"
