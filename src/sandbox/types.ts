/**
 * The records the sandbox keeps. Public shapes follow Dintero's spec field names (snake_case); the
 * `Stored*` wrappers add what Dintero keeps to itself (the raw create request, a pay lock, pending
 * 202 operations), which the API never shows.
 */

export type JsonObject = { [key: string]: unknown }

export type TransactionStatus =
  | "INITIATED"
  | "AUTHORIZED"
  | "AUTHORIZATION_VOIDED"
  | "CAPTURED"
  | "PARTIALLY_CAPTURED"
  | "PARTIALLY_CAPTURED_REFUNDED"
  | "REFUNDED"
  | "PARTIALLY_REFUNDED"
  | "DECLINED"
  | "FAILED"
  | "UNKNOWN"
  | "ON_HOLD"

export type TransactionEventName =
  | "INITIALIZE"
  | "AUTHORIZE"
  | "CAPTURE"
  | "REFUND"
  | "VOID"
  | "INITIATE_CAPTURE"
  | "INITIATE_REFUND"
  | "INITIATE_VOID"

/** A line of a capture or refund, or of a transaction event. */
export interface EventItem {
  line_id: string
  amount: number
  quantity?: number
  [key: string]: unknown
}

export interface TransactionEvent {
  id: string
  event: TransactionEventName
  /** The transaction's status after this event. */
  transaction_status: TransactionStatus
  success: boolean
  amount?: number
  items?: EventItem[]
  /** The capture_reference or refund_reference sent with the operation. */
  event_reference?: string
  request_id: string
  /** On a CAPTURE/REFUND/VOID completing a 202: the request_id of its INITIATE_* event. */
  correlation_request_id?: string
  created_at: string
  created_by?: string
  metadata?: JsonObject
  /** `type` is the spec's error class; `DO_NOT_RETRY` tells a merchant never to retry the payment. */
  error?: { code: string; message: string; type?: PaymentErrorType }
}

export interface Transaction {
  id: string
  session_id: string
  merchant_reference: string
  merchant_reference_2?: string
  /** The authorized total; captures and refunds never change it. */
  amount: number
  currency: string
  status: TransactionStatus
  payment_product: string
  payment_product_type: string
  /** The session's order.items plus its shipping_option as a line (same line_id). */
  items: JsonObject[]
  shipping_option?: JsonObject
  shipping_address?: JsonObject
  billing_address?: JsonObject
  customer?: JsonObject
  card?: JsonObject
  events: TransactionEvent[]
  metadata: JsonObject
  url?: { callback_url?: string }
  settlement_status: "NOT_SETTLED"
  initiating_system_request_headers?: Record<string, string>
  created_at: string
  updated_at: string
}

/** A 202-accepted operation waiting to be applied. */
export interface PendingOperation {
  requestId: string
  kind: "CAPTURE" | "REFUND" | "VOID"
  amount: number
}

export interface StoredTransaction {
  data: Transaction
  /** The card's payment token: shown only with `includes=card.payment_token`, so it lives outside `data`. */
  paymentToken?: string
  /** The uncaptured rest was released (void after a partial capture, or final_capture). */
  restVoided: boolean
  pending: PendingOperation[]
}

export type SessionEventName =
  | "INITIATED"
  | "VISITED"
  | "COMPLETED"
  | "AUTHORIZED"
  | "DECLINED"
  | "FAILED"
  | "CANCELLED"
  | "UPDATE_SESSION"
  | "PAY_LOCK_START"
  | "PAY_LOCK_END"
  | "AUTH_CALLBACK_SENT"
  | "ON_HOLD_CALLBACK_SENT"

export interface SessionEvent {
  id: string
  name: SessionEventName
  created_at: string
  request_id?: string
  details?: JsonObject
}

export interface OrderItem extends JsonObject {
  line_id?: string
  amount?: number
  quantity?: number
  description?: string
  vat_amount?: number
  vat?: number
}

export interface ShippingOption extends JsonObject {
  id: string
  line_id: string
  amount: number
  title: string
  operator: string
  vat_amount?: number
  vat?: number
  description?: string
}

export interface SessionOrder extends JsonObject {
  amount: number
  currency: string
  merchant_reference: string
  merchant_reference_2?: string
  vat_amount?: number
  items?: OrderItem[]
  shipping_option?: ShippingOption
  shipping_address?: JsonObject
  billing_address?: JsonObject
  partial_payment?: boolean
}

export interface SessionUrls extends JsonObject {
  return_url: string
  callback_url?: string
  merchant_terms_url?: string
}

export interface Session {
  /** Every other field of the create request, echoed as sent (express, checkboxes, ...). */
  [key: string]: unknown
  id: string
  created_at: string
  updated_at: string
  profile_id: string
  url: SessionUrls
  order: SessionOrder
  customer?: JsonObject
  configuration: JsonObject
  expires_at?: string
  metadata: JsonObject
  events: SessionEvent[]
  transaction_id?: string
  cancelled_at?: string
  cancelled_by?: string
  initiating_system_request_headers?: Record<string, string>
}

export interface StoredSession {
  data: Session
  /** The create request as received (body, feature toggles, system headers), for /_sandbox. */
  createRequest: { body: unknown; featureToggles: string[]; headers: Record<string, string> }
  /**
   * The pay lock's id while the session is locked for an update (the Web SDK's lockSession(), or
   * POST /_sandbox/sessions/{id}/lock); a locked session cannot be paid. An update ends the lock.
   */
  payLockId?: string
  /** Transactions that did not pay the session (DECLINED, FAILED attempts). */
  attempts: string[]
  /** Express: the merchant's address and discount callbacks made for this session, oldest first. */
  expressCalls?: ExpressCall[]
  /** Express: the address came from a one-click wallet (country and postal code until it pays). */
  walletAddress?: boolean
  /** A payment token session (POST /v1/sessions/payment-token): no amount, paying it creates a token. */
  tokenProvider?: { payment_product_type: TokenProductType; token_types: string[] }
  /** Created and paid by POST /v1/sessions/pay: no customer, no return_url, never paid by the checkout. */
  merchantInitiated?: boolean
  /**
   * A saved card preloaded by `customer.tokens.<type>.payment_token` (POST /v1/sessions-profile):
   * the checkout offers it and the customer confirms; paying with that product uses its card.
   */
  savedCard?: { payment_product_type: TokenProductType; payment_token: string; card: JsonObject }
}

/** The payment products the spec lets tokenize a card (SessionCustomerTokens, TokenProvider). */
export const TOKEN_PRODUCT_TYPES = ["payex.creditcard", "bambora.creditcard"] as const
export type TokenProductType = (typeof TOKEN_PRODUCT_TYPES)[number]

/** The spec's transaction event `error.type` values. */
export const PAYMENT_ERROR_TYPES = [
  "DO_NOT_RETRY",
  "MODIFICATIONS_REQUIRED",
  "DAILY_LIMIT_EXCEEDED",
  "MONTHLY_LIMIT_EXCEEDED",
  "REJECTED_BY_ACQUIRER_INVALID_AMOUNT",
  "REJECTED_BY_ACQUIRER_FORMAT_ERROR",
  "REJECTED_BY_ACQUIRER_POSSIBLE_FRAUD",
  "REJECTED_BY_ACQUIRER_CARD_STOLEN",
  "REJECTED_BY_ACQUIRER_CARD_EXPIRED",
  "REJECTED_BY_ACQUIRER",
  "REJECTED_BY_ACQUIRER_INSUFFICIENT_FUNDS",
  "ACQUIRER_HOST_OFFLINE",
  "UNKNOWN",
] as const
export type PaymentErrorType = (typeof PAYMENT_ERROR_TYPES)[number]

/**
 * A card payment token. `payment_token` is the secret a merchant pays with; `payment_token_id` is
 * what transactions and sessions show without the include.
 */
export interface StoredPaymentToken {
  payment_token: string
  payment_token_id: string
  payment_product_type: TokenProductType
  card: JsonObject
  /** The session and transaction that created it. */
  session_id: string
  transaction_id: string
  created_at: string
  /** Set through /_sandbox: every payment with the token fails with this error (200 + FAILED). */
  decline?: { code: string; type: PaymentErrorType; message: string }
  revoked_at?: string
  /** Transactions of POST /v1/sessions/pay made with it, oldest first. */
  payments: string[]
}

/** One POST to an Express session's shipping_address_callback_url or discount_codes.callback_url. */
export interface ExpressCall {
  kind: "shipping_address" | "discount_codes"
  url: string
  at: string
  duration_ms: number
  status?: number
  error?: string
}
