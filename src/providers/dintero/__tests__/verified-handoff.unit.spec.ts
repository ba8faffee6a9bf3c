import type { DinteroTransaction } from "../../../dintero"
import { handedOverCount, handOverVerifiedTransaction, takeVerifiedTransaction } from "../verified-handoff"

const transaction = (id: string) => ({ id, status: "AUTHORIZED", amount: 100, currency: "NOK", events: [] }) as unknown as DinteroTransaction

describe("the verified transaction hand-over", () => {
  it("gives the transaction to the one authorization that takes it", () => {
    handOverVerifiedTransaction("payses_once", transaction("T1"), 1_000)
    expect(takeVerifiedTransaction("payses_once", 1_001)?.id).toBe("T1")
    expect(takeVerifiedTransaction("payses_once", 1_002)).toBeUndefined()
  })

  it("forgets a hand-over after 10 seconds", () => {
    handOverVerifiedTransaction("payses_old", transaction("T2"), 1_000)
    expect(takeVerifiedTransaction("payses_old", 11_000)).toBeUndefined()
  })

  it("holds at most 256 entries, dropping the oldest, however many payments pass", () => {
    for (let i = 0; i < 5_000; i++) handOverVerifiedTransaction(`payses_${i}`, transaction(`T${i}`), 2_000)
    expect(handedOverCount()).toBe(256)
    expect(takeVerifiedTransaction("payses_0", 2_001)).toBeUndefined()
    expect(takeVerifiedTransaction("payses_4999", 2_001)?.id).toBe("T4999")
  })

  it("drops expired entries as new ones arrive", () => {
    for (let i = 0; i < 100; i++) handOverVerifiedTransaction(`payses_e${i}`, transaction(`E${i}`), 50_000)
    handOverVerifiedTransaction("payses_late", transaction("L"), 70_000)
    expect(handedOverCount()).toBe(1)
  })
})
