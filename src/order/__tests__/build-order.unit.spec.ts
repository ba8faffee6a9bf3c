import { sessionOrderUpdateSchema } from "../../dintero/schemas"
import { UnknownCurrencyError } from "../../money"
import {
  buildDinteroOrder,
  MAX_LINE_ID_LENGTH,
  OrderAmountMismatchError,
  OrderCurrencyMismatchError,
  type CartInput,
} from ".."
import { applyPromotion, lineItem, medusaTotalMinor, shippingMethod } from "./fixtures"

/** Builds the order for the amount Medusa itself computes, checks it, and returns it. */
function build(cart: CartInput, expectedAmount: number) {
  const amount = medusaTotalMinor(cart)
  expect(amount).toBe(expectedAmount)
  const result = buildDinteroOrder(cart, { amount, currency: cart.currency_code ?? "NOK" })
  sessionOrderUpdateSchema.parse(result.order)
  const { order } = result
  const sum = (order.items ?? []).reduce((acc, item) => acc + item.amount, order.shipping_option?.amount ?? 0)
  expect(sum).toBe(order.amount)
  return result
}

const nokCart = (extra: Partial<CartInput>): CartInput => ({ id: "cart_1", currency_code: "nok", ...extra })

describe("buildDinteroOrder: lines, VAT and shipping", () => {
  it("maps several VAT rates (25, 15, 12, 0 %) with tax-exclusive prices, and one paid shipping method", () => {
    const cart = nokCart({
      items: [
        lineItem("a", 100, 2, [25]),
        lineItem("b", 80, 1, [15]),
        lineItem("c", 50, 3, [12]),
        lineItem("d", 199, 1, [0]),
      ],
      shipping_methods: [shippingMethod("s1", 49, [25])],
    })

    const { order, customer } = build(cart, 77025)

    expect(customer).toBeUndefined()
    expect(order).toEqual({
      amount: 77025,
      currency: "NOK",
      vat_amount: 9225,
      items: [
        { id: "variant_a", line_id: "a", description: "Product a", quantity: 2, amount: 25000, vat_amount: 5000, vat: 25, type: "physical" },
        { id: "variant_b", line_id: "b", description: "Product b", quantity: 1, amount: 9200, vat_amount: 1200, vat: 15, type: "physical" },
        { id: "variant_c", line_id: "c", description: "Product c", quantity: 3, amount: 16800, vat_amount: 1800, vat: 12, type: "physical" },
        { id: "variant_d", line_id: "d", description: "Product d", quantity: 1, amount: 19900, vat_amount: 0, vat: 0, type: "physical" },
      ],
      shipping_option: { id: "so_s1", line_id: "s1", amount: 6125, vat_amount: 1225, vat: 25, title: "Shipping s1", operator: "" },
    })
  })

  it("maps tax-inclusive prices: the amount is the price, the VAT is the part of it", () => {
    const cart = nokCart({
      items: [
        lineItem("a", 199.9, 3, [25], { is_tax_inclusive: true }),
        lineItem("b", 99.95, 1, [15], { is_tax_inclusive: true }),
        lineItem("c", 49, 1, [], { is_tax_inclusive: true }),
      ],
    })

    const { order } = build(cart, 74865)

    expect(order.items?.map(({ amount, vat_amount, vat }) => ({ amount, vat_amount, vat }))).toEqual([
      { amount: 59970, vat_amount: 11994, vat: 25 }, // 119.94 VAT in 599.70
      { amount: 9995, vat_amount: 1304, vat: 15 }, // 13.0369… VAT in 99.95
      { amount: 4900, vat_amount: 0, vat: 0 },
    ])
    expect(order.vat_amount).toBe(13298)
    expect(order.shipping_option).toBeUndefined()
  })

  it("sums several tax lines of one line into its VAT percent, with at most 2 decimals", () => {
    const cart = nokCart({ items: [lineItem("a", 100, 1, [5, 9.975])] })

    const { order } = build(cart, 11498) // 114.975 → 11498

    expect(order.items?.[0]).toMatchObject({ amount: 11498, vat_amount: 1498, vat: 14.98 })
  })

  it("uses the SKU, the variant title, the thumbnail and the shipping requirement when present", () => {
    const cart = nokCart({
      items: [
        lineItem("a", 10, 1, [25], {
          variant_sku: "SKU-1",
          variant_title: "Large",
          thumbnail: "https://cdn.example.com/a.jpg",
          requires_shipping: false,
        }),
        lineItem("b", 10, 1, [25], { variant_id: null, product_title: null, thumbnail: "/static/b.jpg" }),
      ],
    })

    const { order } = build(cart, 2500)

    expect(order.items).toEqual([
      {
        id: "SKU-1",
        line_id: "a",
        description: "Product a - Large",
        quantity: 1,
        amount: 1250,
        vat_amount: 250,
        vat: 25,
        type: "digital",
        thumbnail_url: "https://cdn.example.com/a.jpg",
      },
      { id: "b", line_id: "b", description: "Title b", quantity: 1, amount: 1250, vat_amount: 250, vat: 25, type: "physical" },
    ])
  })

  it("sends free shipping as a shipping option of 0, both a 0 price and a free-shipping promotion", () => {
    const zeroPrice = nokCart({
      items: [lineItem("a", 100, 1, [25])],
      shipping_methods: [shippingMethod("s1", 0, [25])],
    })
    const promoted = nokCart({
      items: [lineItem("a", 100, 1, [25])],
      shipping_methods: [shippingMethod("s1", 79, [25], { adjustments: [{ amount: 79, code: "FREESHIP" }] })],
    })

    for (const cart of [zeroPrice, promoted]) {
      const { order } = build(cart, 12500)
      expect(order.shipping_option).toEqual({
        id: "so_s1",
        line_id: "s1",
        amount: 0,
        vat_amount: 0,
        vat: 25,
        title: "Shipping s1",
        operator: "",
      })
      expect(order.vat_amount).toBe(2500)
    }
  })

  it("sends several shipping methods as shipping items instead of a shipping option", () => {
    const cart = nokCart({
      items: [lineItem("a", 100, 1, [25])],
      shipping_methods: [shippingMethod("s1", 49, [25]), shippingMethod("s2", 29, [25], { shipping_option_id: null })],
    })

    const { order } = build(cart, 22250)

    expect(order.shipping_option).toBeUndefined()
    expect(order.items?.slice(1)).toEqual([
      { id: "so_s1", line_id: "s1", description: "Shipping s1", quantity: 1, amount: 6125, vat_amount: 1225, vat: 25, type: "shipping" },
      { id: "s2", line_id: "s2", description: "Shipping s2", quantity: 1, amount: 3625, vat_amount: 725, vat: 25, type: "shipping" },
    ])
    expect(order.vat_amount).toBe(2500 + 1225 + 725)
  })

  it("derives delivery_method from the fulfillment set type", () => {
    const pickup = shippingMethod("s1", 0, [], {
      shipping_option: { service_zone: { fulfillment_set: { type: "pickup" } } },
    })
    const delivery = shippingMethod("s1", 0, [], {
      shipping_option: { service_zone: { fulfillment_set: { type: "shipping" } } },
    })

    expect(build(nokCart({ shipping_methods: [pickup] }), 0).order.shipping_option?.delivery_method).toBe("pick_up")
    expect(build(nokCart({ shipping_methods: [delivery] }), 0).order.shipping_option?.delivery_method).toBe("delivery")
  })
})

describe("buildDinteroOrder: discounts and credit", () => {
  it("applies a line-level percentage promotion to its item only", () => {
    const cart = applyPromotion(
      nokCart({ items: [lineItem("a", 100, 2, [25]), lineItem("b", 80, 1, [15])] }),
      { type: "percentage", allocation: "each", value: 10, max_quantity: 2, itemIds: ["a"] },
    )
    expect(cart.items?.[0].adjustments).toEqual([{ amount: "20", is_tax_inclusive: false }])

    const { order } = build(cart, 31700)

    expect(order.items?.map(({ line_id, amount, vat_amount }) => ({ line_id, amount, vat_amount }))).toEqual([
      { line_id: "a", amount: 22500, vat_amount: 4500 }, // (200 − 20) × 1.25
      { line_id: "b", amount: 9200, vat_amount: 1200 },
    ])
  })

  it("applies a line-level fixed promotion", () => {
    const cart = applyPromotion(nokCart({ items: [lineItem("a", 100, 2, [25])] }), {
      type: "fixed",
      allocation: "each",
      value: 15,
    })
    expect(cart.items?.[0].adjustments).toEqual([{ amount: "15", is_tax_inclusive: false }])

    const { order } = build(cart, 23125)

    expect(order.items?.[0]).toMatchObject({ amount: 23125, vat_amount: 4625 }) // (200 − 15) × 1.25
  })

  it("applies a cart-level fixed promotion that Medusa spreads over the items (tax-inclusive)", () => {
    const cart = applyPromotion(
      nokCart({
        items: [
          lineItem("x", 300, 1, [25], { is_tax_inclusive: true }),
          lineItem("y", 200, 1, [12], { is_tax_inclusive: true }),
        ],
      }),
      { type: "fixed", allocation: "across", value: 100, is_tax_inclusive: true },
    )
    expect(cart.items?.map((item) => item.adjustments)).toEqual([
      [{ amount: "60", is_tax_inclusive: true }],
      [{ amount: "40", is_tax_inclusive: true }],
    ])

    const { order } = build(cart, 40000)

    expect(order.items?.map(({ amount, vat_amount, vat }) => ({ amount, vat_amount, vat }))).toEqual([
      { amount: 24000, vat_amount: 4800, vat: 25 },
      { amount: 16000, vat_amount: 1714, vat: 12 }, // 17.142857… VAT in 160
    ])
    expect(order.vat_amount).toBe(6514)
  })

  it("applies a cart-level percentage promotion, quantities that do not divide evenly included", () => {
    const cart = applyPromotion(
      nokCart({
        items: [lineItem("a", 100, 2, [25]), lineItem("b", 80, 1, [15]), lineItem("c", 33.33, 3, [12])],
      }),
      { type: "percentage", allocation: "across", value: 10 },
    )
    expect(cart.items?.map((item) => item.adjustments?.[0]?.amount)).toEqual(["20", "8", "9.999"])

    // Medusa: 225 + 82.8 + 100.78992 = 408.58992
    const { order } = build(cart, 40859)

    expect(order.items?.map(({ amount, vat_amount }) => ({ amount, vat_amount }))).toEqual([
      { amount: 22500, vat_amount: 4500 },
      { amount: 8280, vat_amount: 1080 },
      { amount: 10079, vat_amount: 1080 }, // 89.991 × 1.12 = 100.78992, VAT 10.79892
    ])
  })

  it("sends a credit line (gift card) as a negative gift_card item without VAT", () => {
    const cart = nokCart({
      items: [lineItem("a", 100, 2, [25])],
      shipping_methods: [shippingMethod("s1", 49, [25])],
      credit_lines: [
        { id: "cacl_1", amount: 100, reference: "gift_card", reference_id: "gc_123" },
        { id: "cacl_2", amount: 12.5, reference: "store-credit" },
      ],
    })

    const { order } = build(cart, 19875)

    expect(order.items?.slice(1)).toEqual([
      { id: "gc_123", line_id: "cacl_1", description: "Gift card", quantity: 1, amount: -10000, vat_amount: 0, vat: 0, type: "gift_card" },
      { id: "cacl_2", line_id: "cacl_2", description: "Credit", quantity: 1, amount: -1250, vat_amount: 0, vat: 0, type: "gift_card" },
    ])
    expect(order.vat_amount).toBe(5000 + 1225)
  })

  it("keeps a fully discounted item at 0", () => {
    const cart = nokCart({ items: [lineItem("a", 50, 1, [25], { adjustments: [{ amount: 50 }] })] })

    const { order } = build(cart, 0)

    expect(order).toEqual({
      amount: 0,
      currency: "NOK",
      vat_amount: 0,
      items: [{ id: "variant_a", line_id: "a", description: "Product a", quantity: 1, amount: 0, vat_amount: 0, vat: 25, type: "physical" }],
    })
  })
})

describe("buildDinteroOrder: rounding and currencies", () => {
  it("converts each line once, rounding half away from zero, for quantities that do not divide evenly", () => {
    const cart = nokCart({
      items: [
        lineItem("a", 9.99, 3, [25]), // 37.4625 incl. 7.4925 VAT
        lineItem("b", 0.333, 7, [15]), // 2.68065 incl. 0.34965 VAT
        lineItem("c", 33.33, 3, [25], { is_tax_inclusive: true }), // 99.99 incl. 19.998 VAT
      ],
    })

    const { order } = build(cart, 14013) // 140.13315

    expect(order.items?.map(({ amount, vat_amount }) => [amount, vat_amount])).toEqual([
      [3746, 749],
      [268, 35],
      [9999, 2000],
    ])
    expect(order.items?.some((item) => item.line_id === "rounding")).toBe(false)
  })

  it("adds a rounding line exactly when the rounded lines miss the rounded total", () => {
    // two lines of 10.005 round to 10.01 each; the total 20.01 does not
    const down = nokCart({ items: [lineItem("a", 8.004, 1, [25]), lineItem("b", 8.004, 1, [25])] })
    // three lines of 10.004 round to 10.00 each; the total 30.012 rounds to 30.01
    const up = nokCart({
      items: [lineItem("a", 8.0032, 1, [25]), lineItem("b", 8.0032, 1, [25]), lineItem("c", 8.0032, 1, [25])],
    })

    const rounding = { id: "rounding", line_id: "rounding", description: "Rounding", quantity: 1, vat_amount: 0, vat: 0, type: "surcharge" }
    const downOrder = build(down, 2001).order
    expect(downOrder.items?.map((item) => item.amount)).toEqual([1001, 1001, -1])
    expect(downOrder.items?.[2]).toEqual({ ...rounding, amount: -1 })
    expect(downOrder.vat_amount).toBe(400)

    const upOrder = build(up, 3001).order
    expect(upOrder.items?.map((item) => item.amount)).toEqual([1000, 1000, 1000, 1])
    expect(upOrder.items?.[3]).toEqual({ ...rounding, amount: 1 })
  })

  it("handles a zero-decimal currency (JPY, ISK)", () => {
    const jpy: CartInput = {
      currency_code: "jpy",
      items: [lineItem("a", 1999, 3, [10], { is_tax_inclusive: true })],
      shipping_methods: [shippingMethod("s1", 500, [10], { is_tax_inclusive: true })],
    }
    const isk: CartInput = { currency_code: "isk", items: [lineItem("a", 1234.5, 1, [24])] }

    const jpyOrder = build(jpy, 6497).order
    expect(jpyOrder).toMatchObject({ amount: 6497, currency: "JPY", vat_amount: 590 })
    expect(jpyOrder.items?.[0]).toMatchObject({ amount: 5997, vat_amount: 545 }) // 545.18… VAT
    expect(jpyOrder.shipping_option).toMatchObject({ amount: 500, vat_amount: 45 }) // 45.45… VAT

    const iskOrder = build(isk, 1531).order // 1530.78
    expect(iskOrder.items?.[0]).toMatchObject({ amount: 1531, vat_amount: 296 })
  })

  it("handles a three-decimal currency (KWD)", () => {
    const cart: CartInput = {
      currency_code: "kwd",
      items: [lineItem("a", 12.345, 2, [5])], // 25.9245 incl. 1.2345 VAT
      shipping_methods: [shippingMethod("s1", 1.5, [])],
    }

    const { order } = build(cart, 27425) // 27.4245

    expect(order).toMatchObject({ amount: 27425, currency: "KWD", vat_amount: 1235 })
    expect(order.items).toEqual([
      { id: "variant_a", line_id: "a", description: "Product a", quantity: 2, amount: 25925, vat_amount: 1235, vat: 5, type: "physical" },
    ])
    expect(order.shipping_option).toMatchObject({ amount: 1500, vat_amount: 0, vat: 0 })
  })

  it("maps an empty cart to an empty order of 0", () => {
    expect(buildDinteroOrder({ currency_code: "nok", items: [] }, { amount: 0, currency: "NOK" })).toEqual({
      order: { amount: 0, currency: "NOK", vat_amount: 0, items: [] },
    })
    expect(buildDinteroOrder({}, { amount: 0, currency: "sek" }).order).toEqual({
      amount: 0,
      currency: "SEK",
      vat_amount: 0,
      items: [],
    })
  })

  it("throws OrderAmountMismatchError above the rounding tolerance instead of absorbing it", () => {
    const cart = nokCart({
      items: [lineItem("a", 100, 2, [25]), lineItem("b", 80, 1, [15]), lineItem("c", 50, 3, [12]), lineItem("d", 199, 1, [0])],
      shipping_methods: [shippingMethod("s1", 49, [25])],
    })
    // 5 converted lines: tolerance ⌊(5 + 1) / 2⌋ + 1 = 4
    const within = buildDinteroOrder(cart, { amount: 77025 + 4, currency: "NOK" }).order
    expect(within.items?.at(-1)).toMatchObject({ line_id: "rounding", amount: 4 })

    let error: unknown
    try {
      buildDinteroOrder(cart, { amount: 77025 + 500, currency: "NOK" })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(OrderAmountMismatchError)
    expect(error).toMatchObject({ expected: 77525, actual: 77025, difference: 500, tolerance: 4, currency: "NOK" })
    expect(() => buildDinteroOrder(cart, { amount: 77025 - 5, currency: "NOK" })).toThrow(OrderAmountMismatchError)
    // an empty cart cannot round to anything but 0
    expect(() => buildDinteroOrder({ items: [] }, { amount: 1, currency: "NOK" })).toThrow(
      "The cart lines add up to 0 but the amount to collect is 1",
    )
  })

  it("refuses a currency mismatch, an unknown currency and an amount that is not minor units", () => {
    const cart = nokCart({ items: [lineItem("a", 100, 1, [])] })
    expect(() => buildDinteroOrder(cart, { amount: 10000, currency: "SEK" })).toThrow(OrderCurrencyMismatchError)
    expect(() => buildDinteroOrder({}, { amount: 0, currency: "XYZ" })).toThrow(UnknownCurrencyError)
    expect(() => buildDinteroOrder(cart, { amount: 100.5, currency: "NOK" })).toThrow(RangeError)
    expect(() => buildDinteroOrder(cart, { amount: -1, currency: "NOK" })).toThrow(RangeError)
  })
})

describe("buildDinteroOrder: line ids and purity", () => {
  it("keeps line_ids unique and at most MAX_LINE_ID_LENGTH characters", () => {
    const long = "x".repeat(80)
    const cart = nokCart({
      items: [lineItem("dup", 10, 1, []), lineItem("dup", 20, 1, []), lineItem(long, 30, 1, []), lineItem(`${long}y`, 40, 1, [])],
      shipping_methods: [shippingMethod("dup", 5, [])],
    })

    // (not through medusaTotalMinor: Medusa keys its line totals by id, real carts never repeat one)
    const { order } = buildDinteroOrder(cart, { amount: 10500, currency: "NOK" })
    sessionOrderUpdateSchema.parse(order)
    const lineIds = [...(order.items ?? []).map((item) => item.line_id), order.shipping_option?.line_id]

    expect(lineIds.slice(0, 2)).toEqual(["dup", "dup-2"])
    expect(order.shipping_option?.line_id).toBe("dup-3")
    expect(new Set(lineIds).size).toBe(lineIds.length)
    expect(lineIds.every((id) => id !== undefined && id.length <= MAX_LINE_ID_LENGTH)).toBe(true)
    // stable: the same cart gives the same ids
    expect(buildDinteroOrder(cart, { amount: 10500, currency: "NOK" }).order.items?.map((i) => i.line_id)).toEqual(
      order.items?.map((i) => i.line_id),
    )
  })

  it("does not modify the cart and reads raw amounts when present", () => {
    const cart = nokCart({
      items: [lineItem("a", 10.1, 1, [25], { raw_unit_price: { value: "10.104", precision: 20 } })],
    })
    const before = structuredClone(cart)

    const { order } = buildDinteroOrder(cart, { amount: 1263, currency: "NOK" }) // 12.63 from 10.104 × 1.25

    expect(order.items?.[0].amount).toBe(1263)
    expect(cart).toEqual(before)
  })
})
