import { lineLedgerOf, paymentProductRules, type DinteroTransaction } from "../../dintero"
import { captureItemsOf, planCapture, planRefund, type LineDemand } from "../operation-lines"
import { demandOf, mapLines, unitsOf } from "../order-demand"

// 2 sweaters (119800 incl. 23960 VAT), 1 coffee (12990), shipping (4900): 137690 authorized.
function transaction(events: DinteroTransaction["events"] = [], product = "collector.invoice"): DinteroTransaction {
  return {
    id: "T1",
    amount: 137690,
    currency: "NOK",
    status: "AUTHORIZED",
    payment_product_type: product,
    items: [
      { line_id: "cali_sweater", quantity: 2, amount: 119800, vat: 25, vat_amount: 23960, description: "Wool sweater" },
      { line_id: "cali_coffee", quantity: 1, amount: 12990, vat: 15, vat_amount: 1694 },
      { line_id: "casm_post", quantity: 1, amount: 4900, vat: 25, vat_amount: 980, type: "shipping" },
    ],
    events,
  }
}
const format = (minor: number) => `${minor / 100} NOK`
const demand = (entries: Record<string, Partial<LineDemand>>) =>
  new Map(Object.entries(entries).map(([id, d]) => [id, { ordered: 0, fulfilled: 0, returned: 0, ...d }]))
const plan = (tx: DinteroTransaction, amount: number, d?: ReturnType<typeof demand>) =>
  ({ ledger: lineLedgerOf(tx), rules: paymentProductRules(tx.payment_product_type), product: tx.payment_product_type!, amount, demand: d, format })
const lines = (items: { line_id: string; quantity?: number; amount: number }[]) => items.map((i) => [i.line_id, i.quantity, i.amount])

describe("planCapture", () => {
  const shippedSweaters = demand({ cali_sweater: { ordered: 2, fulfilled: 2 }, cali_coffee: { ordered: 1 }, casm_post: { ordered: 1, fulfilled: 1 } })

  it("the shipped lines, shipping with the first capture", () => {
    const result = planCapture(plan(transaction(), 124700, shippedSweaters))
    expect(result).toMatchObject({ kind: "lines", label: "the shipped lines not captured yet", releasesRest: false })
    if (result.kind !== "lines") throw new Error("lines expected")
    expect(lines(result.items)).toEqual([["cali_sweater", 2, 119800], ["casm_post", 1, 4900]])
    expect(result.items[0]).toMatchObject({ vat: 25, vat_amount: 23960, description: "Wool sweater" })
  })

  it("everything that remains after an earlier capture by lines, without the shipping again", () => {
    const tx = transaction([{ event: "CAPTURE", success: true, amount: 124700, items: [{ line_id: "cali_sweater", amount: 119800, quantity: 2 }, { line_id: "casm_post", amount: 4900, quantity: 1 }] }])
    const result = planCapture(plan(tx, 12990, shippedSweaters))
    expect(result.kind === "lines" && lines(result.items)).toEqual([["cali_coffee", 1, 12990]])
  })

  it("Walley refuses part of a line and names the amounts that would work", () => {
    const oneSweater = demand({ cali_sweater: { ordered: 2, fulfilled: 1 }, cali_coffee: { ordered: 1 }, casm_post: { ordered: 1, fulfilled: 1 } })
    expect(planCapture(plan(transaction(), 64800, oneSweater))).toEqual({
      kind: "refused",
      message:
        "Nothing was sent to Dintero: collector.invoice captures by order line (whole lines only), and 648 NOK is not the amount of any set of lines. Capture 1376.9 NOK (everything not captured yet).",
    })
  })

  it("a card takes part of a line, and a free amount as an amount alone", () => {
    const oneSweater = demand({ cali_sweater: { ordered: 2, fulfilled: 1 }, cali_coffee: { ordered: 1 }, casm_post: { ordered: 1, fulfilled: 1 } })
    const card = transaction([], "dintero_psp.creditcard")
    const result = planCapture(plan(card, 64800, oneSweater))
    expect(result.kind === "lines" && lines(result.items)).toEqual([["cali_sweater", 1, 59900], ["casm_post", 1, 4900]])
    expect(planCapture(plan(card, 1000, oneSweater))).toEqual({ kind: "amount" })
  })

  it("Instabank never sends an amount alone, even after a capture without lines", () => {
    const tx = transaction([{ event: "CAPTURE", success: true, amount: 1000 }], "instabank.finance")
    expect(planCapture(plan(tx, 136690))).toMatchObject({ kind: "refused" })
    expect(planCapture(plan(transaction([], "instabank.finance"), 1000))).toMatchObject({ kind: "refused" })
  })

  it("releases the rest when every line the order still has is captured (an edit removed the coffee)", () => {
    const noCoffee = demand({ cali_sweater: { ordered: 2, fulfilled: 2 }, cali_coffee: { ordered: 0 }, casm_post: { ordered: 1, fulfilled: 1 } })
    expect(planCapture(plan(transaction([], "vipps"), 124700, noCoffee))).toMatchObject({ kind: "lines", releasesRest: true })
    expect(planCapture(plan(transaction([], "vipps"), 124700, shippedSweaters))).toMatchObject({ kind: "lines", releasesRest: false })
  })

  it("slices of a line add up to the line: three captures of one unit of a 1000-øre line of 3", () => {
    const tx: DinteroTransaction = { id: "T", amount: 1000, currency: "NOK", status: "AUTHORIZED", payment_product_type: "vipps", items: [{ line_id: "a", quantity: 3, amount: 1000 }], events: [] }
    const sent: number[] = []
    for (let n = 1; n <= 3; n++) {
      const items = captureItemsOf(lineLedgerOf(tx), { label: "f", units: new Map([["a", 1]]) })
      sent.push(items[0]!.amount)
      tx.events!.push({ event: "CAPTURE", success: true, amount: items[0]!.amount, items: items.map((i) => ({ ...i })) })
    }
    expect(sent).toEqual([333, 334, 333])
  })
})

describe("planRefund", () => {
  const captured = transaction([{ event: "CAPTURE", success: true, amount: 137690, items: [
    { line_id: "cali_sweater", amount: 119800, quantity: 2 },
    { line_id: "cali_coffee", amount: 12990, quantity: 1 },
    { line_id: "casm_post", amount: 4900, quantity: 1 },
  ] }])

  it("the returned lines, with or without the shipping, or everything", () => {
    const returned = demand({ cali_sweater: { ordered: 2, fulfilled: 2, returned: 1 } })
    const one = planRefund(plan(captured, 59900, returned))
    expect(one.kind === "lines" && lines(one.items)).toEqual([["cali_sweater", 1, 59900]])
    const withShipping = planRefund(plan(captured, 64800, returned))
    expect(withShipping.kind === "lines" && lines(withShipping.items)).toEqual([["cali_sweater", 1, 59900], ["casm_post", 1, 4900]])
    const all = planRefund(plan(captured, 137690, returned))
    expect(all.kind === "lines" && all.items).toHaveLength(3)
  })

  it("a free amount is refused for invoice products, naming the returned lines' amount", () => {
    const returned = demand({ cali_coffee: { ordered: 1, fulfilled: 1, returned: 1 } })
    expect(planRefund(plan(captured, 1000, returned))).toMatchObject({
      kind: "refused",
      message: expect.stringContaining("129.9 NOK (the returned lines not refunded yet)"),
    })
  })
})

describe("mapLines and demandOf", () => {
  it("pairs the cart's lines with the order's by variant, title, price and metadata", () => {
    const order = {
      id: "order_1",
      items: [
        { id: "ordli_2", variant_id: "v_coffee", title: "Coffee", unit_price: 129.9, quantity: 1, detail: { quantity: 1, fulfilled_quantity: 1, return_received_quantity: 0 } },
        { id: "ordli_1", variant_id: "v_sweater", title: "Sweater", unit_price: 599, quantity: 2, detail: { quantity: 2, fulfilled_quantity: 0, return_received_quantity: 0 } },
      ],
      shipping_methods: [{ id: "ordsm_1", shipping_option_id: "so_1", amount: 49 }],
    }
    const cart = {
      items: [
        { id: "cali_sweater", variant_id: "v_sweater", title: "Sweater", unit_price: 599, quantity: 2 },
        { id: "cali_coffee", variant_id: "v_coffee", title: "Coffee", unit_price: 129.9, quantity: 1 },
      ],
      shipping_methods: [{ id: "casm_post", shipping_option_id: "so_1", amount: 49 }],
    }
    const map = mapLines(["cali_sweater", "cali_coffee", "casm_post"], order, cart)
    expect([...map.toOrderLine].sort()).toEqual([["cali_coffee", "ordli_2"], ["cali_sweater", "ordli_1"], ["casm_post", "ordsm_1"]])
    expect(demandOf(order, map).get("cali_coffee")).toEqual({ ordered: 1, fulfilled: 1, returned: 0 })
    expect(demandOf(order, map).get("casm_post")).toEqual({ ordered: 1, fulfilled: 1, returned: 0 })
    expect([...unitsOf("f", [{ line_item_id: "ordli_1", quantity: 2 }], map).units]).toEqual([["cali_sweater", 2]])
  })
})
