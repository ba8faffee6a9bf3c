import { AmountInput, toMinorUnits } from "./minor-units"

/**
 * The one place where money is compared between Dintero and Medusa: pure arithmetic on integer
 * minor units (øre, cents), no I/O, no floats.
 *
 * Dintero's side is what its transaction reports (successful CAPTURE and REFUND events); Medusa's
 * side is the captures and refunds it has recorded on the payment. The plugin keeps the two equal:
 * - a money move it sends to Dintero (admin capture or refund) is only the part of Medusa's
 *   records that Dintero does not have yet ({@link amountToSend});
 * - what Dintero has and Medusa has not (an operation made in Dintero Backoffice, an
 *   auto-capture, an operation whose answer was lost) is recorded in Medusa, never sent again
 *   ({@link amountToRecord}).
 */

export type LedgerTotals = {
  /** Dintero: the transaction's authorized amount. */
  authorized: number
  /** Dintero: successful captures, summed. */
  captured: number
  /** Dintero: successful refunds, summed. */
  refunded: number
}

export type MedusaLedger = {
  /** Every capture recorded on the Medusa payment, the one being made included (minor units). */
  captures: number[]
  /** Every refund recorded on the Medusa payment, the one being made included (minor units). */
  refunds: number[]
}

export class LedgerError extends Error {}

/** Medusa's captures and refunds (amounts as Medusa returns them) as a ledger in minor units. */
export function medusaLedgerOf(
  records: { captures?: readonly { amount: unknown }[] | null; refunds?: readonly { amount: unknown }[] | null } | null | undefined,
  currency: string
): MedusaLedger {
  const minor = (rows: readonly { amount: unknown }[] | null | undefined) => (rows ?? []).map((row) => toMinorUnits(row.amount as AmountInput, currency))
  return { captures: minor(records?.captures), refunds: minor(records?.refunds) }
}

/**
 * How much to send to Dintero for one Medusa capture or refund of `amount`: the part of Medusa's
 * total (this operation included) that Dintero does not have yet, never more than `amount`
 * itself. 0 means "Dintero already has it": record it, send nothing. `exceedsRoom` says that
 * Dintero cannot take that much (more than is left to capture, or to refund): refuse it.
 *
 * Retries are safe by construction: an operation that reached Dintero (whatever its reference)
 * is in Dintero's total, so repeating it finds nothing left to send.
 */
export function amountToSend(input: { amount: number; medusaTotal: number; dinteroTotal: number; room: number }): {
  send: number
  room: number
  exceedsRoom: boolean
} {
  for (const [name, value] of Object.entries(input)) assertMinor(name, value)
  if (input.amount <= 0) throw new LedgerError(`amount must be greater than 0, got ${input.amount}`)
  const send = Math.max(0, Math.min(input.amount, input.medusaTotal - input.dinteroTotal))
  return { send, room: input.room, exceedsRoom: send > input.room }
}

/** The capture to send for a Medusa capture of `amount` (its row included in `medusa.captures`). */
export function captureToSend(dintero: LedgerTotals, medusa: MedusaLedger, amount: number) {
  assertTotals(dintero)
  return amountToSend({
    amount,
    medusaTotal: sum(medusa.captures),
    dinteroTotal: dintero.captured,
    room: Math.max(0, dintero.authorized - dintero.captured),
  })
}

/** The refund to send for a Medusa refund of `amount` (its row included in `medusa.refunds`). */
export function refundToSend(dintero: LedgerTotals, medusa: MedusaLedger, amount: number) {
  assertTotals(dintero)
  return amountToSend({
    amount,
    medusaTotal: sum(medusa.refunds),
    dinteroTotal: dintero.refunded,
    room: Math.max(0, dintero.captured - dintero.refunded),
  })
}

/**
 * What Dintero reports and Medusa has not recorded: captures first (a refund needs a capture to
 * refund in Medusa), then refunds. Nothing negative: Medusa being ahead means an operation of
 * Medusa's own is on its way to Dintero (the provider sends it under the same lock).
 */
export function amountToRecord(dintero: LedgerTotals, medusa: MedusaLedger): { capture: number; refund: number } {
  assertTotals(dintero)
  ;[...medusa.captures, ...medusa.refunds].forEach((value) => assertMinor("medusa amount", value))
  return {
    capture: Math.max(0, dintero.captured - sum(medusa.captures)),
    refund: Math.max(0, dintero.refunded - sum(medusa.refunds)),
  }
}

/**
 * Whether Medusa records everything Dintero reports (nothing to record). Medusa may have more:
 * an admin capture or refund on its way to Dintero, sent by the provider, not by a callback.
 */
export function medusaShowsAll(dintero: LedgerTotals, medusa: MedusaLedger): boolean {
  const missing = amountToRecord(dintero, medusa)
  return missing.capture === 0 && missing.refund === 0
}

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0)

function assertTotals(dintero: LedgerTotals): void {
  for (const [name, value] of Object.entries(dintero)) assertMinor(`Dintero ${name}`, value)
}

function assertMinor(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LedgerError(`${name} must be a non-negative integer in minor units, got ${value}`)
  }
}

/**
 * Whether Medusa already records the whole authorized amount as captured (refunded): Dintero can
 * then have no capture (refund) that Medusa lacks, since it never captures more than authorized.
 */
export function medusaHoldsAll(medusa: MedusaLedger, authorized: number): { captured: boolean; refunded: boolean } {
  return { captured: sum(medusa.captures) >= authorized, refunded: sum(medusa.refunds) >= authorized }
}
