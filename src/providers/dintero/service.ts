import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  PaymentCustomerDTO,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError } from "@medusajs/framework/utils"
import {
  capturedAmount,
  DinteroClient,
  DinteroError,
  DinteroSession,
  DinteroTransaction,
  findAppliedOperation,
  verifyDinteroSignature,
  refundedAmount,
  remainingToCapture,
  remainingToRefund,
  uncapturedItems,
  unrefundedItems,
} from "../../dintero"
import { AmountInput, fromMinorUnits, toMinorUnits } from "../../money"
import { buildDinteroOrder, CartInput, toE123Phone } from "../../order"
import { packageVersion, PLUGIN_NAME } from "../../utils/package-version"
import { MedusaLookup } from "./medusa-lookup"
import { buildCallbackUrl, buildReturnUrl } from "./checkout-urls"
import { toMedusaError } from "./errors"
import { DinteroOptions, DinteroOptionsInput, parseDinteroOptions } from "./options"
import { DinteroPaymentData, readPaymentData } from "./session-data"
import { isClosed, sessionStatusOf, webhookActionOf } from "./status"
import { readCallbackEnvelope } from "./callback-envelope"
import { assertTransactionBelongs, TransactionMismatchError } from "./transaction-check"

type Cradle = { logger?: Logger; payment_providers?: string[] } & Record<string, unknown>

const CAPTURABLE = new Set(["AUTHORIZED", "PARTIALLY_CAPTURED", "PARTIALLY_CAPTURED_REFUNDED"])
const FULLY_CAPTURED = new Set(["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"])
const NOTHING_TO_CANCEL = new Set(["AUTHORIZATION_VOIDED", "DECLINED", "FAILED"])

/**
 * Medusa payment provider for Dintero Checkout: a thin adapter from Medusa's provider hooks to
 * the Dintero client. Every decision is made on what Dintero itself says (the session and its
 * transaction, read back), never on what a callback or the storefront claims.
 */
export class DinteroProviderService extends AbstractPaymentProvider<DinteroOptionsInput> {
  static override identifier = "dintero"

  protected readonly options_: DinteroOptions
  protected readonly client: DinteroClient
  protected readonly logger?: Logger
  protected readonly medusa: MedusaLookup
  private providerId_?: string

  static override validateOptions(options: Record<string, unknown>): void {
    parseDinteroOptions(options)
  }

  constructor(cradle: Cradle, options: DinteroOptionsInput) {
    super(cradle, options)
    this.options_ = parseDinteroOptions(options)
    this.logger = cradle.logger
    this.medusa = new MedusaLookup(cradle, cradle.logger)
    if (this.options_.accountId.startsWith("P") && !this.options_.signatureSecret) {
      // Advisable rather than required: without it, callbacks are still read back from Dintero.
      this.logger?.warn(
        "Dintero: no signatureSecret for production account; callbacks are verified by reading the transaction back only. Set signatureSecret (POST /v1/admin/signature) to refuse unsigned callbacks."
      )
    }
    this.client = new DinteroClient({
      accountId: this.options_.accountId,
      clientId: this.options_.clientId,
      clientSecret: this.options_.clientSecret,
      apiBaseUrl: this.options_.apiBaseUrl,
      checkoutBaseUrl: this.options_.checkoutBaseUrl,
      timeoutMs: this.options_.requestTimeoutMs,
      system: {
        name: "medusa",
        version: packageVersion("@medusajs/medusa") ?? packageVersion("@medusajs/framework"),
        pluginName: PLUGIN_NAME,
        pluginVersion: packageVersion(PLUGIN_NAME),
      },
      logger: this.logger ? { warn: (message) => this.logger?.warn(message) } : undefined,
    })
  }

  /** The Dintero client of this provider instance (its credentials and base URLs), for custom code and tests. */
  get dintero(): DinteroClient {
    return this.client
  }

  /** The validated options, defaults filled in. */
  get pluginOptions(): DinteroOptions {
    return this.options_
  }

  /**
   * This instance's registration key (`pp_dintero_<id>`). Medusa does not tell a provider its id,
   * so it is found among the registered providers; the callback URL carries it, so that each
   * configured Dintero provider receives its own callbacks.
   */
  get providerId(): string {
    if (this.providerId_) return this.providerId_
    const cradle = this.container as Cradle
    let keys: string[] = []
    try {
      keys = cradle.payment_providers ?? []
    } catch {
      keys = []
    }
    for (const key of keys) {
      if (!key.startsWith(`pp_${DinteroProviderService.identifier}`)) continue
      try {
        if (cradle[key] === this) return (this.providerId_ = key)
      } catch {
        // not resolvable here; keep looking
      }
    }
    return (this.providerId_ = `pp_${DinteroProviderService.identifier}_${DinteroProviderService.identifier}`)
  }

  // --- session lifecycle ------------------------------------------------------------------

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const paymentSessionId = stringOrUndefined(input.data?.session_id) ?? input.context?.idempotency_key
    if (!paymentSessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Cannot create a Dintero session without a Medusa payment session id")
    }
    try {
      const currency = input.currency_code.toUpperCase()
      const amount = toMinorUnits(input.amount, currency)
      const expiresAt = new Date(Date.now() + this.options_.sessionExpiryMinutes * 60_000).toISOString()
      // Lines the storefront may have put in `data` are ignored: the order is built from the cart.
      const cart = await this.medusa.cartForPaymentSession(paymentSessionId)
      const { order, customer } = this.orderFor(cart, amount, currency, input.context?.customer)
      const created = await this.client.createSession({
        profile_id: this.options_.profileId,
        url: {
          return_url: buildReturnUrl(this.options_, { paymentSessionId, cartId: cart?.id ?? undefined }, input.data?.return_url),
          callback_url: buildCallbackUrl(this.options_, this.providerId),
        },
        order: { ...order, merchant_reference: paymentSessionId },
        customer,
        expires_at: expiresAt,
        metadata: {
          ext_medusa_payment_session_id: paymentSessionId,
          ...(cart?.id ? { ext_medusa_cart_id: cart.id } : {}),
        },
      })
      const data: DinteroPaymentData = {
        session_id: paymentSessionId,
        dintero_session_id: created.id,
        checkout_url: created.url,
        merchant_reference: paymentSessionId,
        amount,
        currency,
        profile_id: this.options_.profileId,
        expires_at: expiresAt,
      }
      return { id: created.id, status: "pending", data }
    } catch (error) {
      throw toMedusaError(error, "create the Dintero payment session")
    }
  }

  /**
   * The session's order: lines, VAT, shipping and addresses from the cart when it can be read,
   * else the amount alone. Customer details from the cart (guests too) or the logged-in customer.
   */
  private orderFor(
    cart: CartInput | undefined,
    amount: number,
    currency: string,
    customer: PaymentCustomerDTO | undefined
  ) {
    if (cart) {
      return buildDinteroOrder(cart, { amount, currency })
    }
    return {
      order: { amount, currency },
      customer: customer
        ? { customer_id: customer.id, email: customer.email || undefined, phone_number: toE123Phone(customer.phone ?? undefined) }
        : undefined,
    }
  }

  /**
   * Keeps the unpaid Dintero session in step with Medusa (amount, currency). A paid, cancelled or
   * expired session cannot change, and neither can a currency: a new session replaces it then.
   */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = readPaymentData(input.data, "update the Dintero payment")
    try {
      const currency = input.currency_code.toUpperCase()
      const amount = toMinorUnits(input.amount, currency)
      const session = await this.client.getSession(data.dintero_session_id)
      if (session.transaction_id) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The Dintero session is already paid; it can no longer be changed")
      }
      if (currency !== data.currency || isClosed(session)) {
        const fresh = await this.initiatePayment({ ...input, data: { ...input.data, session_id: data.merchant_reference } })
        await this.deletePayment({ data: input.data })
        return { status: "pending", data: { ...input.data, ...fresh.data } }
      }
      const cart = await this.medusa.cartForPaymentSession(data.merchant_reference)
      const { order } = this.orderFor(cart, amount, currency, input.context?.customer)
      await this.client.updateSession(data.dintero_session_id, order)
      return { status: "pending", data: { ...input.data, amount, currency } }
    } catch (error) {
      throw toMedusaError(error, "update the Dintero payment session")
    }
  }

  /**
   * Medusa drops a session when the cart total changes or the shopper picks another provider:
   * cancel it at Dintero too, so that a stale checkout can no longer be paid (and an
   * authorization on it is released). Best effort: failing here must not block the cart.
   */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const dinteroSessionId = stringOrUndefined(input.data?.dintero_session_id)
    if (!dinteroSessionId) return { data: input.data ?? {} }
    try {
      const session = await this.client.getSession(dinteroSessionId)
      if (!session.cancelled_at) {
        await this.client.cancelSession(dinteroSessionId)
      }
    } catch (error) {
      this.logger?.warn(`Dintero: could not cancel session ${dinteroSessionId}: ${toMedusaError(error, "cancel").message}`)
    }
    return { data: input.data ?? {} }
  }

  // --- authorization ------------------------------------------------------------------------

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = readPaymentData(input.data, "authorize the Dintero payment")
    const { status, transaction } = await this.readState(data, "authorize the Dintero payment")
    return { status, data: withTransaction(input.data, data, transaction) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = readPaymentData(input.data, "read the Dintero payment status")
    const { status, transaction } = await this.readState(data, "read the Dintero payment status")
    return { status, data: withTransaction(input.data, data, transaction) }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = readPaymentData(input.data, "retrieve the Dintero payment")
    const { transaction } = await this.readState(data, "retrieve the Dintero payment")
    return { data: withTransaction(input.data, data, transaction) }
  }

  // --- after authorization ----------------------------------------------------------------

  /**
   * Captures what Medusa is capturing. Medusa passes the provider no amount, but it records the
   * capture (its id is the idempotency key) before calling: the amount is read from there, so a
   * partial capture in the admin is a partial capture at Dintero. Whatever Dintero has already
   * captured beyond what Medusa recorded (auto-capture, Swish, Dintero Backoffice, a lost answer)
   * counts as done, and nothing is captured twice. Capturing the whole remainder sends the lines,
   * the shipping line included, as Dintero's checklist asks; without `query`, the whole remainder
   * is captured.
   */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = readPaymentData(input.data, "capture the Dintero payment")
    try {
      const transaction = await this.paidTransaction(data)
      const reference = input.context?.idempotency_key
      if (reference && findAppliedOperation(transaction, "CAPTURE", reference)) {
        return { data: withTransaction(input.data, data, transaction) }
      }
      const remaining = remainingToCapture(transaction)
      const amount = Math.min(remaining, await this.amountToCapture(data, transaction, reference))
      if (FULLY_CAPTURED.has(transaction.status) || amount <= 0) {
        return { data: withTransaction(input.data, data, transaction) }
      }
      if (!CAPTURABLE.has(transaction.status)) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `The Dintero transaction ${transaction.id} is ${transaction.status} and cannot be captured`
        )
      }
      const items = amount === remaining ? uncapturedItems(transaction) : undefined
      const result = await this.client.captureTransaction(transaction.id, {
        amount,
        capture_reference: reference,
        ...(items && sumOf(items) === amount ? { items } : {}),
      })
      return { data: withTransaction(input.data, data, result.transaction, result.accepted ? { capture_pending: true } : {}) }
    } catch (error) {
      throw toMedusaError(error, "capture the Dintero payment")
    }
  }

  /**
   * How much Dintero must capture now so that its captured total matches Medusa's, this capture
   * included. The whole remainder when Medusa's captures cannot be read.
   */
  private async amountToCapture(data: DinteroPaymentData, transaction: DinteroTransaction, reference?: string): Promise<number> {
    const remaining = remainingToCapture(transaction)
    const paymentSessionId = data.session_id ?? data.merchant_reference
    const captures = reference ? await this.medusa.capturesOfPaymentSession(paymentSessionId) : undefined
    if (!captures?.some((capture) => capture.id === reference)) return remaining
    const recordedInMedusa = captures.reduce((total, capture) => total + toMinorUnits(capture.amount as AmountInput, data.currency), 0)
    return recordedInMedusa - capturedAmount(transaction)
  }

  /**
   * Refunds the amount Medusa asks for (a BigNumber-like value in major units). A refund of
   * everything captured sends the lines; a partial refund sends the amount alone, which Dintero
   * accepts for cards, Vipps and Swish (invoice methods may need whole lines).
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readPaymentData(input.data, "refund the Dintero payment")
    try {
      const amount = toMinorUnits(input.amount, data.currency)
      if (amount <= 0) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "A refund amount must be greater than zero")
      }
      const transaction = await this.paidTransaction(data)
      const reference = input.context?.idempotency_key
      if (reference && findAppliedOperation(transaction, "REFUND", reference)) {
        return { data: withTransaction(input.data, data, transaction) }
      }
      const refundable = remainingToRefund(transaction)
      if (amount > refundable) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Cannot refund ${fromMinorUnits(amount, data.currency)} ${data.currency}: only ${fromMinorUnits(refundable, data.currency)} ${data.currency} of the Dintero transaction ${transaction.id} is captured and not yet refunded`
        )
      }
      const items = amount === refundable && refundedAmount(transaction) === 0 ? unrefundedItems(transaction) : undefined
      const result = await this.client.refundTransaction(transaction.id, {
        amount,
        refund_reference: reference,
        ...(items && sumOf(items) === amount ? { items } : {}),
      })
      return { data: withTransaction(input.data, data, result.transaction, result.accepted ? { refund_pending: true } : {}) }
    } catch (error) {
      throw toMedusaError(error, "refund the Dintero payment")
    }
  }

  /**
   * Releases an authorization (order cancelled, or Medusa compensating a failed completion).
   * Nothing to release (voided, declined, failed, never paid) is success; a captured payment
   * must be refunded instead, which Medusa does itself.
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = readPaymentData(input.data, "cancel the Dintero payment")
    try {
      const session = await this.client.getSession(data.dintero_session_id)
      const transactionId = session.transaction_id ?? data.transaction_id
      if (!transactionId) {
        if (!session.cancelled_at) await this.client.cancelSession(data.dintero_session_id)
        return { data: { ...input.data, ...data } }
      }
      const transaction = await this.client.getTransaction(transactionId)
      this.assertBelongs(transaction, data)
      if (NOTHING_TO_CANCEL.has(transaction.status)) {
        return { data: withTransaction(input.data, data, transaction) }
      }
      if (FULLY_CAPTURED.has(transaction.status)) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `The Dintero transaction ${transaction.id} is ${transaction.status}: a captured payment is refunded, not cancelled`
        )
      }
      const result = await this.client.voidTransaction(transaction.id)
      return { data: withTransaction(input.data, data, result.transaction, result.accepted ? { void_pending: true } : {}) }
    } catch (error) {
      throw toMedusaError(error, "cancel the Dintero payment")
    }
  }

  // --- callbacks ------------------------------------------------------------------------------

  /**
   * Turns a Dintero callback into a Medusa action. The callback is only a hint of which
   * transaction to look at: its signature is checked (when a secret is configured), the
   * transaction is read back from Dintero, and it must match both the hint and the Medusa payment
   * session it names, or nothing happens.
   *
   * Called by the plugin's callback route with a {@link CallbackEnvelope} (the request as Dintero
   * made it): a callback that can never be valid then throws (401 bad signature, 404 unknown,
   * 400 mismatch), so that Dintero is told. Called by Medusa's generic webhook route (which answers
   * 200 before anything is checked), it returns `not_supported` instead, never `failed`.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const envelope = readCallbackEnvelope(payload.data)
    const refuse = (type: string, message: string): WebhookActionResult => {
      if (envelope) throw new MedusaError(type, message)
      this.logger?.warn(`Dintero callback ignored: ${message}`)
      return { action: "not_supported" }
    }

    if (this.options_.signatureSecret) {
      if (!envelope) return refuse(MedusaError.Types.UNAUTHORIZED, "a signature secret is configured, and this request cannot be verified")
      const check = verifyDinteroSignature({
        header: headerValue(payload.headers, "dintero-signature"),
        secret: this.options_.signatureSecret,
        accountId: this.options_.accountId,
        method: envelope.method,
        url: this.callbackUrlFor(envelope.query),
      })
      if (!check.valid) return refuse(MedusaError.Types.UNAUTHORIZED, `Dintero-Signature is ${check.reason}`)
    }

    const hint = envelope ? Object.fromEntries(new URLSearchParams(envelope.query)) : (payload.data ?? {})
    const body = (envelope ? envelope.body : payload.data) as Record<string, unknown> | undefined
    const transactionId = stringOrUndefined(hint.transaction_id) ?? stringOrUndefined(body?.id)
    const sessionId = stringOrUndefined(hint.session_id) ?? stringOrUndefined(hint.sid)
    const merchantReference = stringOrUndefined(hint.merchant_reference)

    try {
      if (!transactionId) {
        return await this.actionWithoutTransaction(sessionId, merchantReference)
      }
      const transaction = await this.client.getTransaction(transactionId).catch((error: unknown) => {
        if (error instanceof DinteroError && error.status === 404) return undefined
        throw error
      })
      if (!transaction) {
        return refuse(MedusaError.Types.NOT_FOUND, `Dintero has no transaction ${transactionId}`)
      }
      const reference = transaction.merchant_reference ?? undefined
      if (
        (merchantReference !== undefined && merchantReference !== reference) ||
        (sessionId !== undefined && transaction.session_id !== sessionId)
      ) {
        return refuse(MedusaError.Types.NOT_ALLOWED, `the callback does not match Dintero transaction ${transactionId}`)
      }
      if (!reference || !isMedusaPaymentSessionId(reference)) {
        return refuse(MedusaError.Types.NOT_FOUND, `transaction ${transactionId} is not for a Medusa payment session`)
      }
      const mismatch = await this.checkAgainstMedusa(reference, transaction)
      if (mismatch) return refuse(mismatch.type, mismatch.message)

      const action = webhookActionOf(undefined, transaction)
      const minor = action === "captured" ? capturedAmount(transaction) : transaction.amount
      return { action, data: { session_id: reference, amount: fromMinorUnits(minor, transaction.currency) } }
    } catch (error) {
      throw toMedusaError(error, "process the Dintero callback")
    }
  }

  /** The callback URL as Dintero called it: the public backend URL, not the proxied request's. */
  callbackUrlFor(rawQuery: string): string {
    const base = buildCallbackUrl(this.options_, this.providerId).split("?")[0]
    return rawQuery ? `${base}?${rawQuery}` : base
  }

  /** Whether the transaction belongs to the Medusa payment session it names (when query is available). */
  private async checkAgainstMedusa(
    paymentSessionId: string,
    transaction: DinteroTransaction
  ): Promise<{ type: string; message: string } | undefined> {
    const session = await this.medusa.paymentSession(paymentSessionId)
    if (session === undefined) return undefined // no query: the route and authorizePayment still check
    if (session === null) {
      return { type: MedusaError.Types.NOT_FOUND, message: `there is no Medusa payment session ${paymentSessionId}` }
    }
    if (session.provider_id !== this.providerId) {
      return { type: MedusaError.Types.NOT_ALLOWED, message: `payment session ${paymentSessionId} belongs to ${session.provider_id}` }
    }
    try {
      assertTransactionBelongs(transaction, readPaymentData(session.data ?? {}, "check the callback"))
      return undefined
    } catch (error) {
      return { type: MedusaError.Types.NOT_ALLOWED, message: (error as Error).message }
    }
  }

  private async actionWithoutTransaction(
    sessionId: string | undefined,
    merchantReference: string | undefined
  ): Promise<WebhookActionResult> {
    if (!sessionId || !merchantReference || !isMedusaPaymentSessionId(merchantReference)) {
      return { action: "not_supported" }
    }
    const session = await this.client.getSession(sessionId)
    if (session.order.merchant_reference !== merchantReference) {
      return { action: "not_supported" }
    }
    const action = webhookActionOf(session, undefined)
    return action === "not_supported"
      ? { action }
      : { action, data: { session_id: merchantReference, amount: fromMinorUnits(session.order.amount, session.order.currency) } }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The session and its transaction as Dintero has them, checked against this payment. */
  private async readState(
    data: DinteroPaymentData,
    action: string
  ): Promise<{ status: ReturnType<typeof sessionStatusOf>; session: DinteroSession; transaction?: DinteroTransaction }> {
    try {
      const session = await this.client.getSession(data.dintero_session_id)
      if (session.order.merchant_reference !== data.merchant_reference) {
        throw new TransactionMismatchError("merchant_reference", data.merchant_reference, session.order.merchant_reference)
      }
      const transaction = session.transaction_id
        ? await this.client.getTransaction(session.transaction_id)
        : await this.latestFailedAttempt(session)
      if (transaction) this.assertBelongs(transaction, data)
      return { status: sessionStatusOf(session, transaction), session, transaction }
    } catch (error) {
      throw toMedusaError(error, action)
    }
  }

  /**
   * A session is linked to its transaction only once paid; a declined or failed attempt leaves a
   * transaction that is not linked (the shopper may try again on the same session). The newest
   * attempt tells the storefront why the payment did not go through.
   */
  private async latestFailedAttempt(session: DinteroSession): Promise<DinteroTransaction | undefined> {
    const attempts = await this.client.listTransactions({ session_id: session.id, limit: 10 })
    const newest = attempts
      .filter((t) => t.session_id === session.id)
      .sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""))[0]
    return newest && (newest.status === "DECLINED" || newest.status === "FAILED") ? newest : undefined
  }

  /** The transaction of a paid session (read from the session when the payment data lacks it). */
  private async paidTransaction(data: DinteroPaymentData): Promise<DinteroTransaction> {
    let transactionId = data.transaction_id
    if (!transactionId) {
      const session = await this.client.getSession(data.dintero_session_id)
      transactionId = session.transaction_id ?? undefined
    }
    if (!transactionId) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The Dintero session ${data.dintero_session_id} has not been paid`)
    }
    const transaction = await this.client.getTransaction(transactionId)
    this.assertBelongs(transaction, data)
    return transaction
  }

  private assertBelongs(transaction: DinteroTransaction, data: DinteroPaymentData): void {
    try {
      assertTransactionBelongs(transaction, data)
    } catch (error) {
      if (error instanceof TransactionMismatchError) {
        this.logger?.error(`Dintero: ${error.message}`)
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, error.message)
      }
      throw error
    }
  }
}

/** The payment data with what Dintero says of the transaction now. */
function withTransaction(
  input: Record<string, unknown> | undefined,
  data: DinteroPaymentData,
  transaction: DinteroTransaction | undefined,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  if (!transaction) return { ...input, ...data, ...extra }
  return {
    ...input,
    ...data,
    transaction_id: transaction.id,
    transaction_status: transaction.status,
    payment_product_type: transaction.payment_product_type ?? undefined,
    authorized_amount: transaction.amount,
    captured_amount: capturedAmount(transaction),
    refunded_amount: refundedAmount(transaction),
    ...extra,
  }
}

function isMedusaPaymentSessionId(value: string): boolean {
  return /^payses_[0-9A-Za-z]+$/.test(value)
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  const value = key ? headers[key] : undefined
  return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined
}

const sumOf = (items: { amount: number }[]) => items.reduce((total, item) => total + item.amount, 0)

export default DinteroProviderService
