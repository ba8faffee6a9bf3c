import { isDinteroProviderId, pendingDinteroSession } from "../index"

describe("pendingDinteroSession", () => {
  const session = (id: string, provider_id: string, status: string) => ({ id, provider_id, status, data: {} })

  it("finds the pending Dintero session among the collection's sessions", () => {
    const collection = {
      payment_sessions: [session("ps_1", "pp_system_default", "pending"), session("ps_2", "pp_dintero_dintero", "authorized"), session("ps_3", "pp_dintero_nordic", "pending")],
    }
    expect(pendingDinteroSession(collection)?.id).toBe("ps_3")
  })

  it("has none without a collection, sessions, or a pending Dintero one", () => {
    expect(pendingDinteroSession(undefined)).toBeUndefined()
    expect(pendingDinteroSession({ payment_sessions: null })).toBeUndefined()
    expect(pendingDinteroSession({ payment_sessions: [session("ps_1", "pp_dintero_dintero", "authorized")] })).toBeUndefined()
    // A provider that only starts with the letters is not Dintero's.
    expect(pendingDinteroSession({ payment_sessions: [session("ps_1", "pp_dinterox", "pending")] })).toBeUndefined()
  })

  it("recognises Dintero provider ids", () => {
    expect(isDinteroProviderId("pp_dintero_dintero")).toBe(true)
    expect(isDinteroProviderId("pp_stripe_stripe")).toBe(false)
  })
})
