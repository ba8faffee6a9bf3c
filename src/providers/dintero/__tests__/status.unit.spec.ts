import { isPaidOrHeld, sessionStatusOf, settlementKindOf } from "../status"

const open = { cancelled_at: null, expires_at: new Date(Date.now() + 60_000).toISOString() }
const cancelled = { cancelled_at: new Date().toISOString(), expires_at: null }
const expired = { cancelled_at: null, expires_at: new Date(Date.now() - 1_000).toISOString() }

const capture = (amount: number) => ({ event: "CAPTURE", success: true, amount })
const transaction = (status: string, captured = 0) => ({ status, amount: 10000, events: captured ? [capture(captured)] : [] })

describe("Dintero → Medusa status mapping", () => {
  it.each([
    ["AUTHORIZED", 0, "authorized", "paid"],
    ["ON_HOLD", 0, "pending_authorization", "on_hold"],
    ["CAPTURED", 10000, "captured", "paid"],
    ["PARTIALLY_CAPTURED", 4000, "authorized", "paid"],
    ["PARTIALLY_CAPTURED_REFUNDED", 4000, "authorized", "paid"],
    ["PARTIALLY_REFUNDED", 10000, "captured", "paid"],
    ["REFUNDED", 10000, "captured", "paid"],
    ["AUTHORIZATION_VOIDED", 0, "canceled", "voided"],
    ["DECLINED", 0, "error", "failed"],
    ["FAILED", 0, "error", "failed"],
    ["INITIATED", 0, "pending", "open"],
    ["UNKNOWN", 0, "pending", "open"],
    ["SOMETHING_NEW", 0, "pending", "open"],
  ])("transaction %s (captured %d) → session %s, settlement %s", (status, captured, sessionStatus, kind) => {
    expect(sessionStatusOf(open, transaction(status, captured) as never)).toBe(sessionStatus)
    expect(settlementKindOf(open, { status } as never)).toBe(kind)
  })

  it("a session without a transaction is pending while open, canceled once cancelled or expired", () => {
    expect(sessionStatusOf(open, undefined)).toBe("pending")
    expect(sessionStatusOf({ cancelled_at: null, expires_at: null }, undefined)).toBe("pending")
    expect(sessionStatusOf(cancelled, undefined)).toBe("canceled")
    expect(sessionStatusOf(expired, undefined)).toBe("canceled")
    expect(settlementKindOf(open, undefined)).toBe("open")
    expect(settlementKindOf(undefined, undefined)).toBe("open")
    expect(settlementKindOf(cancelled, undefined)).toBe("canceled")
  })

  it("a transaction decides even on a cancelled session", () => {
    expect(sessionStatusOf(cancelled, transaction("AUTHORIZED") as never)).toBe("authorized")
  })
})

describe("the transaction that decides a session's payment", () => {
  it.each([
    ["ON_HOLD", true],
    ["AUTHORIZED", true],
    ["PARTIALLY_CAPTURED", true],
    ["CAPTURED", true],
    ["PARTIALLY_CAPTURED_REFUNDED", true],
    ["PARTIALLY_REFUNDED", true],
    ["REFUNDED", true],
    ["AUTHORIZATION_VOIDED", true],
    ["INITIATED", false],
    ["DECLINED", false],
    ["FAILED", false],
    ["UNKNOWN", false],
    ["A_STATUS_DINTERO_ADDS_LATER", false],
  ])("%s → %s", (status, expected) => {
    expect(isPaidOrHeld({ status })).toBe(expected)
  })
})
