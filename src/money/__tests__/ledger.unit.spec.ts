import fc from "fast-check"
import { amountToRecord, captureToSend, LedgerError, LedgerTotals, MedusaLedger, medusaShowsAll, refundToSend } from "../ledger"

const totals = (authorized: number, captured = 0, refunded = 0): LedgerTotals => ({ authorized, captured, refunded })
const medusa = (captures: number[] = [], refunds: number[] = []): MedusaLedger => ({ captures, refunds })

describe("captureToSend: the part of Medusa's captures Dintero lacks, capped by this capture", () => {
  it.each([
    // [why, Dintero, Medusa (this capture included), this capture, expected send]
    ["first full capture", totals(10000), medusa([10000]), 10000, 10000],
    ["first partial capture", totals(10000), medusa([2500]), 2500, 2500],
    ["second partial capture", totals(10000, 2500), medusa([2500, 7500]), 7500, 7500],
    ["Backoffice captured it already: record, send nothing", totals(10000, 10000), medusa([10000]), 10000, 0],
    ["Backoffice captured part: send the rest", totals(10000, 4000), medusa([10000]), 10000, 6000],
    ["retry after a lost answer that was applied: nothing", totals(10000, 3000), medusa([3000]), 3000, 0],
    ["another Medusa capture is still on its way: only this one", totals(10000), medusa([3000, 2000]), 2000, 2000],
    ["Dintero ahead of Medusa (Backoffice not recorded yet): nothing", totals(10000, 6000), medusa([5000]), 5000, 0],
  ])("%s", (_why, dintero, records, amount, expected) => {
    expect(captureToSend(dintero, records, amount).send).toBe(expected)
  })

  it("says when Dintero cannot take that much (more than is left to capture)", () => {
    expect(captureToSend(totals(10000, 8000), medusa([8000, 3000]), 3000)).toEqual({ send: 3000, room: 2000, exceedsRoom: true })
  })

  it("refuses amounts that are not non-negative integers in minor units", () => {
    expect(() => captureToSend(totals(10000), medusa([100.5]), 100.5)).toThrow(LedgerError)
    expect(() => captureToSend(totals(10000), medusa([0]), 0)).toThrow("greater than 0")
    expect(() => captureToSend(totals(-1), medusa([1]), 1)).toThrow(LedgerError)
  })
})

describe("refundToSend", () => {
  it.each([
    ["partial refund", totals(10000, 10000), medusa([10000], [2000]), 2000, 2000],
    ["same refund made in Backoffice first: nothing", totals(10000, 10000, 2000), medusa([10000], [2000]), 2000, 0],
    ["admin retry after a lost answer that was applied: nothing", totals(10000, 10000, 2000), medusa([10000], [2000]), 2000, 0],
    ["a second, different refund", totals(10000, 10000, 2000), medusa([10000], [2000, 3000]), 3000, 3000],
  ])("%s", (_why, dintero, records, amount, expected) => {
    expect(refundToSend(dintero, records, amount).send).toBe(expected)
  })

  it("says when more is asked than is captured and not refunded", () => {
    expect(refundToSend(totals(10000, 5000), medusa([5000], [6000]), 6000)).toMatchObject({ room: 5000, exceedsRoom: true })
  })
})

describe("amountToRecord: what Dintero reports beyond Medusa's records", () => {
  it.each([
    ["in line", totals(10000, 10000, 1000), medusa([10000], [1000]), { capture: 0, refund: 0 }],
    ["Backoffice capture", totals(10000, 20000 / 2), medusa(), { capture: 10000, refund: 0 }],
    ["Backoffice partial capture and refund", totals(10000, 4000, 1000), medusa([2000]), { capture: 2000, refund: 1000 }],
    ["Medusa ahead (its own capture on the way): nothing", totals(10000, 0), medusa([5000]), { capture: 0, refund: 0 }],
  ])("%s", (_why, dintero, records, expected) => {
    expect(amountToRecord(dintero, records)).toEqual(expected)
    // Nothing to record: in line, or Medusa ahead (a callback is then settled, not kept waiting).
    expect(medusaShowsAll(dintero, records)).toBe(expected.capture === 0 && expected.refund === 0)
  })
})

/*
 * The whole money path as a model: Medusa records an admin capture or refund, then (later, under
 * the payment's lock) the provider sends the delta; the merchant captures and refunds in
 * Backoffice; callbacks (duplicated, in any order) settle; answers get lost (the operation applied,
 * the provider fails, Medusa rolls its record back). Whatever the interleaving, after a final
 * settlement Dintero's totals equal Medusa's, and the plugin never sends more than admins asked.
 */
type Op =
  | { type: "adminCapture"; amount: number; lost: boolean }
  | { type: "adminRefund"; amount: number; lost: boolean }
  | { type: "runPending"; index: number }
  | { type: "backofficeCapture"; amount: number }
  | { type: "backofficeRefund"; amount: number }
  | { type: "callback"; copies: number }

const AUTHORIZED = 20000

describe("property: any interleaving ends with Dintero's totals equal to Medusa's", () => {
  const amount = fc.integer({ min: 1, max: 12000 })
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ type: fc.constant("adminCapture" as const), amount, lost: fc.boolean() }),
    fc.record({ type: fc.constant("adminRefund" as const), amount, lost: fc.boolean() }),
    fc.record({ type: fc.constant("runPending" as const), index: fc.nat(5) }),
    fc.record({ type: fc.constant("backofficeCapture" as const), amount }),
    fc.record({ type: fc.constant("backofficeRefund" as const), amount }),
    fc.record({ type: fc.constant("callback" as const), copies: fc.integer({ min: 1, max: 5 }) })
  )

  it("holds for 2,000 random histories", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const dintero = totals(AUTHORIZED)
        const records = medusa()
        let sentByPlugin = 0
        let askedByAdmins = 0
        type Pending = { kind: "capture" | "refund"; amount: number; lost: boolean }
        const pending: Pending[] = []

        const settle = () => {
          // Under the lock: record what Dintero has beyond Medusa (Medusa's own guards apply).
          const missing = amountToRecord(dintero, records)
          if (missing.capture > 0) records.captures.push(missing.capture)
          if (missing.refund > 0) records.refunds.push(missing.refund)
        }
        const runProvider = (p: Pending) => {
          const list = p.kind === "capture" ? records.captures : records.refunds
          const index = list.indexOf(p.amount)
          const decision = p.kind === "capture" ? captureToSend(dintero, records, p.amount) : refundToSend(dintero, records, p.amount)
          if (decision.exceedsRoom) {
            list.splice(index, 1) // refused: Medusa rolls its record back
            return
          }
          if (p.kind === "capture") dintero.captured += decision.send
          else dintero.refunded += decision.send
          sentByPlugin += decision.send
          if (p.lost && decision.send > 0) {
            list.splice(index, 1) // applied, answer lost, read-back failed: Medusa rolls back
            settle() // the recheck (or Dintero's report_event callback) records what Dintero did
          }
        }

        for (const o of ops) {
          switch (o.type) {
            case "adminCapture":
              // Medusa's own guard: never more than authorized, counting its records.
              if (records.captures.reduce((a, b) => a + b, 0) + o.amount > AUTHORIZED) break
              records.captures.push(o.amount)
              askedByAdmins += o.amount
              pending.push({ kind: "capture", amount: o.amount, lost: o.lost })
              break
            case "adminRefund":
              if (records.refunds.reduce((a, b) => a + b, 0) + o.amount > records.captures.reduce((a, b) => a + b, 0)) break
              records.refunds.push(o.amount)
              askedByAdmins += o.amount
              pending.push({ kind: "refund", amount: o.amount, lost: o.lost })
              break
            case "runPending":
              if (pending.length) runProvider(pending.splice(o.index % pending.length, 1)[0])
              break
            case "backofficeCapture":
              if (dintero.captured + o.amount <= dintero.authorized) dintero.captured += o.amount
              break
            case "backofficeRefund":
              if (dintero.refunded + o.amount <= dintero.captured) dintero.refunded += o.amount
              break
            case "callback":
              for (let i = 0; i < o.copies; i++) settle()
              break
          }
        }
        while (pending.length) runProvider(pending.shift()!)
        settle()

        expect(dintero.captured).toBe(records.captures.reduce((a, b) => a + b, 0))
        expect(dintero.refunded).toBe(records.refunds.reduce((a, b) => a + b, 0))
        expect(sentByPlugin).toBeLessThanOrEqual(askedByAdmins)
      }),
      { numRuns: 2_000 }
    )
  })
})
