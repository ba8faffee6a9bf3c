import type { MedusaContainer } from "@medusajs/framework/types"
import { DinteroTransaction, verifyDinteroSignature } from "../dintero"
import { alreadyRecorded, CallbackHint, callbackHintOf } from "./already-recorded"
import { buildCallbackUrl } from "../providers/dintero/checkout-urls"
import { ConfiguredDinteroProvider, configuredDinteroProvider } from "../providers/dintero/configured"
import { joinReadInFlight, shareRead } from "../providers/dintero/reads-in-flight"
import { handOverVerifiedTransaction } from "../providers/dintero/verified-handoff"
import { isMedusaCartId, isMedusaPaymentSessionId, readPaymentData } from "../providers/dintero/session-data"
import { paymentDataToSettle } from "../providers/dintero/merchant-initiated"
import { expressPaymentSessionOf } from "../workflows/dintero-express/express-payment"
import { isPaidOrHeld } from "../providers/dintero/status"
import { assertTransactionBelongs, TransactionMismatchError } from "../providers/dintero/transaction-check"
import { MedusaPaymentState, readMedusaPaymentState } from "../workflows/settle-dintero-payment/medusa-state"

/** A Dintero callback as it arrived: the raw query string is what the signature covers. */
export type DinteroCallbackRequest = {
  providerId: string
  method: "GET" | "POST"
  /** The raw query string as received, without "?". */
  query: string
  /** The POST form's JSON body (a transaction): a hint only, never trusted. */
  body?: unknown
  headers: Record<string, unknown>
}

export type VerifiedCallback = {
  provider: ConfiguredDinteroProvider
  /** The Medusa payment session (Dintero's merchant_reference). */
  paymentSessionId: string
  /** The transaction as Dintero reports it when read back (absent for a session cancelled unpaid). */
  transaction?: DinteroTransaction
  /** What Medusa has recorded for the payment session; absent when Medusa no longer has it. */
  state?: MedusaPaymentState
  /** Medusa's records already show all the callback can be about: Dintero was not read (already-recorded.ts). */
  alreadyRecorded?: boolean
  /** An Express payment released because Medusa's total differs from Dintero's (nothing more to settle). */
  expressReleased?: string
}

/**
 * A callback that can never be valid: Dintero is told with a 4xx and does not retry. Only a bad
 * signature, an unknown provider and a transaction that provably belongs elsewhere are; anything
 * else (Dintero unreachable, a Dintero error on a read, Medusa busy) is transient and thrown as is.
 */
export class CallbackRejection extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string
  ) {
    super(message)
    this.name = "CallbackRejection"
  }
}

/** A callback whose signature holds (or no secret is configured), with what its query hints at. */
export type AuthenticCallback = { provider: ConfiguredDinteroProvider; hint: CallbackHint }

/**
 * The checks that need no I/O: the provider exists and the signature holds. Done before the
 * callback waits its turn (a forged flood never holds up Dintero's genuine callbacks).
 */
export function authenticateCallback(container: MedusaContainer, request: DinteroCallbackRequest): AuthenticCallback {
  const provider = configuredDinteroProvider(container, request.providerId)
  if (!provider) {
    throw new CallbackRejection(404, `${request.providerId} is not a Dintero payment provider of this server`)
  }

  if (provider.options.signatureSecret) {
    const check = verifyDinteroSignature({
      header: headerValue(request.headers, "dintero-signature"),
      secret: provider.options.signatureSecret,
      accountId: provider.options.accountId,
      method: request.method,
      // The URL as Dintero called it: the public backend URL, not the proxied request's.
      url: signedUrl(buildCallbackUrl(provider.options, provider.providerId), request.query),
    })
    if (!check.valid) throw new CallbackRejection(401, `Dintero-Signature is ${check.reason}`)
  }

  const body = request.method === "POST" ? (request.body as Record<string, unknown> | undefined) : undefined
  return { provider, hint: callbackHintOf(request.query, body) }
}

/**
 * Reads back what an authentic callback points at. A callback is a hint of which transaction to
 * look at, never a statement of its state: unless Medusa's records already show all it can be
 * about, the transaction is read from Dintero, and it must match the hint and the Medusa payment
 * session it names (merchant reference, Dintero session, currency, amount).
 */
export async function verifyAuthenticCallback(container: MedusaContainer, { provider, hint: fullHint }: AuthenticCallback): Promise<VerifiedCallback> {
  const { transactionId, sessionId, merchantReference, ...hint } = fullHint

  // Medusa's records first: a callback about what they already show (a duplicate, the callback
  // after the shopper's return completed the order, the report of the plugin's own full capture)
  // is answered without reading Dintero. Read once, and reused below for the same session.
  let known: MedusaPaymentState | undefined
  if (transactionId && merchantReference && isMedusaPaymentSessionId(merchantReference)) {
    known = await readMedusaPaymentState(container, merchantReference)
    if (known?.providerId === provider.providerId && alreadyRecorded({ transactionId, sessionId, merchantReference, ...hint }, known)) {
      return { provider, paymentSessionId: merchantReference, state: known, alreadyRecorded: true }
    }
  }

  let transaction: DinteroTransaction | undefined
  let paymentSessionId: string | undefined
  if (transactionId) {
    transaction = await readTransaction(provider, transactionId, merchantReference)
    paymentSessionId = transaction.merchant_reference ?? undefined
    if (
      (merchantReference !== undefined && merchantReference !== transaction.merchant_reference) ||
      (sessionId !== undefined && transaction.session_id !== sessionId)
    ) {
      throw new CallbackRejection(400, `the callback does not match Dintero transaction ${transactionId}`)
    }
  } else if (sessionId && merchantReference) {
    // A session cancelled or expired unpaid: no transaction to read, the session says it.
    const session = await provider.client.getSession(sessionId)
    if (session.order.merchant_reference !== merchantReference) {
      throw new CallbackRejection(400, `the callback does not match Dintero session ${sessionId}`)
    }
    paymentSessionId = merchantReference
  }
  if (isMedusaCartId(paymentSessionId)) {
    // An Express session names its cart: the payment session is the cart's current one for it,
    // once the shopper's choices of a paid checkout are on the cart (express-payment.ts).
    const cartId = paymentSessionId
    const express = await expressPaymentSessionOf(container, {
      provider_id: provider.providerId,
      cart_id: cartId,
      dintero_session_id: transaction?.session_id ?? sessionId,
      transaction,
    })
    if (express.outcome?.kind === "released") return { provider, paymentSessionId: cartId, transaction, expressReleased: express.outcome.message }
    // No cart or no such checkout in it: reported to the admin as a payment without a Medusa payment session.
    if (!express.paymentSessionId) return { provider, paymentSessionId: cartId, transaction }
    paymentSessionId = express.paymentSessionId
  }
  if (!paymentSessionId || !isMedusaPaymentSessionId(paymentSessionId)) {
    throw new CallbackRejection(400, `the callback names no Medusa payment session (${transactionId ?? sessionId ?? "no transaction"})`)
  }

  const state = known?.paymentSessionId === paymentSessionId ? known : await readMedusaPaymentState(container, paymentSessionId)
  if (!state) {
    return { provider, paymentSessionId, transaction }
  }
  if (state.providerId !== provider.providerId) {
    throw new CallbackRejection(400, `payment session ${paymentSessionId} belongs to ${state.providerId}`)
  }
  if (transaction) {
    try {
      // A merchant-initiated charge Medusa has not recorded yet: checked against the charge's Dintero session.
      const data = (await paymentDataToSettle(provider.client, state.data, transaction)) ?? state.data
      assertTransactionBelongs(transaction, readPaymentData(data, "check the callback"))
    } catch (error) {
      if (error instanceof TransactionMismatchError) throw new CallbackRejection(400, error.message)
      throw error
    }
    // Not authorized in Medusa yet: the shopper's return may authorize a moment from now, before
    // this callback's settlement does, and takes this read instead of making its own.
    if (!state.payment && isPaidOrHeld(transaction)) handOverVerifiedTransaction(paymentSessionId, transaction)
  }
  return { provider, paymentSessionId, transaction, state }
}

/**
 * The hinted transaction, read from Dintero: when the shopper's return is reading the same
 * payment's transaction right now, its read is joined (and used only if it is this transaction).
 */
async function readTransaction(provider: ConfiguredDinteroProvider, transactionId: string, merchantReference: string | undefined): Promise<DinteroTransaction> {
  if (!merchantReference) return provider.client.getTransaction(transactionId)
  const joined = await joinReadInFlight(merchantReference)
  if (joined?.id === transactionId) return joined
  const { transaction } = await shareRead(merchantReference, async () => ({ transaction: await provider.client.getTransaction(transactionId) }))
  return transaction
}

function signedUrl(callbackUrl: string, rawQuery: string): string {
  const base = callbackUrl.split("?")[0]
  return rawQuery ? `${base}?${rawQuery}` : base
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  const value = key ? headers[key] : undefined
  return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined
}
