import type { LineDemand, LineUnits } from "./operation-lines"
import { num, time } from "./values"

/**
 * Medusa's order seen per Dintero line. A session made from a cart names its lines by the cart's
 * line item and shipping method ids (build-order.ts); Medusa copies neither id into the order it
 * makes from the cart, so each cart line is matched to the order line made from it (same
 * variant, title, unit price and metadata, in creation order). A session made for an order's
 * payment collection (an order edit, exchange or claim) names the order's own line ids.
 */

export type OrderItemInput = {
  id: string
  variant_id?: string | null
  title?: string | null
  unit_price?: unknown
  quantity?: unknown
  metadata?: Record<string, unknown> | null
  created_at?: string | Date | null
  detail?: {
    quantity?: unknown
    fulfilled_quantity?: unknown
    return_received_quantity?: unknown
    written_off_quantity?: unknown
  } | null
}

export type OrderShippingMethodInput = { id: string; shipping_option_id?: string | null; amount?: unknown; created_at?: string | Date | null }

export type OrderInput = {
  id: string
  items?: (OrderItemInput | null)[] | null
  shipping_methods?: (OrderShippingMethodInput | null)[] | null
  fulfillments?: ({ id: string; canceled_at?: string | Date | null } | null)[] | null
}

export type CartLinesInput = {
  items?: (Omit<OrderItemInput, "detail"> | null)[] | null
  shipping_methods?: (OrderShippingMethodInput | null)[] | null
}

/** Dintero line id ↔ Medusa order line item id / shipping method id. */
export type LineMap = { toOrderLine: Map<string, string>; toDinteroLine: Map<string, string> }

const itemKey = (item: Omit<OrderItemInput, "detail">) =>
  JSON.stringify([item.variant_id ?? null, item.title ?? null, String(num(item.unit_price)), item.metadata ?? {}])

const byCreation = <T extends { created_at?: string | Date | null; id: string }>(rows: T[]) =>
  [...rows].sort((a, b) => time(a.created_at) - time(b.created_at) || a.id.localeCompare(b.id))

/** Pairs the Dintero lines (`lineIds`) with the order's items and shipping methods. */
export function mapLines(lineIds: readonly string[], order: OrderInput, cart?: CartLinesInput): LineMap {
  const toOrderLine = new Map<string, string>()
  const items = (order.items ?? []).filter((item): item is OrderItemInput => !!item)
  const methods = (order.shipping_methods ?? []).filter((method): method is OrderShippingMethodInput => !!method)
  const orderIds = new Set([...items.map((item) => item.id), ...methods.map((method) => method.id)])
  for (const lineId of lineIds) if (orderIds.has(lineId)) toOrderLine.set(lineId, lineId)
  // An Express checkout's shipping line is named by its shipping option (order/express.ts).
  for (const lineId of lineIds) {
    if (toOrderLine.has(lineId)) continue
    const method = methods.find((m) => m.shipping_option_id === lineId && ![...toOrderLine.values()].includes(m.id))
    if (method) toOrderLine.set(lineId, method.id)
  }

  if (cart) {
    const free = new Map<string, OrderItemInput[]>()
    for (const item of byCreation(items)) {
      if ([...toOrderLine.values()].includes(item.id)) continue
      free.set(itemKey(item), [...(free.get(itemKey(item)) ?? []), item])
    }
    const cartItems = byCreation((cart.items ?? []).filter((item): item is Omit<OrderItemInput, "detail"> => !!item))
    for (const cartItem of cartItems) {
      if (!lineIds.includes(cartItem.id) || toOrderLine.has(cartItem.id)) continue
      const match = free.get(itemKey(cartItem))?.shift()
      if (match) toOrderLine.set(cartItem.id, match.id)
    }
    const freeMethods = byCreation(methods.filter((method) => ![...toOrderLine.values()].includes(method.id)))
    for (const cartMethod of byCreation((cart.shipping_methods ?? []).filter((m): m is OrderShippingMethodInput => !!m))) {
      if (!lineIds.includes(cartMethod.id) || toOrderLine.has(cartMethod.id)) continue
      const index = freeMethods.findIndex(
        (method) => method.shipping_option_id === cartMethod.shipping_option_id && num(method.amount) === num(cartMethod.amount)
      )
      if (index >= 0) toOrderLine.set(cartMethod.id, freeMethods.splice(index, 1)[0]!.id)
    }
  }
  const toDinteroLine = new Map([...toOrderLine].map(([lineId, orderLineId]) => [orderLineId, lineId]))
  return { toOrderLine, toDinteroLine }
}

/** Per Dintero line: ordered, fulfilled and returned quantities as the order has them now. */
export function demandOf(order: OrderInput, lines: LineMap): Map<string, LineDemand> {
  const items = new Map((order.items ?? []).filter((item): item is OrderItemInput => !!item).map((item) => [item.id, item]))
  const methods = new Set((order.shipping_methods ?? []).filter((m): m is OrderShippingMethodInput => !!m).map((m) => m.id))
  const anythingFulfilled = [...items.values()].some((item) => num(item.detail?.fulfilled_quantity) > 0)
  const demand = new Map<string, LineDemand>()
  for (const [lineId, orderLineId] of lines.toOrderLine) {
    const item = items.get(orderLineId)
    if (item) {
      demand.set(lineId, {
        ordered: num(item.detail?.quantity ?? item.quantity),
        fulfilled: num(item.detail?.fulfilled_quantity),
        returned: num(item.detail?.return_received_quantity),
      })
    } else if (methods.has(orderLineId)) {
      demand.set(lineId, { ordered: 1, fulfilled: anythingFulfilled ? 1 : 0, returned: 0 })
    }
  }
  return demand
}

/** Medusa line items with quantities (a fulfillment's, a return's) as units per Dintero line. */
export function unitsOf(label: string, rows: readonly { line_item_id?: string | null; item_id?: string | null; quantity?: unknown }[], lines: LineMap): LineUnits {
  const units = new Map<string, number>()
  for (const row of rows) {
    const lineId = lines.toDinteroLine.get(row.line_item_id ?? row.item_id ?? "")
    if (lineId) units.set(lineId, (units.get(lineId) ?? 0) + num(row.quantity))
  }
  return { label, units }
}
