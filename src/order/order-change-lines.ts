import type { DinteroOrderItem, DinteroSessionOrderUpdate } from "../dintero/schemas"
import { amountOfUnits, currencyExponent, scaleShare, spreadReduction } from "../money"
import { CART_FIELDS, type CartInput } from "./cart-input"
import { cartEmail, toOrderAddress, toSessionCustomer } from "./customer"
import { OrderCurrencyMismatchError } from "./errors"
import { LineIdAllocator } from "./line-ids"
import { itemLine, shippingLineOf, shippingOption } from "./lines"
import { computeCartTotals } from "./totals"
import type { BuildDinteroOrderOptions, BuiltDinteroOrder } from "./build-order"
import { num, time } from "./values"

/**
 * The lines of a payment collection that belongs to an order, not a cart: what an order edit, an
 * exchange or a claim left to pay (Medusa's collection amount is the order's pending difference).
 * Pure: the caller reads the order and its order changes.
 *
 * - Nothing paid on the order yet (Medusa cancels an authorized, uncaptured payment when an order
 *   edit raises the total, and asks for the whole new total): the whole order's lines.
 * - Else the changes confirmed since the order's last payment: items added (ITEM_ADD, ITEM_UPDATE
 *   up), shipping added; items returned in an exchange or claim (RETURN_ITEM) and items taken
 *   off are credits.
 *
 * Dintero's lines never go negative here: a credit is taken off the new lines in proportion to
 * their amounts (VAT with them), because invoice and part-payment products capture and refund by
 * line, and a negative line can be neither. Σ lines always equals the amount Medusa asks for: what
 * the lines leave over becomes one "balance" line (a credit larger than the new lines, several
 * collections' worth, rounding), what they exceed is taken off them.
 *
 * Each line's `line_id` is the order's own line id (order line item, order shipping method), so
 * captures and refunds by line find the order's lines directly (order-demand.ts).
 */

export type OrderChangeActionInput = {
  action: string
  reference_id?: string | null
  details?: Record<string, unknown> | null
}

export type OrderChangeInput = {
  id: string
  change_type?: string | null
  confirmed_at?: string | Date | null
  actions?: (OrderChangeActionInput | null)[] | null
}

/** An order read with {@link ORDER_PAYMENT_FIELDS}: the cart mapping's shape, plus its number. */
export type OrderForPaymentInput = CartInput & { display_id?: number | string | null }

export type OrderChangePaymentInput = {
  order: OrderForPaymentInput
  /** The order's confirmed order changes. */
  changes: readonly OrderChangeInput[]
  /**
   * When the newest payment of the order that still stands (not cancelled) was created; undefined
   * when there is none: then the whole order is what is paid.
   */
  paidUntil?: string | Date | null
}

/**
 * What `query.graph({ entity: "order", fields })` must read for {@link buildOrderChangeOrder}: the
 * cart mapping's fields, plus the order number, without the cart's `total` (the amount is the
 * collection's) and the cart-only shipping-option link.
 */
export const ORDER_PAYMENT_FIELDS = [
  ...CART_FIELDS.filter((field) => field !== "total" && !field.startsWith("shipping_methods.shipping_option.")),
  "display_id",
]

export const BALANCE_LINE_ID = "balance"

type Units = { items: Map<string, number>; shipping: Map<string, number> }

/** Net units per order line item and shipping method the given changes add (negative: credit). */
export function unitsOfChanges(changes: readonly OrderChangeInput[]): Units {
  const units: Units = { items: new Map(), shipping: new Map() }
  const add = (map: Map<string, number>, id: unknown, delta: number) => {
    if (typeof id !== "string" || !id || delta === 0) return
    map.set(id, (map.get(id) ?? 0) + delta)
  }
  for (const change of changes) {
    for (const action of change.actions ?? []) {
      if (!action) continue
      const details = action.details ?? {}
      const itemId = details.reference_id ?? action.reference_id
      switch (action.action) {
        case "ITEM_ADD":
          add(units.items, itemId, num(details.quantity))
          break
        case "ITEM_UPDATE":
          add(units.items, itemId, num(details.quantity_diff))
          break
        case "ITEM_REMOVE":
        case "RETURN_ITEM":
          add(units.items, itemId, -num(details.quantity))
          break
        case "SHIPPING_ADD":
          add(units.shipping, action.reference_id, 1)
          break
        case "SHIPPING_REMOVE":
          add(units.shipping, action.reference_id, -1)
          break
      }
    }
  }
  return units
}

/** An order's payment collection → the `order` (and `customer`) of a Dintero session. */
export function buildOrderChangeOrder(input: OrderChangePaymentInput, { amount, currency }: BuildDinteroOrderOptions): BuiltDinteroOrder {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`The amount to collect must be a non-negative integer in minor units, got ${amount}`)
  }
  const code = currency.trim().toUpperCase()
  currencyExponent(code)
  const { order } = input
  const orderCurrency = order.currency_code?.trim().toUpperCase()
  if (orderCurrency && orderCurrency !== code) throw new OrderCurrencyMismatchError(code, orderCurrency)

  const totals = computeCartTotals(order)
  const lineIds = new LineIdAllocator()
  const fullItems = totals.items.filter(({ source }) => source.quantity > 0).map((line) => ({ source: line.source, line: itemLine(line, code, lineIds) }))
  const fullShipping = totals.shippingMethods.map((method) => {
    const option = shippingOption(method, code, lineIds)
    return { source: method.source, option, line: shippingLineOf(option) }
  })

  let lines: DinteroOrderItem[]
  let credit = 0
  if (!input.paidUntil) {
    lines = [...fullItems.map(({ line }) => line), ...fullShipping.map(({ line }) => line)]
  } else {
    const since = time(input.paidUntil)
    const units = unitsOfChanges(input.changes.filter((change) => time(change.confirmed_at) > since))
    lines = []
    for (const { source, line } of fullItems) {
      const delta = units.items.get(source.id) ?? 0
      const part = slice(line, source.quantity, Math.abs(delta))
      if (delta > 0) lines.push(part)
      else if (delta < 0) credit += part.amount
    }
    // Items no longer on the order (removed by the change) cannot be priced from it: the fit below covers them.
    for (const { source, line } of fullShipping) {
      const delta = units.shipping.get(source.id) ?? 0
      if (delta > 0) lines.push(line)
      else if (delta < 0) credit += line.amount
    }
  }

  const positive = lines.reduce((sum, line) => sum + line.amount, 0)
  // The credit is taken off first; then whatever keeps the lines from the amount Medusa asks for.
  const afterCredit = Math.max(0, positive - credit)
  const reduction = positive - Math.min(afterCredit, amount)
  lines = reduce(lines, reduction).filter((line) => line.amount > 0)
  const covered = lines.reduce((sum, line) => sum + line.amount, 0)
  if (covered < amount) lines.push(balanceLine(amount - covered, order, lineIds))

  const items = lines.filter((line) => line.type !== "shipping")
  const shippingLines = lines.filter((line) => line.type === "shipping")
  const dinteroOrder: DinteroSessionOrderUpdate = {
    amount,
    currency: code,
    vat_amount: lines.reduce((sum, line) => sum + (line.vat_amount ?? 0), 0),
    items: shippingLines.length === 1 ? items : [...items, ...shippingLines],
  }
  if (shippingLines.length === 1) {
    // The option as the cart mapping builds it (title, operator, delivery method), at what is left of it.
    const line = shippingLines[0]!
    const option = fullShipping.find((shipping) => shipping.option.line_id === line.line_id)!.option
    dinteroOrder.shipping_option = { ...option, amount: line.amount, vat_amount: line.vat_amount }
  }
  const email = cartEmail(order)
  const shippingAddress = toOrderAddress(order.shipping_address, email)
  if (shippingAddress) dinteroOrder.shipping_address = shippingAddress
  const billingAddress = toOrderAddress(order.billing_address, email)
  if (billingAddress) dinteroOrder.billing_address = billingAddress
  const customer = toSessionCustomer(order)
  return customer ? { order: dinteroOrder, customer } : { order: dinteroOrder }
}

/** `units` of a line of `quantity` units: amount and VAT sliced exactly (unit-slices.ts). */
function slice(line: DinteroOrderItem, quantity: number, units: number): DinteroOrderItem {
  if (units >= quantity) return line
  return {
    ...line,
    quantity: units,
    amount: amountOfUnits(line.amount, quantity, units),
    vat_amount: amountOfUnits(line.vat_amount ?? 0, quantity, units),
  }
}

function reduce(lines: DinteroOrderItem[], reduction: number): DinteroOrderItem[] {
  if (reduction <= 0) return lines
  const amounts = spreadReduction(lines.map((line) => line.amount), reduction)
  return lines.map((line, index) => ({
    ...line,
    amount: amounts[index]!,
    vat_amount: scaleShare(line.vat_amount ?? 0, amounts[index]!, line.amount),
  }))
}

function balanceLine(amount: number, order: OrderForPaymentInput, lineIds: LineIdAllocator): DinteroOrderItem {
  const number = order.display_id ?? order.id
  return {
    id: BALANCE_LINE_ID,
    line_id: lineIds.take(BALANCE_LINE_ID),
    description: number ? `Balance of order #${number}` : "Order balance",
    quantity: 1,
    amount,
    vat_amount: 0,
    vat: 0,
    // An amount owed on the order as a whole, not goods: no VAT of its own here.
    type: "service",
  }
}
