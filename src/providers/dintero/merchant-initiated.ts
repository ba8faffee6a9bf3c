import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import type { DinteroClient, DinteroTransaction } from "../../dintero"
import { isPaidOrHeld } from "./status"

/**
 * Merchant-initiated payments with a saved card (`POST /v1/sessions/pay`, `unscheduled_purchase`),
 * e.g. a subscription's renewal. Started only by server code (the chargeDinteroSavedCard workflow),
 * through the payment session's `context`: Medusa's store routes never set `context`, and a
 * storefront's `data` cannot ask for a charge (session-data.ts drops these keys).
 *
 * The payment session is created first (no Dintero call), then its authorization charges the card
 * with the payment session id as `merchant_reference`. A retry authorizes the same session again,
 * so Dintero's strict-success-merchant-reference refuses a second charge (client.payWithToken).
 */
export const MERCHANT_INITIATED_CONTEXT_KEY = "dintero_merchant_initiated"

const requestSchema = z.object({ payment_method_id: z.string().min(1) })

/** What the workflow asked for in the session's context, or undefined for any other session. */
export function merchantInitiatedRequest(context: Record<string, unknown> | undefined): { payment_method_id: string } | undefined {
  const value = context?.[MERCHANT_INITIATED_CONTEXT_KEY]
  if (value === undefined) return undefined
  const parsed = requestSchema.safeParse(value)
  if (!parsed.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${MERCHANT_INITIATED_CONTEXT_KEY}.payment_method_id is required (a saved card's id)`)
  }
  return parsed.data
}

const chargeDataSchema = z.looseObject({
  session_id: z.string().min(1),
  merchant_reference: z.string().min(1),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  merchant_initiated: z.literal(true),
  payment_method_id: z.string().min(1),
  transaction_id: z.string().optional(),
  transaction_status: z.string().optional(),
  do_not_retry: z.boolean().optional(),
})
export type ChargeData = z.infer<typeof chargeDataSchema>

/**
 * Whether authorizing this session charges the card now: a merchant-initiated session not yet
 * paid, whose last attempt (if any) failed in a way Dintero lets us try again.
 */
export function chargeDue(data: Record<string, unknown> | undefined): boolean {
  if (data?.merchant_initiated !== true || data.do_not_retry === true) return false
  return data.transaction_id === undefined || data.transaction_status === "FAILED"
}

export function readChargeData(data: Record<string, unknown> | undefined): ChargeData {
  const parsed = chargeDataSchema.safeParse(data ?? {})
  if (!parsed.success) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot charge the saved card: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")} missing or invalid`)
  }
  return parsed.data
}

/**
 * A merchant-initiated payment session that Medusa has not recorded a Dintero charge for: before
 * the charge, or after a charge whose answer was lost (or whose process stopped) before Medusa
 * recorded it. Dintero may have charged: its callback and the reconciliation job look it up by the
 * payment session id, the charge's merchant_reference (dinteroSessionOfCharge).
 */
export function isUnrecordedCharge(data: Record<string, unknown> | undefined): boolean {
  return data?.merchant_initiated === true && typeof data.dintero_session_id !== "string"
}

/**
 * The Dintero session of the charge Dintero made for this merchant-initiated payment session, if
 * any: the transaction a callback's verifier read (when it has this session's reference), else a
 * look-up by merchant_reference. Undefined: Dintero has charged nothing; nothing is to be settled,
 * and nothing here ever charges.
 */
export async function dinteroSessionOfCharge(
  client: Pick<DinteroClient, "listTransactions">,
  data: Record<string, unknown>,
  observed?: Pick<DinteroTransaction, "merchant_reference" | "session_id">
): Promise<string | undefined> {
  const reference = data.merchant_reference
  if (typeof reference !== "string") return undefined
  if (observed?.merchant_reference === reference && observed.session_id) return observed.session_id
  const found = (await client.listTransactions({ merchant_reference: reference })).filter((transaction) => transaction.merchant_reference === reference)
  return (found.find((transaction) => isPaidOrHeld(transaction)) ?? found.at(-1))?.session_id ?? undefined
}

/**
 * The payment data Dintero's state is checked against: Medusa's, or for a merchant-initiated
 * charge Medusa has not recorded, Medusa's with the Dintero session of the charge Dintero made
 * (dinteroSessionOfCharge). Undefined: Dintero has charged nothing, there is nothing to settle.
 */
export async function paymentDataToSettle(
  client: Pick<DinteroClient, "listTransactions">,
  data: Record<string, unknown>,
  observed?: Pick<DinteroTransaction, "merchant_reference" | "session_id">
): Promise<Record<string, unknown> | undefined> {
  if (!isUnrecordedCharge(data)) return data
  const dinteroSessionId = await dinteroSessionOfCharge(client, data, observed)
  return dinteroSessionId ? { ...data, dintero_session_id: dinteroSessionId } : undefined
}

