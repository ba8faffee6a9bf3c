import { capturedAmount, DinteroTransaction, refundedAmount, remainingToCapture, remainingToRefund, uncapturedItems, unrefundedItems } from ".."

const base: DinteroTransaction = {
  id: "T12345678.tx",
  amount: 10000,
  currency: "NOK",
  status: "AUTHORIZED",
  items: [
    { line_id: "item_1", amount: 6000, quantity: 2 },
    { line_id: "ship_1", amount: 4000, quantity: 1 },
  ],
  events: [{ event: "AUTHORIZE", success: true, amount: 10000 }],
}

describe("transaction totals", () => {
  it("derives captured and refunded totals from successful events only", () => {
    const tx: DinteroTransaction = {
      ...base,
      status: "PARTIALLY_CAPTURED_REFUNDED",
      events: [
        ...(base.events ?? []),
        { event: "CAPTURE", success: true, amount: 6000, items: [{ line_id: "item_1", amount: 6000 }] },
        { event: "CAPTURE", success: false, amount: 4000 },
        { event: "REFUND", success: true, amount: 1000 },
      ],
    }
    expect(capturedAmount(tx)).toBe(6000)
    expect(refundedAmount(tx)).toBe(1000)
    expect(remainingToCapture(tx)).toBe(4000)
    expect(remainingToRefund(tx)).toBe(5000)
    expect(uncapturedItems(tx)).toEqual([{ line_id: "ship_1", amount: 4000, quantity: 1 }])
  })

  it("lists every line, shipping included, before any capture", () => {
    expect(uncapturedItems(base)).toEqual([
      { line_id: "item_1", amount: 6000, quantity: 2 },
      { line_id: "ship_1", amount: 4000, quantity: 1 },
    ])
  })

  it("gives no lines when an earlier capture cannot be attributed to lines", () => {
    const tx: DinteroTransaction = { ...base, events: [{ event: "CAPTURE", success: true, amount: 3000 }] }
    expect(uncapturedItems(tx)).toBeUndefined()
    expect(remainingToCapture(tx)).toBe(7000)
  })

  it("lists the captured lines for a full refund", () => {
    const tx: DinteroTransaction = {
      ...base,
      status: "CAPTURED",
      events: [
        { event: "CAPTURE", success: true, amount: 10000, items: [{ line_id: "item_1", amount: 6000 }, { line_id: "ship_1", amount: 4000 }] },
      ],
    }
    expect(unrefundedItems(tx)).toEqual([
      { line_id: "item_1", amount: 6000, quantity: 2 },
      { line_id: "ship_1", amount: 4000, quantity: 1 },
    ])
  })
})
