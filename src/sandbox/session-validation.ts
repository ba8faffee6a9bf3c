/**
 * Validation of session create (POST /v1/sessions-profile) and update (PUT /v1/sessions/{id})
 * bodies: the spec's required fields and types (SessionProfile, SessionOrder, OrderItem,
 * ShippingOption, OrderAddress), then the rules no schema expresses: unique line_ids, expires_at in
 * the future, and the sum rule (§4.2), always on update and on create only with the
 * `strict-session-amounts` feature toggle.
 *
 * Unknown fields are accepted and echoed back, as Dintero does with its many optional objects.
 */
import { z } from "zod"
import { type FieldError, validationError } from "./errors"
import type { SessionOrder } from "./types"
import {
  formatIssues,
  isAbsoluteUrl,
  isDateTime,
  isHttpUrl,
  metadataValue,
  minorUnits,
  vatPercent,
} from "./validation"

const ITEM_TYPES = ["physical", "digital", "service", "gift_card", "shipping", "surcharge"] as const

export const orderItem = z.object({
  id: z.string().optional(),
  line_id: z.string().min(1, "must not be empty").optional(),
  description: z.string().optional(),
  quantity: z.number().optional(),
  amount: minorUnits().optional(),
  vat_amount: minorUnits().optional(),
  vat: vatPercent().optional(),
  type: z.enum(ITEM_TYPES).optional(),
  thumbnail_url: z.string().optional(),
  groups: z.array(z.object({ id: z.string(), name: z.string().optional() })).optional(),
  eligible_for_discount: z.boolean().optional(),
  discount_lines: z.array(z.object({ amount: minorUnits().optional() })).optional(),
})

export const shippingOption = z.object({
  id: z.string(),
  line_id: z.string().min(1, "must not be empty"),
  amount: minorUnits().min(0, "must be 0 or more"),
  title: z.string(),
  /** May be "" (contract §4.1). */
  operator: z.string(),
  vat_amount: minorUnits().optional(),
  vat: vatPercent().optional(),
  description: z.string().optional(),
  operator_product_id: z.string().optional(),
  delivery_method: z.enum(["delivery", "pick_up", "unspecified", "none"]).optional(),
  countries: z.array(z.string()).optional(),
})

export const address = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  address_line: z.string().optional(),
  address_line_2: z.string().optional(),
  co_address: z.string().optional(),
  business_name: z.string().optional(),
  postal_code: z.string().optional(),
  postal_place: z.string().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code")
    .optional(),
  phone_number: z
    .string()
    .regex(/^\+?\d{5,15}$/, "must be a phone number in E.123 form, e.g. +4799999999")
    .optional(),
  email: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  comment: z.string().optional(),
  organization_number: z.string().optional(),
  organization_type: z.string().optional(),
  customer_reference: z.string().optional(),
  cost_center: z.string().optional(),
})

/** SessionOrderUpdate: every field of an order that an update may set. */
const orderFields = {
  amount: minorUnits().min(0, "must be 0 or more"),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code in upper case"),
  vat_amount: minorUnits().optional(),
  merchant_reference_2: z.string().optional(),
  items: z.array(orderItem).optional(),
  shipping_option: shippingOption.optional(),
  shipping_address: address.optional(),
  billing_address: address.optional(),
  partial_payment: z.boolean().optional(),
  discount_codes: z.array(z.string()).optional(),
  store: z.object({ id: z.string() }).optional(),
}

export const metadata = z
  .record(z.string(), metadataValue())
  .refine((value) => Object.keys(value).length <= 10, "must have at most 10 keys")

/** An order as a new session takes it (SessionOrder): POST /v1/sessions-profile and /v1/sessions/pay. */
export const newOrder = z.object({
  ...orderFields,
  merchant_reference: z.string().min(1, "must not be empty"),
  payout_destination_id: z.string().max(40).optional(),
})

/** `configuration.payex` / `configuration.bambora`: the card options, where a payment token is asked for. */
const gatewayCards = z
  .object({
    creditcard: z
      .object({
        enabled: z.boolean(),
        generate_payment_token: z.boolean().optional(),
        generate_recurrence_token: z.boolean().optional(),
      })
      .optional(),
  })
  .optional()

/** `customer.tokens.<payex|bambora>.creditcard`: a card saved earlier (recurrence tokens are not emulated). */
const savedCardToken = z.object({ payment_token: z.string().min(1, "must not be empty") }).optional()

const createSchema = z.object({
  profile_id: z.string().min(1, "must not be empty"),
  url: z.object({
    return_url: z.string().refine(isAbsoluteUrl, "must be an absolute URL"),
    callback_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional(),
    merchant_terms_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional(),
  }),
  order: newOrder,
  customer: z
    .object({
      customer_id: z.string().optional(),
      email: z.string().optional(),
      phone_number: z.string().optional(),
      // SessionCustomerTokens: a saved card the customer pays with (customer-initiated, they confirm).
      tokens: z
        .object({
          "payex.creditcard": savedCardToken,
          "bambora.creditcard": savedCardToken,
        })
        .optional(),
    })
    .optional(),
  expires_at: z.string().refine(isDateTime, "must be an ISO 8601 date-time, e.g. 2030-01-01T12:00:00Z").optional(),
  metadata: metadata.optional(),
  express: z
    .object({
      shipping_options: z.array(shippingOption),
      shipping_mode: z.enum(["shipping_required", "shipping_not_required"]).optional(),
      shipping_address_callback_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional(),
      discount_codes: z
        .object({
          max_count: z.number().int().min(1, "must be 1 or more").optional(),
          callback_url: z.string().refine(isHttpUrl, "must be an http(s) URL").optional(),
        })
        .optional(),
      customer_types: z.array(z.enum(["b2c", "b2b"])).min(1, "must name b2c, b2b or both").optional(),
    })
    .optional(),
  configuration: z
    .object({
      auto_capture: z.boolean().optional(),
      default_payment_type: z.string().optional(),
      channel: z.enum(["ecommerce", "in_app", "in_store"]).optional(),
      payex: gatewayCards,
      bambora: gatewayCards,
    })
    .optional(),
})

const updateSchema = z.object({
  order: z.object({
    ...orderFields,
    amount: orderFields.amount.optional(),
    currency: orderFields.currency.optional(),
  }),
  remove_lock: z.boolean().optional(),
})

export type SessionCreateBody = z.infer<typeof createSchema>

/** Rules across fields of an order; `prefix` is where the order sits in the body. */
export function orderRuleErrors(order: SessionOrder, prefix: string, enforceSum: boolean): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Map<string, number>()
  order.items?.forEach((item, index) => {
    if (item.line_id === undefined) return
    if (seen.has(item.line_id)) {
      errors.push({
        field: `${prefix}.items[${index}].line_id`,
        message: `duplicate line_id "${item.line_id}" (also items[${seen.get(item.line_id)}]); line_ids must be unique`,
      })
    } else {
      seen.set(item.line_id, index)
    }
  })
  const shipping = order.shipping_option
  if (shipping && seen.has(shipping.line_id)) {
    errors.push({
      field: `${prefix}.shipping_option.line_id`,
      message: `line_id "${shipping.line_id}" is also used by items[${seen.get(shipping.line_id)}]; the shipping option becomes a transaction line and needs its own`,
    })
  }
  if (enforceSum && order.items !== undefined) {
    const lines = order.items.reduce((sum, item) => sum + (item.amount ?? 0), 0) + (shipping?.amount ?? 0)
    const mismatch = order.partial_payment === true ? order.amount > lines : order.amount !== lines
    if (mismatch) {
      errors.push({
        field: `${prefix}.amount`,
        message:
          order.partial_payment === true
            ? `must not exceed the sum of items and shipping_option (${lines}) for a partial payment, got ${order.amount}`
            : `must equal the sum of items[].amount and shipping_option.amount (${lines}), got ${order.amount}`,
      })
    }
  }
  return errors
}

/** The known profile ids for an error message; a few, as an account may have hundreds. */
function knownList(ids: readonly string[], shown = 10): string {
  const more = ids.length > shown ? ` and ${ids.length - shown} more` : ""
  return `${ids.slice(0, shown).join(", ")}${more}`
}

export interface CreateContext {
  knownProfiles: string[]
  strictAmounts: boolean
  now: number
}

/** Returns the validated body (as sent) or throws a 400 listing every bad field. */
export function validateSessionCreate(body: unknown, context: CreateContext): SessionCreateBody & Record<string, unknown> {
  if (body === undefined) throw validationError([{ field: "body", message: "is required" }])
  const parsed = createSchema.safeParse(body)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, body))
  const valid = body as SessionCreateBody & Record<string, unknown>
  const errors: FieldError[] = []
  if (!context.knownProfiles.includes(valid.profile_id)) {
    errors.push({ field: "profile_id", message: `unknown payment profile "${valid.profile_id}" (known: ${knownList(context.knownProfiles)})` })
  }
  if (valid.expires_at !== undefined && Date.parse(valid.expires_at) <= context.now) {
    errors.push({ field: "expires_at", message: "must be in the future" })
  }
  errors.push(...orderRuleErrors(valid.order as SessionOrder, "order", context.strictAmounts))
  if (errors.length > 0) throw validationError(errors)
  return valid
}

export interface SessionUpdateBody {
  order: Partial<SessionOrder>
  remove_lock?: boolean
}

/**
 * Validates an update against the order it will produce (the current order with the sent fields
 * replaced). The sum rule always applies here (spec: "`order.amount` must be equal to the sum of
 * `order.items` and `order.shipping_option`").
 */
export function validateSessionUpdate(body: unknown, current: SessionOrder): { update: SessionUpdateBody; order: SessionOrder } {
  if (body === undefined) throw validationError([{ field: "body", message: "is required" }])
  const parsed = updateSchema.safeParse(body)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, body))
  const update = body as SessionUpdateBody
  const errors: FieldError[] = []
  for (const field of ["merchant_reference", "payout_destination_id"]) {
    if (field in update.order) {
      errors.push({ field: `order.${field}`, message: "cannot be changed by a session update" })
    }
  }
  const order = { ...current, ...update.order, merchant_reference: current.merchant_reference } as SessionOrder
  errors.push(...orderRuleErrors(order, "order", true))
  if (errors.length > 0) throw validationError(errors)
  return { update, order }
}
