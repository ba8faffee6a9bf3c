import { sessionStatusOf, webhookActionOf } from "../status"

const open = { cancelled_at: null, expires_at: new Date(Date.now() + 60_000).toISOString() }
const cancelled = { cancelled_at: new Date().toISOString(), expires_at: null }
const expired = { cancelled_at: null, expires_at: new Date(Date.now() - 1_000).toISOString() }

describe("Dintero → Medusa status mapping", () => {
  it.each([
    ["AUTHORIZED", "authorized", "authorized"],
    ["ON_HOLD", "pending_authorization", "pending_authorization"],
    ["CAPTURED", "captured", "captured"],
    ["PARTIALLY_CAPTURED", "captured", "captured"],
    ["PARTIALLY_CAPTURED_REFUNDED", "captured", "not_supported"],
    ["PARTIALLY_REFUNDED", "captured", "not_supported"],
    ["REFUNDED", "captured", "not_supported"],
    ["AUTHORIZATION_VOIDED", "canceled", "canceled"],
    ["DECLINED", "error", "failed"],
    ["FAILED", "error", "failed"],
    ["INITIATED", "pending", "pending"],
    ["UNKNOWN", "pending", "pending"],
    ["SOMETHING_NEW", "pending", "pending"],
  ])("transaction %s → session %s, webhook %s", (status, sessionStatus, action) => {
    expect(sessionStatusOf(open, { status })).toBe(sessionStatus)
    expect(webhookActionOf(open, { status })).toBe(action)
  })

  it("a session without a transaction is pending while open, canceled once cancelled or expired", () => {
    expect(sessionStatusOf(open, undefined)).toBe("pending")
    expect(sessionStatusOf({ cancelled_at: null, expires_at: null }, undefined)).toBe("pending")
    expect(sessionStatusOf(cancelled, undefined)).toBe("canceled")
    expect(sessionStatusOf(expired, undefined)).toBe("canceled")
    expect(webhookActionOf(open, undefined)).toBe("not_supported")
    expect(webhookActionOf(undefined, undefined)).toBe("not_supported")
    expect(webhookActionOf(cancelled, undefined)).toBe("canceled")
  })

  it("a transaction decides even on a cancelled session", () => {
    expect(sessionStatusOf(cancelled, { status: "AUTHORIZED" })).toBe("authorized")
  })
})
