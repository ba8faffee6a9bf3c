import { buildOrderChangeOrder, unitsOfChanges, type OrderForPaymentInput } from "../order-change-lines"
import { lineItem, shippingMethod } from "./fixtures"

/*
 * An order of 2 sweaters (599 + 25 % VAT) with shipping (49 + 25 %), to which changes add 2 or 6
 * coffees (129.90 + 15 %: 149.385 per bag), as query.graph reads it for an order's payment collection.
 */
const PAID = "2026-12-01T10:00:00.000Z"
const LATER = "2026-12-02T10:00:00.000Z"
const EARLIER = "2026-11-30T10:00:00.000Z"

function order(extra: Partial<OrderForPaymentInput> = {}): OrderForPaymentInput {
  return {
    id: "order_1",
    display_id: 7,
    currency_code: "nok",
    email: "kari@example.com",
    items: [
      lineItem("ordli_sweater", 599, 2, [25], { variant_sku: "SWEATER-M" }),
      lineItem("ordli_coffee", 129.9, 2, [15], { variant_sku: "COFFEE-250", requires_shipping: false }),
    ],
    shipping_methods: [shippingMethod("ordsm_first", 49, [25])],
    ...extra,
  }
}
const edit = (confirmedAt: string) => ({
  id: "ordch_edit",
  change_type: "edit",
  confirmed_at: confirmedAt,
  actions: [{ action: "ITEM_ADD", details: { reference_id: "ordli_coffee", quantity: 2, unit_price: 129.9 } }],
})
const items = (built: ReturnType<typeof buildOrderChangeOrder>) => [...(built.order.items ?? []), ...(built.order.shipping_option ? [built.order.shipping_option] : [])]
const sum = (lines: { amount: number }[]) => lines.reduce((total, line) => total + line.amount, 0)

describe("buildOrderChangeOrder", () => {
  it("an order edit after the payment: the added line, by the order's own line id, for the collection's amount", () => {
    const built = buildOrderChangeOrder({ order: order(), changes: [edit(LATER)], paidUntil: PAID }, { amount: 29877, currency: "NOK" })
    expect(built.order).toMatchObject({ amount: 29877, currency: "NOK", vat_amount: 3897 })
    expect(built.order.items).toEqual([
      expect.objectContaining({ id: "COFFEE-250", line_id: "ordli_coffee", quantity: 2, amount: 29877, vat_amount: 3897, vat: 15, type: "digital" }),
    ])
    expect(built.order.shipping_option).toBeUndefined()
    expect(built.order.shipping_address).toBeUndefined()
  })

  it("ignores changes confirmed before the standing payment (paid with it)", () => {
    const built = buildOrderChangeOrder({ order: order(), changes: [edit(EARLIER)], paidUntil: PAID }, { amount: 0, currency: "NOK" })
    expect(built.order.items).toEqual([])
    expect(built.order.amount).toBe(0)
  })

  it("an exchange: the new lines less the returned sweater, never negative, VAT scaled, Σ = the balance", () => {
    const exchangeOrder = order({
      items: [
        lineItem("ordli_sweater", 599, 2, [25], { variant_sku: "SWEATER-M" }),
        lineItem("ordli_coffee6", 129.9, 6, [15], { variant_sku: "COFFEE-250" }),
      ],
      shipping_methods: [shippingMethod("ordsm_first", 49, [25]), shippingMethod("ordsm_exchange", 49, [25])],
    })
    const changes = [
      {
        id: "ordch_exchange",
        change_type: "exchange",
        confirmed_at: LATER,
        actions: [
          { action: "RETURN_ITEM", details: { reference_id: "ordli_sweater", quantity: 1 } },
          { action: "ITEM_ADD", details: { reference_id: "ordli_coffee6", quantity: 6 } },
          { action: "SHIPPING_ADD", reference_id: "ordsm_exchange", details: {} },
        ],
      },
    ]
    // 6 coffees 89631 + shipping 6125 − one sweater 74875 = 20881.
    const built = buildOrderChangeOrder({ order: exchangeOrder, changes, paidUntil: PAID }, { amount: 20881, currency: "NOK" })
    const lines = items(built)
    expect(sum(lines)).toBe(20881)
    expect(lines.map((line) => line.line_id).sort()).toEqual(["ordli_coffee6", "ordsm_exchange"])
    // 74875 off 95756 in proportion: the coffee keeps 19545 of 89631, the shipping 1336 of 6125.
    expect(lines.find((line) => line.line_id === "ordli_coffee6")).toMatchObject({ quantity: 6, amount: 19545, vat: 15, vat_amount: 2549 })
    expect(built.order.shipping_option).toMatchObject({ line_id: "ordsm_exchange", amount: 1336, vat_amount: 267 })
    expect(built.order.vat_amount).toBe(2549 + 267)
    expect(lines.every((line) => line.amount > 0)).toBe(true)
  })

  it("without a standing payment: the whole order, one shipping method as shipping_option", () => {
    const built = buildOrderChangeOrder({ order: order(), changes: [edit(LATER)] }, { amount: 185752, currency: "NOK" })
    expect(built.order.items!.map((line) => [line.line_id, line.quantity, line.amount])).toEqual([
      ["ordli_sweater", 2, 149750],
      ["ordli_coffee", 2, 29877],
    ])
    expect(built.order.shipping_option).toMatchObject({ line_id: "ordsm_first", amount: 6125 })
    expect(built.customer).toMatchObject({ email: "kari@example.com" })
  })

  it("more to pay than the lines: one balance line without VAT makes up the rest", () => {
    const built = buildOrderChangeOrder({ order: order(), changes: [edit(LATER)], paidUntil: PAID }, { amount: 30000, currency: "NOK" })
    expect(built.order.items).toEqual([
      expect.objectContaining({ line_id: "ordli_coffee", amount: 29877 }),
      expect.objectContaining({ line_id: "balance", description: "Balance of order #7", amount: 123, vat_amount: 0, vat: 0, quantity: 1 }),
    ])
    expect(sum(items(built))).toBe(30000)
  })

  it("a credit larger than the new lines and nothing to pay: no line at all", () => {
    const changes = [
      {
        id: "ordch_exchange",
        confirmed_at: LATER,
        actions: [
          { action: "RETURN_ITEM", details: { reference_id: "ordli_sweater", quantity: 2 } },
          { action: "ITEM_ADD", details: { reference_id: "ordli_coffee", quantity: 2 } },
        ],
      },
    ]
    const built = buildOrderChangeOrder({ order: order(), changes, paidUntil: PAID }, { amount: 0, currency: "NOK" })
    expect(built.order.items).toEqual([])
    expect(built.order.amount).toBe(0)
  })

  it("refuses another currency and amounts that are not minor units", () => {
    expect(() => buildOrderChangeOrder({ order: order(), changes: [] }, { amount: 100, currency: "SEK" })).toThrow(/SEK|NOK/)
    expect(() => buildOrderChangeOrder({ order: order(), changes: [] }, { amount: -1, currency: "NOK" })).toThrow(RangeError)
    expect(() => buildOrderChangeOrder({ order: order(), changes: [] }, { amount: 1.5, currency: "NOK" })).toThrow(RangeError)
  })
})

describe("unitsOfChanges", () => {
  it("adds up the actions per line; a lowered quantity and a removal are credits", () => {
    const units = unitsOfChanges([
      {
        id: "a",
        actions: [
          { action: "ITEM_ADD", details: { reference_id: "i1", quantity: 2 } },
          { action: "ITEM_UPDATE", details: { reference_id: "i1", quantity: 1, quantity_diff: -1 } },
          { action: "ITEM_REMOVE", details: { reference_id: "i2", quantity: 3 } },
          { action: "SHIPPING_ADD", reference_id: "s1" },
          { action: "FULFILL_ITEM", details: { reference_id: "i1", quantity: 1 } },
          null,
        ],
      },
      { id: "b", actions: [{ action: "SHIPPING_REMOVE", reference_id: "s0" }] },
    ])
    expect([...units.items]).toEqual([["i1", 1], ["i2", -3]])
    expect([...units.shipping]).toEqual([["s1", 1], ["s0", -1]])
  })
})
