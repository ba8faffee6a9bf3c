import type { DinteroTransaction } from "../../../dintero"
import { liveLinesOf } from "../steps/read-payment"

// 2 sweaters (119800), shipping (4900): 124700 authorized.
function transaction(events: DinteroTransaction["events"]): DinteroTransaction {
  return {
    id: "T1",
    amount: 124700,
    currency: "NOK",
    status: "PARTIALLY_CAPTURED",
    items: [
      { line_id: "cali_sweater", quantity: 2, amount: 119800, vat: 25, vat_amount: 23960, description: "Wool sweater" },
      { line_id: "casm_post", quantity: 1, amount: 4900, type: "shipping" },
    ],
    events,
  }
}

describe("liveLinesOf", () => {
  it("maps each line with what its successful captures and refunds name", () => {
    const live = liveLinesOf(
      transaction([
        { event: "CAPTURE", success: true, amount: 64800, items: [{ line_id: "cali_sweater", quantity: 1, amount: 59900 }, { line_id: "casm_post", quantity: 1, amount: 4900 }] },
        { event: "CAPTURE", success: false, amount: 59900, items: [{ line_id: "cali_sweater", quantity: 1, amount: 59900 }] },
        { event: "REFUND", success: true, amount: 59900, items: [{ line_id: "cali_sweater", quantity: 1, amount: 59900 }] },
      ])
    )
    expect(live.lines_attributable).toBe(true)
    expect(live.lines).toEqual([
      {
        line_id: "cali_sweater",
        description: "Wool sweater",
        quantity: 2,
        amount: 119800,
        captured: { quantity: 1, amount: 59900 },
        refunded: { quantity: 1, amount: 59900 },
        shipping: false,
      },
      {
        line_id: "casm_post",
        description: null,
        quantity: 1,
        amount: 4900,
        captured: { quantity: 1, amount: 4900 },
        refunded: { quantity: 0, amount: 0 },
        shipping: true,
      },
    ])
  })

  it("says the per-line figures are incomplete after an operation by amount alone", () => {
    const live = liveLinesOf(transaction([{ event: "CAPTURE", success: true, amount: 10000 }]))
    expect(live.lines_attributable).toBe(false)
    expect(live.lines.map((line) => line.captured)).toEqual([{ quantity: 0, amount: 0 }, { quantity: 0, amount: 0 }])
  })

  it("has no lines when Dintero has no items", () => {
    expect(liveLinesOf({ ...transaction([]), items: undefined })).toEqual({ lines: [], lines_attributable: true })
  })
})
