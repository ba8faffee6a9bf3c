import { z } from "zod"

/*
 * The Dintero Checkout payloads this plugin sends and reads, as zod schemas: the single source of
 * their TypeScript types. Field names follow Dintero's published spec ("spec-payments").
 *
 * Requests are strict about what we must send correctly (integers for money, the fields Dintero
 * requires). Responses are `looseObject`s: Dintero adds fields over time, and a new field must
 * never break a payment; only the fields we act on are checked.
 */

const minorUnits = z.number().int()

/** VAT as a percent (25, not 0.25) with at most 2 decimals. */
const vatPercentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, { message: "VAT is a percent with at most 2 decimals" })

export const orderItemTypes = [
  "physical",
  "digital",
  "service",
  "gift_card",
  "shipping",
  "surcharge",
] as const

export const orderItemSchema = z.object({
  id: z.string().optional(),
  line_id: z.string().min(1),
  description: z.string().optional(),
  quantity: z.number().positive().optional(),
  /** Gross line total (unit × quantity, after discounts, incl. VAT) in minor units. */
  amount: minorUnits,
  vat_amount: minorUnits.optional(),
  vat: vatPercentSchema.optional(),
  type: z.enum(orderItemTypes).optional(),
  thumbnail_url: z.string().optional(),
  eligible_for_discount: z.boolean().optional(),
})
export type DinteroOrderItem = z.infer<typeof orderItemSchema>

export const shippingOptionSchema = z.object({
  id: z.string().min(1),
  line_id: z.string().min(1),
  amount: minorUnits,
  vat_amount: minorUnits.optional(),
  vat: vatPercentSchema.optional(),
  title: z.string(),
  description: z.string().optional(),
  operator: z.string(),
  operator_product_id: z.string().optional(),
  delivery_method: z.enum(["delivery", "pick_up", "unspecified", "none"]).optional(),
})
export type DinteroShippingOption = z.infer<typeof shippingOptionSchema>

export const orderAddressSchema = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  address_line: z.string().optional(),
  address_line_2: z.string().optional(),
  co_address: z.string().optional(),
  business_name: z.string().optional(),
  postal_code: z.string().optional(),
  postal_place: z.string().optional(),
  country: z.string().length(2).optional(),
  phone_number: z.string().optional(),
  email: z.string().optional(),
  /** A business customer (Express Checkout with `customer_types` including b2b). */
  organization_number: z.string().optional(),
})
export type DinteroOrderAddress = z.infer<typeof orderAddressSchema>

/** The order content that can change while the session is unpaid (`PUT /v1/sessions/{id}`). */
export const sessionOrderUpdateSchema = z.object({
  amount: minorUnits.nonnegative(),
  currency: z.string().length(3),
  vat_amount: minorUnits.optional(),
  items: z.array(orderItemSchema).optional(),
  shipping_option: shippingOptionSchema.optional(),
  shipping_address: orderAddressSchema.optional(),
  billing_address: orderAddressSchema.optional(),
  partial_payment: z.boolean().optional(),
})
export type DinteroSessionOrderUpdate = z.infer<typeof sessionOrderUpdateSchema>

export const sessionOrderSchema = sessionOrderUpdateSchema.extend({
  merchant_reference: z.string().min(1),
  merchant_reference_2: z.string().optional(),
})
export type DinteroSessionOrder = z.infer<typeof sessionOrderSchema>

export const sessionCustomerSchema = z.object({
  customer_id: z.string().optional(),
  email: z.string().optional(),
  /** E.123 with a leading "+". */
  phone_number: z.string().optional(),
})
export type DinteroSessionCustomer = z.infer<typeof sessionCustomerSchema>

/** Metadata values are strings or numbers; keys should start with "ext" (other prefixes are reserved). */
export const metadataSchema = z.record(z.string().regex(/^ext/), z.union([z.string(), z.number()]))

/** `configuration.payex|bambora`: the card product, and whether paying with it saves the card. */
const cardConfigurationSchema = z.object({
  creditcard: z.object({ enabled: z.boolean(), generate_payment_token: z.boolean().optional() }),
})

export const createSessionRequestSchema = z.object({
  profile_id: z.string().min(1),
  url: z.object({
    return_url: z.string().url(),
    callback_url: z.string().url().optional(),
    merchant_terms_url: z.string().url().optional(),
  }),
  order: sessionOrderSchema,
  customer: sessionCustomerSchema
    .extend({
      // A saved card the customer pays with at checkout (customer-initiated: they confirm it).
      tokens: z.lazy(() => customerTokensSchema).optional(),
    })
    .optional(),
  expires_at: z.string().optional(),
  metadata: metadataSchema.optional(),
  express: z.lazy(() => expressSessionSchema).optional(),
  configuration: z
    .object({
      discounts: z.object({ express_discount_codes: z.object({ enabled: z.boolean() }) }).optional(),
      // Saving the card: a payment token is made when the session is paid with this card product.
      payex: cardConfigurationSchema.optional(),
      bambora: cardConfigurationSchema.optional(),
    })
    .optional(),
})
export type DinteroCreateSessionRequest = z.infer<typeof createSessionRequestSchema>

export const createSessionResponseSchema = z.looseObject({
  id: z.string().min(1),
  url: z.string().min(1),
})
export type DinteroCreateSessionResponse = z.infer<typeof createSessionResponseSchema>

export const sessionEventSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  created_at: z.string().optional(),
})

export const sessionSchema = z.looseObject({
  id: z.string(),
  order: z.looseObject({
    amount: minorUnits,
    currency: z.string(),
    merchant_reference: z.string(),
  }),
  url: z.looseObject({ return_url: z.string().optional(), callback_url: z.string().optional() }).optional(),
  /** Set once the session is paid; a session has at most one transaction. */
  transaction_id: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  created_at: z.string().optional(),
  events: z.array(sessionEventSchema).optional(),
})
export type DinteroSession = z.infer<typeof sessionSchema>

export const transactionStatuses = [
  "INITIATED",
  "ON_HOLD",
  "AUTHORIZED",
  "PARTIALLY_CAPTURED",
  "CAPTURED",
  "PARTIALLY_CAPTURED_REFUNDED",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "AUTHORIZATION_VOIDED",
  "DECLINED",
  "FAILED",
  "UNKNOWN",
] as const
export type DinteroTransactionStatus = (typeof transactionStatuses)[number]

export const transactionEventSchema = z.looseObject({
  id: z.string().optional(),
  event: z.string(),
  transaction_status: z.string().optional(),
  success: z.boolean().optional(),
  amount: z.number().optional(),
  items: z.array(z.looseObject({ line_id: z.string(), amount: z.number().optional(), quantity: z.number().optional() })).optional(),
  event_reference: z.string().nullish(),
  request_id: z.string().nullish(),
  correlation_request_id: z.string().nullish(),
  created_at: z.string().optional(),
  /** `type` is Dintero's advice for a failed payment: `DO_NOT_RETRY` forbids trying the card again. */
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional(), type: z.string().optional() }).nullish(),
})
export type DinteroTransactionEvent = z.infer<typeof transactionEventSchema>

export const transactionItemSchema = z.looseObject({
  line_id: z.string(),
  id: z.string().optional(),
  description: z.string().optional(),
  quantity: z.number().optional(),
  amount: minorUnits,
  vat_amount: z.number().optional(),
  vat: z.number().optional(),
  type: z.string().optional(),
})
export type DinteroTransactionItem = z.infer<typeof transactionItemSchema>

/**
 * The card of a card transaction. `payment_token` (a secret: it charges the card) comes only with
 * `includes=card.payment_token`, for a session that asked for a token; keep it server-side.
 */
export const transactionCardSchema = z.looseObject({
  brand: z.string().nullish(),
  masked_pan: z.string().nullish(),
  /** `MM/YYYY`. */
  expiry_date: z.string().nullish(),
  type: z.string().nullish(),
  payment_token_id: z.string().nullish(),
  payment_token: z.string().nullish(),
})
export type DinteroTransactionCard = z.infer<typeof transactionCardSchema>

export const transactionSchema = z.looseObject({
  id: z.string(),
  session_id: z.string().nullish(),
  merchant_reference: z.string().nullish(),
  /** The authorized total; captures and refunds do not change it (read the events for those). */
  amount: minorUnits,
  currency: z.string(),
  status: z.enum(transactionStatuses).or(z.string()),
  payment_product: z.string().nullish(),
  payment_product_type: z.string().nullish(),
  items: z.array(transactionItemSchema).nullish(),
  events: z.array(transactionEventSchema).nullish(),
  card: transactionCardSchema.nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
})
export type DinteroTransaction = z.infer<typeof transactionSchema>

/** The card products that make and take payment tokens. */
export const tokenPaymentProductTypes = ["payex.creditcard", "bambora.creditcard"] as const
export type DinteroTokenPaymentProductType = (typeof tokenPaymentProductTypes)[number]

/**
 * `POST /v1/sessions/pay`: a merchant-initiated payment with a stored card's token (no customer
 * present). `merchant_reference` must be unique per intended charge: it is what makes a repeat safe.
 */
/** `customer.tokens`: the saved card's token under its product. A secret: it charges the card. */
export const customerTokensSchema = z.partialRecord(z.enum(tokenPaymentProductTypes), z.object({ payment_token: z.string().min(1) }))

export const payWithTokenRequestSchema = z.object({
  session: z.object({
    order: sessionOrderSchema,
    url: z.object({ callback_url: z.string().url().optional() }).optional(),
    customer: sessionCustomerSchema.extend({ tokens: customerTokensSchema }),
    metadata: metadataSchema.optional(),
  }),
  payment: z.object({
    payment_product_type: z.enum(tokenPaymentProductTypes),
    operation: z.literal("unscheduled_purchase"),
  }),
})
export type DinteroPayWithTokenRequest = z.infer<typeof payWithTokenRequestSchema>

/**
 * `POST /v1/sessions/payment-token`: a session that only saves a card (no amount is reserved);
 * paying it with the token provider's product makes a payment token.
 */
export const paymentTokenSessionRequestSchema = z.object({
  session: z.object({
    order: z.object({ currency: z.string().length(3), merchant_reference: z.string().min(1) }),
    url: z.object({ return_url: z.string().url(), callback_url: z.string().url().optional() }),
    profile_id: z.string().min(1).optional(),
    customer: sessionCustomerSchema.optional(),
    expires_at: z.string().optional(),
    metadata: metadataSchema.optional(),
  }),
  token_provider: z.object({
    payment_product_type: z.enum(tokenPaymentProductTypes),
    token_types: z.array(z.literal("payment_token")).min(1),
  }),
})
export type DinteroPaymentTokenSessionRequest = z.infer<typeof paymentTokenSessionRequestSchema>

/** Its answer: the transaction, and whether it paid (a refused card is a 200 with `success: false`). */
export const payWithTokenResponseSchema = transactionSchema.extend({
  success: z.boolean().optional(),
})

export const transactionListSchema = z.array(transactionSchema)

/** A line of a capture or refund (the spec's OrderItem): `line_id` names the transaction's line. */
export const operationItemSchema = z.object({
  line_id: z.string().min(1),
  amount: minorUnits,
  quantity: z.number().positive().optional(),
  id: z.string().optional(),
  description: z.string().optional(),
  vat: z.number().optional(),
  vat_amount: minorUnits.optional(),
})
export type DinteroOperationItem = z.infer<typeof operationItemSchema>

export const captureRequestSchema = z.object({
  amount: minorUnits.positive(),
  capture_reference: z.string().optional(),
  items: z.array(operationItemSchema).optional(),
  final_capture: z.boolean().optional(),
  metadata: z.record(z.string().regex(/^ext_/), z.union([z.string(), z.number()])).optional(),
})
export type DinteroCaptureRequest = z.infer<typeof captureRequestSchema>

export const refundRequestSchema = z.object({
  amount: minorUnits.positive(),
  refund_reference: z.string().optional(),
  reason: z.string().optional(),
  items: z.array(operationItemSchema).optional(),
  metadata: z.record(z.string().regex(/^ext_/), z.union([z.string(), z.number()])).optional(),
})
export type DinteroRefundRequest = z.infer<typeof refundRequestSchema>

/**
 * A payment profile (`GET /v1/admin/session/profiles[/{profile_id}]`): what a session's
 * `profile_id` names. Only the fields a merchant picks a profile by are checked; the per-gateway
 * configuration objects pass through as Dintero sends them.
 */
export const profileSchema = z.looseObject({
  id: z.string().min(1),
  /** The value to send as `profile_id`; equal to `id` on the accounts seen. */
  profile_id: z.string().min(1).optional(),
  /** Free text from Dintero's Backoffice; null is tolerated so one odd profile cannot break a listing. */
  description: z.string().nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  configuration: z
    .looseObject({
      auto_capture: z.boolean().optional(),
      default_payment_type: z.string().optional(),
      channel: z.string().optional(),
    })
    .optional(),
})
export type DinteroProfile = z.infer<typeof profileSchema>

export const profileListSchema = z.array(profileSchema)

export const accessTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
})
export type DinteroAccessToken = z.infer<typeof accessTokenSchema>

/** Dintero's error body: `{ error: { code?, message, errors? } }`. */
export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string(),
    errors: z.array(z.unknown()).optional(),
  }),
})

/**
 * Express Checkout: the customer gives the address in Dintero's checkout; Dintero POSTs the session
 * to `shipping_address_callback_url` (and the discount codes to `discount_codes.callback_url`) and
 * shows the `shipping_options` the store answers.
 */
export const expressSessionSchema = z.object({
  shipping_options: z.array(shippingOptionSchema),
  shipping_address_callback_url: z.string().url().optional(),
  discount_codes: z.object({ max_count: z.number().int().positive().optional(), callback_url: z.string().url() }).optional(),
  customer_types: z.array(z.enum(["b2c", "b2b"])).optional(),
})
export type DinteroExpressSession = z.infer<typeof expressSessionSchema>

/** What the store answers an Express callback: the options for the address, and the order when it changed. */
export const expressCallbackAnswerSchema = z.object({
  shipping_options: z.array(shippingOptionSchema),
  order: z
    .object({
      amount: minorUnits.nonnegative(),
      vat_amount: minorUnits.optional(),
      items: z.array(orderItemSchema).optional(),
      discount_codes: z.array(z.string()).optional(),
    })
    .optional(),
})
export type DinteroExpressCallbackAnswer = z.infer<typeof expressCallbackAnswerSchema>

/** The session as Dintero POSTs it to an Express callback (a hint: only what the store needs is read). */
export const expressCallbackBodySchema = z.looseObject({
  id: z.string().min(1),
  order: z.looseObject({
    currency: z.string().length(3),
    shipping_address: z.looseObject(orderAddressSchema.shape).optional(),
    shipping_option: z.looseObject({ id: z.string() }).optional(),
    discount_codes: z.array(z.string()).optional(),
  }),
})
export type DinteroExpressCallbackBody = z.infer<typeof expressCallbackBodySchema>

/** What an Express transaction carries beyond a plain one: the customer's choices in the checkout. */
export const expressTransactionSchema = z.looseObject({
  shipping_address: z.looseObject(orderAddressSchema.shape).nullish(),
  billing_address: z.looseObject(orderAddressSchema.shape).nullish(),
  shipping_option: z.looseObject({ id: z.string(), line_id: z.string().optional(), amount: minorUnits.optional() }).nullish(),
  customer: z.looseObject({ email: z.string().optional(), phone_number: z.string().optional() }).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
})
export type DinteroExpressTransaction = z.infer<typeof expressTransactionSchema>
