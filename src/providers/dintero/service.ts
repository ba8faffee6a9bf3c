import type {
  AccountHolderDTO,
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentMethodInput,
  DeletePaymentMethodOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  IEventBusModuleService,
  ILockingModule,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  Logger,
  PaymentCustomerDTO,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrieveAccountHolderInput,
  RetrieveAccountHolderOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError, Modules } from "@medusajs/framework/utils"
import {
  capturedAmount,
  DinteroClient,
  DinteroError,
  DinteroSession,
  DinteroTokenPaymentProductType,
  DinteroTransaction,
  findAppliedOperation,
  ledgerTotalsOf,
  paymentProductRules,
  refundedAmount,
} from "../../dintero"
import { AmountInput, captureToSend, fromMinorUnits, MedusaLedger, medusaLedgerOf, refundToSend, toMinorUnits } from "../../money"
import { buildDinteroOrder, buildOrderChangeOrder, toE123Phone } from "../../order"
import { buildCallbackUrl, buildPaymentCollectionReturnUrl, buildReturnUrl, withExpressMark } from "./checkout-urls"
import { CARRY_OVER_KEY, isCarriedOver, rememberCarriedData, takeOver } from "./express-carry-over"
import { expressSessionFields } from "./express-session"
import { createDinteroClient } from "./client-factory"
import { readDinteroState } from "./dintero-state"
import { toMedusaError } from "./errors"
import { DINTERO_RECHECK_EVENT, DINTERO_RELEASED_EVENT, DinteroPaymentEventData, RECHECK_DELAY_MS } from "./events"
import { MedusaLookup, PaymentTarget } from "./medusa-lookup"
import { DinteroOptions, DinteroOptionsInput, parseDinteroOptions } from "./options"
import { DEPENDENCIES_FIX } from "./dependencies"
import { withPaymentLock } from "./payment-lock"
import { resolveProfile } from "./profile-resolution"
import { DINTERO_IDENTIFIER, DINTERO_PROVIDER_PREFIX, dinteroProviderId, RECORDED_FROM_DINTERO } from "./provider-id"
import { DinteroPaymentData, readPaymentData, storefrontDataKeysToDrop } from "./session-data"
import { isClosed, isPaidOrHeld, sessionStatusOf } from "./status"
import { planLineOperation } from "./line-operations"
import { releaseUncapturedRest } from "./release-rest"
import { takeIntent } from "./operation-intents"
import { joinReadInFlight, shareRead } from "./reads-in-flight"
import { assertTransactionBelongs, belongsTo, TransactionMismatchError } from "./transaction-check"
import { takeVerifiedTransaction } from "./verified-handoff"
import { savedCardView } from "../../modules/dintero-saved-cards"
import { cardConfiguration, CUSTOMER_METADATA_KEY, customerOfTransaction, saveCardOfPaidSession, savedCardOf, savedCardsStore } from "./saved-cards"
import { chargeDue, merchantInitiatedRequest, readChargeData } from "./merchant-initiated"

type Cradle = { logger?: Logger; payment_providers?: string[] } & Record<string, unknown>

const CAPTURABLE = new Set(["AUTHORIZED", "PARTIALLY_CAPTURED", "PARTIALLY_CAPTURED_REFUNDED"])
const NOTHING_TO_CANCEL = new Set(["AUTHORIZATION_VOIDED", "DECLINED", "FAILED"])

/**
 * Medusa payment provider for Dintero Checkout: a thin adapter from Medusa's provider hooks to
 * the Dintero client. Every decision is made on what Dintero itself says (the session and its
 * transaction, read back), never on what a callback or the storefront claims.
 */
export class DinteroProviderService extends AbstractPaymentProvider<DinteroOptionsInput> {
  static override identifier = DINTERO_IDENTIFIER

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
    this.client = createDinteroClient(this.options_, this.logger)
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
      if (!key.startsWith(DINTERO_PROVIDER_PREFIX)) continue
      try {
        if (cradle[key] === this) return (this.providerId_ = key)
      } catch {
        // not resolvable here; keep looking
      }
    }
    return (this.providerId_ = dinteroProviderId(DINTERO_IDENTIFIER))
  }

  // --- session lifecycle ------------------------------------------------------------------

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const paymentSessionId = stringOrUndefined(input.data?.session_id) ?? input.context?.idempotency_key
    if (!paymentSessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Cannot create a Dintero session without a Medusa payment session id")
    }
    const carried = takeOver(input.data?.[CARRY_OVER_KEY])
    if (carried) return this.takeOverExpressSession(input, paymentSessionId, carried)
    const merchantInitiated = merchantInitiatedRequest(input.context as Record<string, unknown> | undefined)
    if (merchantInitiated) return this.initiateMerchantInitiated(input, paymentSessionId, merchantInitiated.payment_method_id)
    try {
      const currency = input.currency_code.toUpperCase()
      const amount = toMinorUnits(input.amount, currency)
      const expiresAt = new Date(Date.now() + this.options_.sessionExpiryMinutes * 60_000).toISOString()
      // Lines the storefront may have put in `data` are ignored: the order is built from the cart
      // (or, for an order's payment collection, from the order and its changes).
      // Independent reads of Medusa, side by side: the shopper waits for this call.
      const [target, assignments, card] = await Promise.all([
        this.medusa.checkoutOfPaymentSession(paymentSessionId),
        this.medusa.profileAssignments(this.providerId),
        this.savedCardChoice(input),
      ])
      const { order, customer } = this.orderFor(target, amount, currency, input.context?.customer)
      const scope = target?.kind === "cart" ? target.cart : target?.order
      const choice = resolveProfile(assignments, scope, this.options_.profileId)
      const profileId = choice.profileId
      // Express Checkout is for carts (the shopper picks the shipping); an order's payment collection has its shipping.
      const cartId = target?.kind === "cart" ? target.cart.id ?? undefined : undefined
      const express = !!cartId && (input.data?.express === true || choice.express)
      const returnUrl =
        target?.kind === "order"
          ? buildPaymentCollectionReturnUrl(
              this.options_,
              { paymentSessionId, paymentCollectionId: target.paymentCollectionId, orderId: target.order.id },
              input.data?.return_url
            )
          : buildReturnUrl(this.options_, { paymentSessionId, cartId }, input.data?.return_url)
      // An Express session outlives the cart's payment sessions (express-carry-over.ts): it names the cart.
      const merchantReference = express && cartId ? cartId : paymentSessionId
      const expressFields = express && cartId ? expressSessionFields(this.options_, this.providerId, cartId) : undefined
      const created = await this.client.createSession({
        profile_id: profileId,
        url: {
          return_url: express ? withExpressMark(returnUrl) : returnUrl,
          callback_url: buildCallbackUrl(this.options_, this.providerId),
        },
        order: {
          ...order,
          merchant_reference: merchantReference,
          // The order's number, for the merchant in Backoffice and the shopper's invoice.
          ...(target?.kind === "order" && target.order.display_id != null ? { merchant_reference_2: String(target.order.display_id) } : {}),
        },
        // A saved card's token goes to Dintero in this request only (never into `data`).
        customer: card.tokens ? { ...customer, tokens: card.tokens } : customer,
        expires_at: expiresAt,
        metadata: {
          ...card.metadata,
          ext_medusa_payment_session_id: paymentSessionId,
          ...(target?.kind === "cart" && target.cart.id ? { ext_medusa_cart_id: target.cart.id } : {}),
          ...(target?.kind === "order"
            ? { ext_medusa_order_id: target.order.id, ext_medusa_payment_collection_id: target.paymentCollectionId }
            : {}),
        },
        ...(expressFields ? { express: expressFields.express } : {}),
        // An Express session's discount codes and a saved card's product, together.
        ...(expressFields?.configuration || card.configuration ? { configuration: { ...expressFields?.configuration, ...card.configuration } } : {}),
      })
      const data: DinteroPaymentData = {
        session_id: paymentSessionId,
        dintero_session_id: created.id,
        checkout_url: created.url,
        merchant_reference: merchantReference,
        amount,
        currency,
        profile_id: profileId,
        expires_at: expiresAt,
        ...(express ? { express: true } : {}),
        ...card.data,
      }
      // Medusa stores {...storefront data, ...this}: keys the storefront may not set are dropped.
      return { id: created.id, status: "pending", data: { ...storefrontDataKeysToDrop(input.data), ...data } }
    } catch (error) {
      throw toMedusaError(error, "create the Dintero payment session")
    }
  }

  /**
   * A saved card at checkout, for a logged-in customer only (Medusa's `context.customer`, never the
   * storefront's word): `data.save_payment_method: true` has the card saved when the session is
   * paid by card; `data.payment_method_id` pays with one of the customer's saved cards, which the
   * shopper confirms in Dintero's checkout (customer-initiated).
   */
  private async savedCardChoice(input: InitiatePaymentInput): Promise<{
    tokens?: Record<string, { payment_token: string }>
    configuration?: ReturnType<typeof cardConfiguration>
    metadata?: Record<string, string>
    data?: Pick<DinteroPaymentData, "payment_method_id" | "save_payment_method">
  }> {
    const payWith = stringOrUndefined(input.data?.payment_method_id)
    const save = input.data?.save_payment_method === true
    if (!payWith && !save) return {}
    const customerId = input.context?.customer?.id
    if (!customerId) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        payWith ? "data.payment_method_id: only a logged-in customer can pay with a saved card" : "data.save_payment_method: only a logged-in customer can save a card"
      )
    }
    if (!payWith) {
      return {
        configuration: cardConfiguration(this.options_.savedCardProduct, true),
        metadata: { [CUSTOMER_METADATA_KEY]: customerId },
        data: { save_payment_method: true },
      }
    }
    const card = await savedCardsStore(this.container as Record<string, unknown>).ownedCard(payWith, { customerId, providerId: this.providerId })
    if (card.blocked_reason) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `data.payment_method_id: Dintero refused the saved card ${card.id} for good; pay with another card`)
    }
    const product = card.payment_product_type as DinteroTokenPaymentProductType
    return {
      tokens: { [product]: { payment_token: card.payment_token } },
      configuration: cardConfiguration(product, false),
      data: { payment_method_id: card.id },
    }
  }

  /**
   * A merchant-initiated payment's session (merchant-initiated.ts): nothing is sent to Dintero
   * yet; authorizing the session charges the card, so that a retry finds the same session.
   */
  private async initiateMerchantInitiated(input: InitiatePaymentInput, paymentSessionId: string, paymentMethodId: string): Promise<InitiatePaymentOutput> {
    const currency = input.currency_code.toUpperCase()
    const amount = toMinorUnits(input.amount, currency)
    await savedCardsStore(this.container as Record<string, unknown>).retrieveDinteroSavedCard(paymentMethodId)
    return {
      id: paymentSessionId,
      status: "pending",
      data: {
        ...storefrontDataKeysToDrop(input.data),
        session_id: paymentSessionId,
        merchant_reference: paymentSessionId,
        amount,
        currency,
        merchant_initiated: true,
        payment_method_id: paymentMethodId,
      },
    }
  }

  /**
   * A new payment session of a cart whose Express Checkout goes on: it takes the live Dintero
   * session over (express-carry-over.ts) with Medusa's new amount. Nothing is sent to Dintero: the
   * Express callback that changed the cart answers Dintero the new order itself.
   */
  private takeOverExpressSession(
    input: InitiatePaymentInput,
    paymentSessionId: string,
    carried: { data: Record<string, unknown> }
  ): InitiatePaymentOutput {
    const previous = readPaymentData(carried.data, "continue the Express checkout")
    const currency = input.currency_code.toUpperCase()
    const data: DinteroPaymentData = {
      session_id: paymentSessionId,
      dintero_session_id: previous.dintero_session_id,
      checkout_url: previous.checkout_url,
      merchant_reference: previous.merchant_reference,
      amount: toMinorUnits(input.amount, currency),
      currency,
      profile_id: previous.profile_id,
      expires_at: previous.expires_at,
      express: true,
    }
    return { id: previous.dintero_session_id, status: "pending", data: { ...storefrontDataKeysToDrop(input.data), ...data } }
  }

  /**
   * The session's order: lines, VAT, shipping and addresses from the cart, or from the order and
   * its changes for an order's payment collection, when they can be read; else the amount alone.
   * Customer details from the cart or order (guests too), else the logged-in customer.
   */
  private orderFor(target: PaymentTarget | undefined, amount: number, currency: string, customer: PaymentCustomerDTO | undefined) {
    if (target?.kind === "cart") return buildDinteroOrder(target.cart, { amount, currency })
    if (target?.kind === "order") return buildOrderChangeOrder(target, { amount, currency })
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
    // Dintero holds an Express session's order while the shopper is in its checkout: the Express
    // callbacks answer the changes; a PUT here would race them.
    if (data.express) return { status: "pending", data: { ...input.data } }
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
      const target = await this.medusa.checkoutOfPaymentSession(data.merchant_reference)
      const { order } = this.orderFor(target, amount, currency, input.context?.customer)
      await this.client.updateSession(data.dintero_session_id, order)
      return { status: "pending", data: { ...input.data, amount, currency } }
    } catch (error) {
      throw toMedusaError(error, "update the Dintero payment session")
    }
  }

  /**
   * Medusa drops a session when the cart total changes or the shopper picks another provider:
   * an unpaid Dintero session is cancelled too, so that a stale checkout can no longer be paid.
   *
   * A session with a transaction (paid, or on hold) is never cancelled here (invariant I3): the
   * shopper may have paid a moment before the storefront replaced the session (double click,
   * another tab), and cancelling would void the authorization and lose the paid order. Refusing
   * keeps Medusa's payment session (Medusa logs the refusal and carries on), so the callback or the
   * reconciliation job completes the cart with it.
   */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const dinteroSessionId = stringOrUndefined(input.data?.dintero_session_id)
    if (!dinteroSessionId) return { data: input.data ?? {} }
    if (isCarriedOver(dinteroSessionId)) {
      // An Express workflow is replacing this payment session: its successor takes the Dintero session over.
      rememberCarriedData(dinteroSessionId, input.data ?? {})
      return { data: input.data ?? {} }
    }
    let session: DinteroSession
    try {
      session = await this.client.getSession(dinteroSessionId)
    } catch (error) {
      // Unknown state: keep the Medusa session rather than risk dropping a paid one.
      throw toMedusaError(error, `check the Dintero session ${dinteroSessionId} before deleting it`)
    }
    if (session.transaction_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `The Dintero session ${dinteroSessionId} has transaction ${session.transaction_id} (payment session ${stringOrUndefined(input.data?.session_id) ?? "unknown"}): it is kept, and the cart is completed with it`
      )
    }
    if (!session.cancelled_at) {
      try {
        await this.client.cancelSession(dinteroSessionId)
      } catch (error) {
        this.logger?.warn(`Dintero: could not cancel session ${dinteroSessionId}: ${toMedusaError(error, "cancel").message}`)
      }
    }
    return { data: input.data ?? {} }
  }

  // --- authorization ------------------------------------------------------------------------

  /**
   * Authorizes from what Dintero reports: the transaction the settlement of a callback has just
   * read (handed over, see verified-handoff.ts), else one read of the session's transactions.
   */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    if (chargeDue(input.data)) return this.chargeSavedCard(input)
    if (input.data?.merchant_initiated === true && input.data.do_not_retry === true) {
      // Dintero said DO_NOT_RETRY for this charge: it is never sent again.
      return { status: "error", data: { ...input.data } }
    }
    const data = readPaymentData(input.data, "authorize the Dintero payment")
    const paymentSessionId = data.session_id ?? data.merchant_reference
    const result = await this.authorizedState(input, data, paymentSessionId)
    if (data.save_payment_method && !data.saved_payment_method_id && (result.status === "authorized" || result.status === "captured")) {
      return { status: result.status, data: await this.saveCheckoutCard(result.data, data) }
    }
    return result
  }

  private async authorizedState(input: AuthorizePaymentInput, data: DinteroPaymentData, paymentSessionId: string): Promise<AuthorizePaymentOutput> {
    const handed = takeVerifiedTransaction(paymentSessionId)
    if (handed) {
      this.assertBelongs(handed, data)
      this.assertExpressApplied(handed, data)
      return { status: sessionStatusOf(undefined, handed), data: withTransaction(input.data, data, handed) }
    }
    // Dintero's callback may be reading this payment's transaction right now: take its answer.
    const joined = await joinReadInFlight(paymentSessionId)
    if (joined && isPaidOrHeld(joined) && belongsTo(joined, data)) {
      this.assertExpressApplied(joined, data)
      return { status: sessionStatusOf(undefined, joined), data: withTransaction(input.data, data, joined) }
    }
    const { status, transaction } = await shareRead(paymentSessionId, () => this.readState(data, "authorize the Dintero payment"))
    if (transaction && isPaidOrHeld(transaction)) this.assertExpressApplied(transaction, data)
    return { status, data: withTransaction(input.data, data, transaction) }
  }

  /**
   * The card of a checkout that asked to save it: the token is read from Dintero (one request,
   * only for these checkouts) and stored server-side for the customer Dintero's metadata names.
   * The payment stands whatever happens here: a card that could not be saved is logged.
   */
  private async saveCheckoutCard(paymentData: Record<string, unknown> | undefined, data: DinteroPaymentData): Promise<Record<string, unknown>> {
    const transactionId = stringOrUndefined(paymentData?.transaction_id)
    if (!transactionId) return { ...paymentData }
    try {
      const transaction = await this.client.getTransaction(transactionId, { includePaymentToken: true })
      this.assertBelongs(transaction, data)
      const customerId = customerOfTransaction(transaction)
      const card = customerId ? savedCardOf(transaction, this.providerId, customerId) : undefined
      if (!card) return { ...paymentData }
      const saved = await savedCardsStore(this.container as Record<string, unknown>).saveCard(card)
      return { ...paymentData, saved_payment_method_id: saved.id }
    } catch (error) {
      this.logger?.warn(`Dintero: the card of transaction ${transactionId} could not be saved: ${toMedusaError(error, "save the card").message}`)
      return { ...paymentData }
    }
  }

  /**
   * Charges a saved card for a merchant-initiated payment (merchant-initiated.ts), under the
   * payment's lock, with the payment session id as Dintero's merchant_reference: a repeat, a lost
   * answer or a second instance finds the first charge instead of making another. A refused card
   * is the session's `error` status (Medusa then refuses the authorization), with Dintero's code
   * and message in the data; DO_NOT_RETRY also blocks the card for every later charge.
   */
  private async chargeSavedCard(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const charge = readChargeData(input.data)
    const store = savedCardsStore(this.container as Record<string, unknown>)
    try {
      return await withPaymentLock(this.locking(), charge.session_id, async () => {
        const card = await store.retrieveDinteroSavedCard(charge.payment_method_id)
        if (card.provider_id !== this.providerId) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The saved card ${card.id} belongs to another Dintero provider`)
        }
        if (card.blocked_reason) {
          return { status: "error", data: { ...input.data, do_not_retry: true, dintero_error: { type: "DO_NOT_RETRY", message: card.blocked_reason } } }
        }
        const target = await this.medusa.checkoutOfPaymentSession(charge.session_id)
        const { order } = this.orderFor(target, charge.amount, charge.currency, undefined)
        const product = card.payment_product_type as DinteroTokenPaymentProductType
        const result = await this.client.payWithToken({
          session: {
            order: { ...order, merchant_reference: charge.merchant_reference },
            url: { callback_url: buildCallbackUrl(this.options_, this.providerId) },
            customer: { customer_id: card.customer_id, tokens: { [product]: { payment_token: card.payment_token } } },
            metadata: {
              ext_medusa_payment_session_id: charge.session_id,
              ...(target?.kind === "order" ? { ext_medusa_order_id: target.order.id, ext_medusa_payment_collection_id: target.paymentCollectionId } : {}),
            },
          },
          payment: { payment_product_type: product, operation: "unscheduled_purchase" },
        })
        const transaction = result.transaction
        const data = {
          ...input.data,
          dintero_session_id: transaction.session_id ?? undefined,
          transaction_id: transaction.id,
          transaction_status: transaction.status,
        }
        if (result.paid) {
          const paymentData = readPaymentData(data, "charge the saved card")
          this.assertBelongs(transaction, paymentData)
          return { status: sessionStatusOf(undefined, transaction), data: withTransaction(data, paymentData, transaction) }
        }
        const reason = `${result.error?.code ?? transaction.status}: ${result.error?.message ?? "the card was refused"}`
        if (result.doNotRetry) {
          await store.blockCard(card.id, reason)
          this.logger?.warn(`Dintero: saved card ${card.id} refused with DO_NOT_RETRY (${reason}); it is never charged again`)
        }
        return { status: "error", data: { ...data, do_not_retry: result.doNotRetry, dintero_error: result.error ?? { message: reason } } }
      })
    } catch (error) {
      throw toMedusaError(error, "charge the saved card")
    }
  }

  /**
   * An Express payment makes an order only once the shopper's choices in Dintero's checkout (the
   * address, the shipping option) are on the cart: the plugin writes them first (the callback, or
   * the storefront's return through /store/dintero/carts/:id/express), never Medusa's completion.
   */
  private assertExpressApplied(transaction: DinteroTransaction, data: DinteroPaymentData): void {
    if (!data.express || data.express_transaction_id === transaction.id) return
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The Express checkout's address and shipping option are not on the cart yet (Dintero transaction ${transaction.id}): the plugin writes them before the order is made; try again in a moment`
    )
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

  // --- money moves (Medusa's own operations only) -------------------------------------------

  /**
   * Captures what Medusa records. Medusa passes no amount, but it writes the capture (its id is
   * the idempotency key) before calling: the amount is read from there, so a partial capture in
   * the admin is a partial capture at Dintero. Under the payment's lock, only the part of
   * Medusa's captures that Dintero does not have yet is sent (src/money/ledger.ts), with the
   * capture id as Dintero's `capture_reference`: a capture made in Backoffice, an auto-capture or
   * a lost answer counts as done, and a retry finds it instead of repeating it. When the capture
   * cannot be read, nothing is captured (never "everything" by guess).
   */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = readPaymentData(input.data, "capture the Dintero payment")
    const reference = input.context?.idempotency_key
    const paymentSessionId = data.session_id ?? data.merchant_reference
    try {
      const row = await this.medusaOperation("capture", paymentSessionId, reference, data.currency)
      if (row.recordedFromDintero) return { data: { ...input.data } }
      return await withPaymentLock(this.locking(), paymentSessionId, async () => {
        const transaction = await this.paidTransaction(data)
        if (findAppliedOperation(transaction, "CAPTURE", row.id)) {
          return { data: withTransaction(input.data, data, transaction) }
        }
        const ledger = await this.medusaLedger(paymentSessionId, data.currency)
        const { send, room, exceedsRoom } = captureToSend(ledgerTotalsOf(transaction), ledger, row.amount)
        if (send === 0) return { data: withTransaction(input.data, data, transaction) }
        if (!CAPTURABLE.has(transaction.status)) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `The Dintero transaction ${transaction.id} is ${transaction.status} and cannot be captured`
          )
        }
        if (exceedsRoom) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `Cannot capture ${this.format(send, data.currency)}: only ${this.format(room, data.currency)} of the Dintero transaction ${transaction.id} is left to capture`
          )
        }
        const intent = takeIntent(paymentSessionId, "capture", send)
        const plan = await planLineOperation({ kind: "capture", transaction, medusa: this.medusa, paymentSessionId, amount: send, intent })
        if (plan.kind === "refused") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, plan.message)
        const rules = paymentProductRules(transaction.payment_product_type)
        const releaseWithCapture = plan.kind === "lines" && plan.releasesRest && rules.finalCapture
        const result = await this.moveMoney(paymentSessionId, "capture", () =>
          this.client.captureTransaction(transaction.id, {
            amount: send,
            capture_reference: intent?.reference ?? row.id,
            ...(plan.kind === "lines" ? { items: plan.items } : {}),
            ...(releaseWithCapture ? { final_capture: true } : {}),
          })
        )
        if (plan.kind === "lines" && plan.releasesRest && !releaseWithCapture) {
          const released = await this.releaseRest(paymentSessionId, result.transaction, "every line of the order is captured")
          return { data: withTransaction(input.data, data, released, result.accepted ? { capture_pending: true } : {}) }
        }
        return { data: withTransaction(input.data, data, result.transaction, result.accepted ? { capture_pending: true } : {}) }
      })
    } catch (error) {
      throw toMedusaError(error, "capture the Dintero payment")
    }
  }

  /**
   * Refunds what Medusa records, the same way as captures: the refund row (Medusa writes it
   * before calling) is this refund; only the part of Medusa's refunds that Dintero lacks is sent,
   * with the refund id as `refund_reference`. A refund made in Backoffice and then entered in the
   * admin, or an admin retry after a lost answer, therefore refunds once. A refund of everything
   * captured sends the lines; a partial one the amount alone (cards, Vipps and Swish accept it).
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readPaymentData(input.data, "refund the Dintero payment")
    const reference = input.context?.idempotency_key
    const paymentSessionId = data.session_id ?? data.merchant_reference
    try {
      if (toMinorUnits(input.amount, data.currency) <= 0) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "A refund amount must be greater than zero")
      }
      const row = await this.medusaOperation("refund", paymentSessionId, reference, data.currency)
      // Recorded by the settlement from Dintero's own report: nothing to move.
      if (row.recordedFromDintero) return { data: { ...input.data } }
      return await withPaymentLock(this.locking(), paymentSessionId, async () => {
        const transaction = await this.paidTransaction(data)
        if (findAppliedOperation(transaction, "REFUND", row.id)) {
          return { data: withTransaction(input.data, data, transaction) }
        }
        const ledger = await this.medusaLedger(paymentSessionId, data.currency)
        const { send, room, exceedsRoom } = refundToSend(ledgerTotalsOf(transaction), ledger, row.amount)
        if (send === 0) return { data: withTransaction(input.data, data, transaction) }
        if (exceedsRoom) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `Cannot refund ${this.format(send, data.currency)}: only ${this.format(room, data.currency)} of the Dintero transaction ${transaction.id} is captured and not yet refunded`
          )
        }
        const intent = takeIntent(paymentSessionId, "refund", send)
        const plan = await planLineOperation({ kind: "refund", transaction, medusa: this.medusa, paymentSessionId, amount: send, intent })
        if (plan.kind === "refused") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, plan.message)
        const result = await this.moveMoney(paymentSessionId, "refund", () =>
          this.client.refundTransaction(transaction.id, {
            amount: send,
            refund_reference: intent?.reference ?? row.id,
            ...(plan.kind === "lines" ? { items: plan.items } : {}),
          })
        )
        return { data: withTransaction(input.data, data, result.transaction, result.accepted ? { refund_pending: true } : {}) }
      })
    } catch (error) {
      throw toMedusaError(error, "refund the Dintero payment")
    }
  }

  /**
   * Releases an authorization because Medusa discards the payment (order cancelled, or Medusa
   * compensating a failed completion): a deliberate release, logged at error level with every id
   * and reported to the admin (invariant I3). Nothing to release (voided, declined, failed) is
   * success; a captured payment must be refunded instead, which Medusa does itself.
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = readPaymentData(input.data, "cancel the Dintero payment")
    const paymentSessionId = data.session_id ?? data.merchant_reference
    try {
      return await withPaymentLock(this.locking(), paymentSessionId, async () => {
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
        if (capturedAmount(transaction) > 0) {
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `The Dintero transaction ${transaction.id} is ${transaction.status}: a captured payment is refunded, not cancelled`
          )
        }
        const result = await this.moveMoney(paymentSessionId, "void", () => this.client.voidTransaction(transaction.id))
        const ids = `payment session ${paymentSessionId}, Dintero session ${data.dintero_session_id}, transaction ${transaction.id}, ${this.format(transaction.amount, transaction.currency)}`
        this.logger?.error(`Dintero: authorization released because Medusa cancelled the payment (${ids})`)
        this.emit(DINTERO_RELEASED_EVENT, {
          payment_session_id: paymentSessionId,
          provider_id: this.providerId,
          dintero_session_id: data.dintero_session_id,
          transaction_id: transaction.id,
          reason: "Medusa cancelled the payment (order cancelled, or a failed cart completion compensated)",
        })
        return { data: withTransaction(input.data, data, result.transaction, result.accepted ? { void_pending: true } : {}) }
      })
    } catch (error) {
      throw toMedusaError(error, "cancel the Dintero payment")
    }
  }

  // --- account holders and saved cards ---------------------------------------------------------

  /**
   * Dintero keeps no customer of its own for tokens: a Dintero account holder is the Medusa
   * customer (its id), and the customer's saved cards are kept in the dintero_saved_cards module.
   * Nothing is sent to Dintero.
   */
  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    const customerId = input.context.customer.id
    return { id: customerId, data: { customer_id: customerId } }
  }

  async retrieveAccountHolder(input: RetrieveAccountHolderInput): Promise<RetrieveAccountHolderOutput> {
    return { id: input.id, data: { customer_id: input.id } }
  }

  async updateAccountHolder(input: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    return { data: { customer_id: accountHolderCustomer(input.context.account_holder) } }
  }

  /** The customer's saved cards go with the account holder. */
  async deleteAccountHolder(input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    const customerId = accountHolderCustomer(input.context.account_holder)
    const store = savedCardsStore(this.container as Record<string, unknown>)
    const cards = await store.cardsOf(this.providerId, customerId)
    if (cards.length) await store.softDeleteDinteroSavedCards(cards.map((card) => card.id))
    return { data: {} }
  }

  /** The account holder's saved cards: brand, masked number, expiry; never the token. */
  async listPaymentMethods(input: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const customerId = accountHolderCustomer(input.context?.account_holder)
    const cards = await savedCardsStore(this.container as Record<string, unknown>).cardsOf(this.providerId, customerId)
    return cards.map((card) => ({ id: card.id, data: { ...savedCardView(card) } }))
  }

  /**
   * Saves the card of a paid Dintero session or transaction (`data.dintero_session_id` or
   * `data.transaction_id`: a payment token session, or a checkout that made a token) for the
   * account holder. The session must have been made for that customer (Dintero's metadata).
   */
  async savePaymentMethod(input: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    const customerId = accountHolderCustomer(input.context?.account_holder)
    try {
      const saved = await saveCardOfPaidSession(this.client, savedCardsStore(this.container as Record<string, unknown>), this.providerId, customerId, {
        transactionId: stringOrUndefined(input.data?.transaction_id),
        dinteroSessionId: stringOrUndefined(input.data?.dintero_session_id),
      })
      return { id: saved.id, data: { ...savedCardView(saved) } }
    } catch (error) {
      throw toMedusaError(error, "save the card")
    }
  }

  /**
   * Removes a saved card (`data.id`), of the account holder when one is given. Dintero's Checkout
   * API has no call to delete a token: once removed here it is never sent to Dintero again.
   */
  async deletePaymentMethod(input: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    const store = savedCardsStore(this.container as Record<string, unknown>)
    const holder = input.context?.account_holder
    const card = holder
      ? await store.ownedCard(input.data.id, { customerId: accountHolderCustomer(holder), providerId: this.providerId })
      : await store.retrieveDinteroSavedCard(input.data.id)
    await store.softDeleteDinteroSavedCards([card.id])
    return { data: { id: card.id } }
  }

  // --- callbacks ------------------------------------------------------------------------------

  /**
   * Medusa's generic webhook route (`/hooks/payment/dintero_<id>`) answers 200 before anything is
   * checked and would turn an action into captures. Dintero's callbacks go to the plugin's own
   * route instead (route → verifier → settlement workflow), so nothing arriving here is acted on.
   */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    this.logger?.debug?.("Dintero: a request to Medusa's generic payment webhook route was ignored; Dintero calls /hooks/dintero/{provider id}/callback")
    return { action: "not_supported" }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The session and its transaction as Dintero has them, checked against this payment. */
  private async readState(
    data: DinteroPaymentData,
    action: string
  ): Promise<{ status: ReturnType<typeof sessionStatusOf>; session?: DinteroSession; transaction?: DinteroTransaction }> {
    try {
      const { session, transaction } = await readDinteroState(this.client, data)
      return { status: sessionStatusOf(session, transaction), session, transaction }
    } catch (error) {
      if (error instanceof TransactionMismatchError) this.logger?.error(`Dintero: ${error.message}`)
      throw toMedusaError(error instanceof TransactionMismatchError ? new MedusaError(MedusaError.Types.NOT_ALLOWED, error.message) : error, action)
    }
  }

  /**
   * The Medusa capture or refund this call is for (Medusa's idempotency key is its id), in minor
   * units. Refused when it cannot be read: without it the amount is unknown, and guessing
   * "everything" is how a partial capture becomes a full one.
   */
  private async medusaOperation(
    kind: "capture" | "refund",
    paymentSessionId: string,
    reference: string | undefined,
    currency: string
  ): Promise<{ id: string; amount: number; recordedFromDintero: boolean }> {
    const ledger = await this.medusa.ledgerOfPaymentSession(paymentSessionId)
    if (ledger === undefined) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Nothing was sent to Dintero: the ${kind} amount is read from Medusa's records, and the payment module has no access to "query". ${DEPENDENCIES_FIX}.`
      )
    }
    const rows = kind === "capture" ? ledger?.captures : ledger?.refunds
    const row = reference ? rows?.find((candidate) => candidate.id === reference) : undefined
    if (!row) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Nothing was sent to Dintero: Medusa's ${kind} ${reference ?? "(no id)"} of payment session ${paymentSessionId} could not be read, so its amount is unknown. Try again.`
      )
    }
    return {
      id: row.id,
      amount: toMinorUnits(row.amount as AmountInput, currency),
      recordedFromDintero: row.created_by === RECORDED_FROM_DINTERO,
    }
  }

  /** Medusa's captures and refunds of the payment, in minor units (read again under the lock). */
  private async medusaLedger(paymentSessionId: string, currency: string): Promise<MedusaLedger> {
    return medusaLedgerOf(await this.medusa.ledgerOfPaymentSession(paymentSessionId), currency)
  }

  /**
   * Sends a capture, refund or void. When its outcome stays unknown (the answer was lost and the
   * transaction could not be read back), Medusa rolls its record back although Dintero may have
   * applied it: a settlement a little later records what Dintero really did.
   */
  private async moveMoney<T>(paymentSessionId: string, operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send()
    } catch (error) {
      if (error instanceof DinteroError && error.transient) {
        this.logger?.warn(`Dintero ${operation} for payment session ${paymentSessionId}: outcome unknown (${error.message}); settling again in ${RECHECK_DELAY_MS} ms`)
        this.emit(DINTERO_RECHECK_EVENT, { payment_session_id: paymentSessionId, provider_id: this.providerId, reason: `${operation} outcome unknown` }, RECHECK_DELAY_MS)
      }
      throw error
    }
  }

  /** The uncaptured rest of an authorization the order no longer needs (release-rest.ts); a failure is logged, the capture stands. */
  private async releaseRest(paymentSessionId: string, transaction: DinteroTransaction, reason: string): Promise<DinteroTransaction> {
    try {
      const result = await this.moveMoney(paymentSessionId, "void", () => releaseUncapturedRest(this.client, transaction, reason, this.logger))
      return result.transaction
    } catch (error) {
      this.logger?.error(`Dintero: the uncaptured rest of transaction ${transaction.id} could not be released: ${toMedusaError(error, "void").message}`)
      return transaction
    }
  }

  private emit(name: string, data: DinteroPaymentEventData, delay?: number): void {
    const eventBus = this.resolveOptional<IEventBusModuleService>(Modules.EVENT_BUS)
    eventBus?.emit({ name, data }, delay ? { delay } : {}).catch((error: unknown) => {
      this.logger?.warn(`Dintero: could not emit ${name}: ${(error as Error).message}`)
    })
  }

  private locking(): ILockingModule | undefined {
    return this.resolveOptional<ILockingModule>(Modules.LOCKING)
  }

  private resolveOptional<T>(key: string): T | undefined {
    try {
      return ((this.container as Record<string, unknown>)[key] as T | undefined) ?? undefined
    } catch {
      return undefined // Awilix throws for an unregistered name
    }
  }

  private format(minor: number, currency: string): string {
    return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`
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

/** The Medusa customer of a Dintero account holder (createAccountHolder). */
function accountHolderCustomer(holder: Partial<Pick<AccountHolderDTO, "external_id">> & { data?: Record<string, unknown> } | undefined): string {
  const customerId = stringOrUndefined(holder?.data?.customer_id) ?? stringOrUndefined(holder?.external_id)
  if (!customerId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "context.account_holder is required (a Dintero account holder of a customer)")
  return customerId
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined
}

export default DinteroProviderService
