import { currencyExponent, fromMinorUnits, toMinorUnits, UnknownCurrencyError } from ".."

describe("currency exponents (ISO 4217)", () => {
  it.each([
    ["NOK", 2],
    ["sek", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["ISK", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["TND", 3],
    ["CLF", 4],
  ])("%s has %i decimals", (code, digits) => {
    expect(currencyExponent(code)).toBe(digits)
  })

  it("rejects codes that are not ISO 4217 currencies", () => {
    expect(() => currencyExponent("XYZ")).toThrow(UnknownCurrencyError)
    expect(() => toMinorUnits(10, "nokk")).toThrow('"nokk" is not an ISO 4217 currency code')
  })
})

describe("toMinorUnits", () => {
  it("converts 2-, 0- and 3-decimal currencies", () => {
    expect(toMinorUnits(199.5, "nok")).toBe(19950)
    expect(toMinorUnits(1000, "JPY")).toBe(1000)
    expect(toMinorUnits("12.345", "KWD")).toBe(12345)
    expect(toMinorUnits(0, "NOK")).toBe(0)
  })

  it("rounds the exact decimal half away from zero, never through a float product", () => {
    // 1.005 * 100 is 100.49999999999999 in floating point
    expect(toMinorUnits(1.005, "NOK")).toBe(101)
    expect(toMinorUnits("652.0244", "NOK")).toBe(65202)
    expect(toMinorUnits("652.025", "NOK")).toBe(65203)
    expect(toMinorUnits("99.5", "JPY")).toBe(100)
    expect(toMinorUnits("-2.505", "EUR")).toBe(-251)
  })

  it("accepts every shape Medusa passes an amount in", () => {
    expect(toMinorUnits({ value: "50.25", precision: 20 }, "NOK")).toBe(5025)
    expect(toMinorUnits({ raw: { value: "10.1" }, numeric: 10.1 }, "NOK")).toBe(1010)
    expect(toMinorUnits({ numeric: 3 }, "NOK")).toBe(300)
  })

  it("refuses values that are not amounts", () => {
    expect(() => toMinorUnits("abc", "NOK")).toThrow("Not a valid amount")
    expect(() => toMinorUnits(Number.NaN, "NOK")).toThrow("Not a valid amount")
    expect(() => toMinorUnits(1e300, "NOK")).toThrow("Not a valid amount")
  })
})

describe("fromMinorUnits", () => {
  it("converts back exactly", () => {
    expect(fromMinorUnits(19950, "NOK")).toBe(199.5)
    expect(fromMinorUnits(1000, "JPY")).toBe(1000)
    expect(fromMinorUnits(12345, "KWD")).toBe(12.345)
    expect(fromMinorUnits(1, "NOK")).toBe(0.01)
  })

  it("refuses non-integers", () => {
    expect(() => fromMinorUnits(1.5, "NOK")).toThrow("Not a valid amount")
  })
})
