import { MedusaError } from "@medusajs/framework/utils"
import { savedCardView } from "../../../modules/dintero-saved-cards"
import { isExpired } from "../../../modules/dintero-saved-cards/types"
import type { DinteroTransaction } from "../../../dintero"
import { chargeDue, isUnrecordedCharge, merchantInitiatedRequest, readChargeData } from "../merchant-initiated"
import { cardConfiguration, customerOfTransaction, savedCardOf } from "../saved-cards"
import { storefrontDataKeysToDrop } from "../session-data"

/* The pure parts of saved cards: what is stored of a transaction, what is shown, and when a charge is due. */

const paidCard = (overrides: Partial<DinteroTransaction> = {}): DinteroTransaction =>
  ({
    id: "T12345678.tx1",
    amount: 10000,
    currency: "NOK",
    status: "AUTHORIZED",
    payment_product_type: "payex.creditcard",
    card: { brand: "visa", masked_pan: "400000******0002", expiry_date: "12/2030", type: "Credit", payment_token_id: "ab12", payment_token: "secret-token" },
    metadata: { ext_medusa_customer_id: "cus_1" },
    ...overrides,
  }) as DinteroTransaction

describe("saving a card", () => {
  it("asks the card product for a token, on payex's or bambora's place", () => {
    expect(cardConfiguration("payex.creditcard", true)).toEqual({ payex: { creditcard: { enabled: true, generate_payment_token: true } } })
    expect(cardConfiguration("bambora.creditcard", false)).toEqual({ bambora: { creditcard: { enabled: true } } })
  })

  it("stores a tokenized card transaction's card for the customer Dintero's metadata names", () => {
    const transaction = paidCard()
    expect(customerOfTransaction(transaction)).toBe("cus_1")
    expect(savedCardOf(transaction, "pp_dintero_dintero", "cus_1")).toEqual({
      provider_id: "pp_dintero_dintero",
      customer_id: "cus_1",
      payment_product_type: "payex.creditcard",
      payment_token_id: "ab12",
      payment_token: "secret-token",
      brand: "visa",
      masked_pan: "400000******0002",
      expiry_date: "12/2030",
      card_type: "Credit",
      transaction_id: "T12345678.tx1",
    })
  })

  it("stores nothing without a token or for a product that does not tokenize", () => {
    expect(savedCardOf(paidCard({ card: { brand: "visa", payment_token_id: "ab12" } }), "pp", "cus_1")).toBeUndefined()
    expect(savedCardOf(paidCard({ payment_product_type: "dintero_psp.creditcard" }), "pp", "cus_1")).toBeUndefined()
    expect(customerOfTransaction(paidCard({ metadata: {} } as Partial<DinteroTransaction>))).toBeUndefined()
  })

  it("shows a saved card without its token or Dintero's token id", () => {
    const view = savedCardView({
      id: "dcard_1",
      provider_id: "pp",
      customer_id: "cus_1",
      payment_product_type: "payex.creditcard",
      payment_token_id: "ab12",
      payment_token: "secret-token",
      brand: "visa",
      masked_pan: "400000******0002",
      expiry_date: "12/2030",
      card_type: "Credit",
      transaction_id: "T1",
      blocked_reason: "CARD_BLOCKED: no",
      created_at: new Date("2026-12-07T10:00:00Z"),
    })
    expect(view).toEqual({
      id: "dcard_1",
      brand: "visa",
      masked_pan: "400000******0002",
      expiry_date: "12/2030",
      card_type: "Credit",
      payment_product_type: "payex.creditcard",
      blocked: true,
      expired: false,
      created_at: "2026-12-07T10:00:00.000Z",
    })
    expect(JSON.stringify(view)).not.toMatch(/secret-token|ab12/)
  })

  it("says a card is expired after its expiry month, not during it", () => {
    const now = new Date("2026-12-07T10:00:00Z")
    expect(isExpired("12/2026", now)).toBe(false)
    expect(isExpired("11/2026", now)).toBe(true)
    expect(isExpired("01/27", now)).toBe(false)
    expect(isExpired("1/2020", now)).toBe(true)
    expect(isExpired(null, now)).toBe(false)
    expect(isExpired("soon", now)).toBe(false)
  })

  it("keeps the storefront's saved-card keys and drops a charge it asks for", () => {
    expect(storefrontDataKeysToDrop({ save_payment_method: true, payment_method_id: "dcard_1", merchant_initiated: true, session_id: "payses_1" })).toEqual({
      merchant_initiated: undefined,
    })
  })
})

describe("merchant-initiated charges", () => {
  const pending = { session_id: "payses_1", merchant_reference: "payses_1", amount: 500, currency: "NOK", merchant_initiated: true, payment_method_id: "dcard_1" }

  it("are asked for in the session's context only, naming the card", () => {
    expect(merchantInitiatedRequest({})).toBeUndefined()
    expect(merchantInitiatedRequest({ dintero_merchant_initiated: { payment_method_id: "dcard_1" } })).toEqual({ payment_method_id: "dcard_1" })
    expect(() => merchantInitiatedRequest({ dintero_merchant_initiated: {} })).toThrow(MedusaError)
    expect(() => merchantInitiatedRequest({ dintero_merchant_initiated: {} })).toThrow(/payment_method_id is required/)
  })

  it("charge when not charged yet or after a failure Dintero lets us retry; never after DO_NOT_RETRY or once paid", () => {
    expect(chargeDue(pending)).toBe(true)
    expect(chargeDue({ ...pending, transaction_id: "T1", transaction_status: "FAILED" })).toBe(true)
    expect(chargeDue({ ...pending, transaction_id: "T1", transaction_status: "FAILED", do_not_retry: true })).toBe(false)
    expect(chargeDue({ ...pending, transaction_id: "T1", transaction_status: "AUTHORIZED" })).toBe(false)
    expect(chargeDue({ ...pending, merchant_initiated: undefined })).toBe(false)
    expect(readChargeData(pending)).toMatchObject({ amount: 500, payment_method_id: "dcard_1" })
    expect(() => readChargeData({ ...pending, amount: 0 })).toThrow(/amount/)
  })

  it("are unrecorded until Medusa has the charge's Dintero session", () => {
    expect(isUnrecordedCharge(pending)).toBe(true)
    expect(isUnrecordedCharge({ ...pending, dintero_session_id: "T12345678.s1" })).toBe(false)
    expect(isUnrecordedCharge({ dintero_session_id: undefined })).toBe(false)
  })
})
