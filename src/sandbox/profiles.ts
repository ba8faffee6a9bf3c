/**
 * Payment profiles (contract §4.6): `GET /v1/admin/session/profiles`, a bare array paged with
 * `limit` and `starting_after`, and `GET /v1/admin/session/profiles/{profile_id}`.
 *
 * The profiles are the `profiles` option, in its order. Each shows the configuration a session
 * created from it gets: `auto_capture` from the profile's flag (sessions.ts copies the same flag),
 * the hosted page's payment methods, and its default method. They never change, so they were
 * created and last updated when the sandbox started.
 */
import { notFound } from "./errors"
import { json, type SandboxResponse } from "./http"
import type { SandboxProfile } from "./options"
import { itemsAfter, pageLimit } from "./paging"
import { DEFAULT_PAYMENT_PRODUCT_TYPE } from "./payment"
import { OFFERED_METHODS } from "./payment-methods"
import type { RequestContext } from "./routing"
import type { Sandbox } from "./sandbox"
import type { JsonObject } from "./types"

export interface ProfileView {
  id: string
  /** What a session names in `profile_id`; equal to `id`, as on the accounts seen (§4.6). */
  profile_id: string
  description: string
  created_at: string
  created_by: string
  updated_at: string
  merchant: { name: string }
  configuration: JsonObject
}

export function profileDescription(profile: SandboxProfile): string {
  return profile.description ?? `Payment profile ${profile.id}`
}

const PRODUCT = { enabled: true, type: "payment_product_type", payability: "payable" } as const

/**
 * One `type: "payment_type"` object per gateway, holding its enabled products
 * (`dintero_psp: { type, creditcard: {...} }`). Vipps is a gateway and a product at once (spec
 * `VippsConfiguration`), so its object carries `enabled` and `payability` itself.
 */
function gateways(): JsonObject {
  const out: Record<string, JsonObject> = {}
  for (const [type] of OFFERED_METHODS) {
    const [gateway = type, product] = type.split(".")
    const entry = (out[gateway] ??= { type: "payment_type" })
    if (product === undefined) Object.assign(entry, { enabled: true, payability: "payable" })
    else entry[product] = { ...PRODUCT }
  }
  return out
}

function profileView(sandbox: Sandbox, profile: SandboxProfile): ProfileView {
  const { options, startedAt } = sandbox
  return {
    id: profile.id,
    profile_id: profile.id,
    description: profileDescription(profile),
    created_at: startedAt,
    created_by: options.clientId,
    updated_at: startedAt,
    merchant: { name: `Sandbox merchant ${options.accountId}` },
    configuration: {
      auto_capture: profile.autoCapture === true,
      channel: "ecommerce",
      publish: [],
      // Only the gateways listed below, not every payment type active on the account.
      active_payment_types: { enabled: false },
      default_payment_type: DEFAULT_PAYMENT_PRODUCT_TYPE,
      ...gateways(),
    },
  }
}

export function listProfiles(ctx: RequestContext): SandboxResponse {
  const params = ctx.url.searchParams
  const limit = pageLimit(params)
  const page = itemsAfter(ctx.sandbox.options.profiles, params, (profile) => profile.id).slice(0, limit)
  return json(
    200,
    page.map((profile) => profileView(ctx.sandbox, profile)),
  )
}

export function getProfile(ctx: RequestContext): SandboxResponse {
  const id = ctx.params[0] ?? ""
  const profile = ctx.sandbox.profile(id)
  if (!profile) throw notFound("Profile", id)
  return json(200, profileView(ctx.sandbox, profile))
}
