/**
 * The admin API's payloads (src/api/admin/dintero), in one place: the workflows that produce them
 * and the admin pages that read them import these. No imports: the admin bundle takes it as is.
 */

/** `GET /admin/dintero/profiles` → `{ profiles: DinteroProfileSummary[] }`. */
export type DinteroProfileSummary = { id: string; description: string | null }

/** `GET|POST /admin/dintero/profile-assignments`. `region_id`/`sales_channel_id` null for the default. */
export type ProfileAssignment = {
  id: string
  provider_id: string
  profile_id: string
  region_id: string | null
  sales_channel_id: string | null
  /** Sessions of this scope are Express Checkout sessions (address and shipping chosen in Dintero's checkout). */
  express: boolean
}

/** `POST /admin/dintero/profile-assignments` body. */
export type AssignmentInput = {
  provider_id: string
  profile_id: string
  region_id?: string | null
  sales_channel_id?: string | null
  /** Default false. */
  express?: boolean
}

/** `GET /admin/dintero/status`: the connection of one Dintero provider, never a secret. */
export type DinteroStatus = {
  provider_id: string
  account_id: string
  environment: "test" | "production"
  token_ok: boolean
  token_error?: string
  signature_secret_configured: boolean
  callback_url: string
  /** The profile of the provider's default: its default assignment, else the `profileId` option. */
  default_profile_id: string
  /** The `profileId` option of medusa-config.ts: what applies once no assignment matches. */
  option_profile_id: string
}

export type DinteroTransactionEvent = {
  id?: string
  event: string
  success: boolean
  /** Minor units. */
  amount: number | null
  reference: string | null
  created_at: string | null
  created_by: string | null
  error: string | null
}

/**
 * One line of a Dintero transaction (an order line, or the shipping) with what Dintero reports as
 * captured and refunded of it, summed over the successful captures' and refunds' items. Minor units.
 * A capture or refund item without a quantity (part of a line) adds to `amount` only.
 */
export type DinteroTransactionLine = {
  /** Dintero's `line_id` (the plugin derives it from the cart's line item or shipping method id). */
  line_id: string
  description: string | null
  /** What was authorized of the line. */
  quantity: number
  amount: number
  captured: { quantity: number; amount: number }
  refunded: { quantity: number; amount: number }
  /** The shipping line (`type: "shipping"` at Dintero). */
  shipping: boolean
}

/** `GET /admin/dintero/payments/:id` → `{ dintero_payment }`: a Dintero payment read live. */
export type LiveDinteroPayment = {
  payment_id: string
  provider_id: string
  profile_id: string | null
  dintero_session_id: string | null
  transaction: null | {
    id: string
    status: string
    payment_product: string | null
    payment_product_type: string | null
    card: { brand?: string; masked_pan?: string; expiry_date?: string } | null
    currency: string
    /** Minor units. */
    amounts: { authorized: number; captured: number; refunded: number }
    events: DinteroTransactionEvent[]
    /** Per line, from the same read of the transaction: empty when Dintero has no items for it. */
    lines: DinteroTransactionLine[]
    /**
     * False once a successful capture or refund names no lines (made by amount alone: a card's
     * partial capture, Dintero Backoffice): its split per line is unknown, so the captured and
     * refunded figures of `lines` leave it out and fall short of `amounts`.
     */
    lines_attributable: boolean
  }
}

/** A capture-on-shipment mode as stored per profile; "inherit" means the provider's option applies. */
export type CaptureOnShipmentSetting = "inherit" | "off" | "fulfillment" | "shipment"

/** `GET|POST /admin/dintero/profile-settings`: one profile's settings for one Dintero provider. */
export type ProfileSetting = {
  provider_id: string
  profile_id: string
  capture_on_shipment: CaptureOnShipmentSetting
  /** What applies to payments made with this profile: the setting, else the provider's `captureOnShipment` option. */
  effective_capture_on_shipment: "off" | "fulfillment" | "shipment"
}

/** `POST /admin/dintero/profile-settings` body. */
export type ProfileSettingInput = {
  provider_id: string
  profile_id: string
  capture_on_shipment: CaptureOnShipmentSetting
}
