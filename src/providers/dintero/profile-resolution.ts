/**
 * Which Dintero payment profile a new session uses. Pure: the assignments are read by the caller.
 *
 * Most specific first: the cart's sales channel, then its region, then the provider's default
 * assignment, then the `profileId` option. Deleting an assignment falls back down this chain.
 */
export type ProfileAssignment = {
  profile_id: string
  region_id: string | null
  sales_channel_id: string | null
  /** Express Checkout for this scope (absent in rows written before it existed: false). */
  express?: boolean | null
}

/** The profile of a new session, and whether the assignment that chose it makes it an Express session. */
export type ProfileChoice = { profileId: string; source: "sales_channel" | "region" | "default" | "option"; express: boolean }

export function resolveProfile(
  assignments: readonly ProfileAssignment[],
  cart: { region_id?: string | null; sales_channel_id?: string | null } | undefined,
  optionProfileId: string
): ProfileChoice {
  const bySalesChannel = cart?.sales_channel_id
    ? assignments.find((a) => a.sales_channel_id === cart.sales_channel_id && !a.region_id)
    : undefined
  if (bySalesChannel) return { profileId: bySalesChannel.profile_id, source: "sales_channel", express: bySalesChannel.express === true }
  const byRegion = cart?.region_id ? assignments.find((a) => a.region_id === cart.region_id && !a.sales_channel_id) : undefined
  if (byRegion) return { profileId: byRegion.profile_id, source: "region", express: byRegion.express === true }
  const byDefault = assignments.find((a) => !a.region_id && !a.sales_channel_id)
  if (byDefault) return { profileId: byDefault.profile_id, source: "default", express: byDefault.express === true }
  return { profileId: optionProfileId, source: "option", express: false }
}

/** The unique scope of an assignment: one per provider and scope. */
export function assignmentScope(assignment: { region_id?: string | null; sales_channel_id?: string | null }): string {
  if (assignment.sales_channel_id) return `sales_channel:${assignment.sales_channel_id}`
  if (assignment.region_id) return `region:${assignment.region_id}`
  return "default"
}
