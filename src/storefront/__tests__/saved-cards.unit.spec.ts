import { readCardSaveReturn, savedCardLabel, savedCardPath } from "../saved-cards"

describe("saved cards in a storefront", () => {
  it("labels a card by brand, last four digits and expiry", () => {
    expect(savedCardLabel({ brand: "visa", masked_pan: "400000******0002", expiry_date: "12/2030" })).toBe("VISA •••• 0002, 12/2030")
    expect(savedCardLabel({ brand: null, masked_pan: null, expiry_date: null })).toBe("Card")
  })

  it("reads the return from saving a card, and names a card's route", () => {
    expect(readCardSaveReturn("?transaction_id=T1.abc&merchant_reference=save-card-1")).toEqual({ transactionId: "T1.abc", error: undefined })
    expect(readCardSaveReturn(new URLSearchParams("error=cancelled"))).toEqual({ transactionId: undefined, error: "cancelled" })
    expect(savedCardPath("dcard/1")).toBe("/store/dintero/payment-methods/dcard%2F1")
  })
})
