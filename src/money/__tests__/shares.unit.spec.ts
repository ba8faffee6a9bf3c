import { scaleShare, spreadReduction } from "../shares"

describe("spreadReduction", () => {
  it("takes the reduction off in proportion, exactly", () => {
    expect(spreadReduction([8000, 2000], 1000)).toEqual([7200, 1800])
    // 100 off three equal lines: 33/33/34 by largest remainder, first lines first on ties.
    expect(spreadReduction([300, 300, 300], 100)).toEqual([266, 267, 267])
  })
  it("leaves the lines as they are for nothing to take off, and empties them for everything", () => {
    expect(spreadReduction([500, 700], 0)).toEqual([500, 700])
    expect(spreadReduction([500, 700], 1200)).toEqual([0, 0])
    expect(spreadReduction([0, 0], 0)).toEqual([0, 0])
  })
  it("refuses what it cannot do", () => {
    expect(() => spreadReduction([100], 101)).toThrow(RangeError)
    expect(() => spreadReduction([100.5], 1)).toThrow(RangeError)
    expect(() => spreadReduction([-1, 5], 1)).toThrow(RangeError)
    expect(() => spreadReduction([100], -1)).toThrow(RangeError)
  })
  it("always sums to the lines less the reduction, no line below zero (random cases)", () => {
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let run = 0; run < 2000; run++) {
      const amounts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * 100_000))
      const whole = amounts.reduce((a, b) => a + b, 0)
      const reduction = Math.floor(random() * (whole + 1))
      const result = spreadReduction(amounts, reduction)
      expect(result.reduce((a, b) => a + b, 0)).toBe(whole - reduction)
      result.forEach((part, index) => {
        expect(part).toBeGreaterThanOrEqual(0)
        expect(part).toBeLessThanOrEqual(amounts[index]!)
      })
    }
  })
})

describe("scaleShare", () => {
  it("scales a line's VAT with its amount, rounded", () => {
    expect(scaleShare(2500, 6250, 12500)).toBe(1250)
    expect(scaleShare(1949, 1000, 14939)).toBe(130)
    expect(scaleShare(100, 0, 0)).toBe(0)
  })
})
