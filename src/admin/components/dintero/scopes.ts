import type { ProfileAssignment } from "../../lib/dintero-api"

export type Region = { id: string; name: string; currency_code?: string }
export type SalesChannel = { id: string; name: string; is_disabled?: boolean }
export type Scopes = { regions: Region[]; salesChannels: SalesChannel[] }

/** The key of an assignment's scope, as the API makes it unique: default, region:<id>, sales_channel:<id>. */
export function scopeKey(assignment: { region_id?: string | null; sales_channel_id?: string | null }): string {
  if (assignment.sales_channel_id) return `sales_channel:${assignment.sales_channel_id}`
  if (assignment.region_id) return `region:${assignment.region_id}`
  return "default"
}

/** `region:reg_1` → { region_id: "reg_1" } (the body of a POST). */
export function scopeBody(key: string): { region_id?: string; sales_channel_id?: string } {
  if (key.startsWith("region:")) return { region_id: key.slice("region:".length) }
  if (key.startsWith("sales_channel:")) return { sales_channel_id: key.slice("sales_channel:".length) }
  return {}
}

export type ScopeLabel = { kind: "Default" | "Region" | "Sales channel"; name: string; missing?: boolean }

export function scopeLabel(assignment: Pick<ProfileAssignment, "region_id" | "sales_channel_id">, scopes: Scopes | undefined): ScopeLabel {
  if (assignment.sales_channel_id) {
    const channel = scopes?.salesChannels.find((c) => c.id === assignment.sales_channel_id)
    return { kind: "Sales channel", name: channel?.name ?? assignment.sales_channel_id, missing: !!scopes && !channel }
  }
  if (assignment.region_id) {
    const region = scopes?.regions.find((r) => r.id === assignment.region_id)
    return { kind: "Region", name: region?.name ?? assignment.region_id, missing: !!scopes && !region }
  }
  return { kind: "Default", name: "All other carts" }
}

/** Most specific first, as a checkout resolves them: sales channels, then regions; by name. */
export function sortAssignments(assignments: ProfileAssignment[], scopes: Scopes | undefined): ProfileAssignment[] {
  const rank = (a: ProfileAssignment) => (a.sales_channel_id ? 0 : a.region_id ? 1 : 2)
  return [...assignments].sort(
    (a, b) => rank(a) - rank(b) || scopeLabel(a, scopes).name.localeCompare(scopeLabel(b, scopes).name)
  )
}

/**
 * The API names the field its message is about ("profile_id: …", "region_id: …"); the form shows
 * the message under that field, without the prefix.
 */
export function fieldOfError(message: string): { field: "profile" | "scope" | null; message: string } {
  const match = /^(profile_id|region_id|sales_channel_id|provider_id):\s*(.+)$/s.exec(message)
  if (!match) return { field: null, message }
  const field = match[1] === "profile_id" ? "profile" : match[1] === "provider_id" ? null : "scope"
  return { field, message: match[2] ?? message }
}
