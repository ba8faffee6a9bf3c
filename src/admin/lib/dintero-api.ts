import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { isDinteroProviderId } from "../../providers/dintero/provider-id"
import type { DinteroSavedCard } from "../../storefront/saved-cards"
import { sdk } from "./sdk"

/*
 * The plugin's admin API (src/api/admin/dintero) as the admin pages use it: types, fetchers and
 * react-query hooks. The dashboard provides the QueryClient; the SDK sends the admin's session.
 */

export type {
  AssignmentInput,
  CaptureOnShipmentSetting,
  DinteroProfileSummary as DinteroProfile,
  DinteroStatus,
  DinteroTransactionEvent,
  LiveDinteroPayment,
  ProfileAssignment,
  ProfileSetting,
  ProfileSettingInput,
} from "../../api/admin/dintero/types"
import type {
  AssignmentInput,
  CaptureOnShipmentSetting,
  DinteroProfileSummary as DinteroProfile,
  DinteroStatus,
  LiveDinteroPayment,
  ProfileAssignment,
  ProfileSetting,
  ProfileSettingInput,
} from "../../api/admin/dintero/types"

/** `GET /admin/dintero/profile-settings`: the profiles with a setting of their own, and the provider's option. */
export type ProfileSettings = {
  profile_settings: ProfileSetting[]
  /** The `captureOnShipment` option of medusa-config.ts: what applies to a profile without a setting ("inherit"). */
  option_capture_on_shipment: Exclude<CaptureOnShipmentSetting, "inherit">
}

export type ApiError = Error & { status?: number }

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return "Something went wrong"
}

export function isDinteroUnavailable(error: unknown): boolean {
  return (error as ApiError | null)?.status === 503
}

export const dinteroKeys = {
  all: ["dintero"] as const,
  providers: () => [...dinteroKeys.all, "providers"] as const,
  status: (providerId: string) => [...dinteroKeys.all, "status", providerId] as const,
  profiles: (providerId: string) => [...dinteroKeys.all, "profiles", providerId] as const,
  assignments: (providerId: string) => [...dinteroKeys.all, "assignments", providerId] as const,
  profileSettings: (providerId: string) => [...dinteroKeys.all, "profile-settings", providerId] as const,
  payment: (paymentId: string) => [...dinteroKeys.all, "payment", paymentId] as const,
  orderPayments: (orderId: string) => [...dinteroKeys.all, "order-payments", orderId] as const,
  savedCards: (customerId: string) => [...dinteroKeys.all, "saved-cards", customerId] as const,
  openCollections: (orderId: string) => [...dinteroKeys.all, "open-collections", orderId] as const,
}

/** The Dintero providers registered in this Medusa (`pp_dintero_*`), enabled or not. */
export function useDinteroProviders() {
  return useQuery({
    queryKey: dinteroKeys.providers(),
    queryFn: async () => {
      const { payment_providers } = await sdk.admin.payment.listPaymentProviders({ limit: 100 })
      return payment_providers.filter((provider) => isDinteroProviderId(provider.id))
    },
  })
}

export function useDinteroStatus(providerId: string) {
  return useQuery({
    queryKey: dinteroKeys.status(providerId),
    queryFn: () => sdk.client.fetch<DinteroStatus>("/admin/dintero/status", { query: { provider_id: providerId } }),
  })
}

export function useDinteroProfiles(providerId: string) {
  return useQuery({
    queryKey: dinteroKeys.profiles(providerId),
    queryFn: async () => {
      const { profiles } = await sdk.client.fetch<{ profiles: DinteroProfile[] }>("/admin/dintero/profiles", {
        query: { provider_id: providerId },
      })
      return profiles
    },
    retry: false,
  })
}

export function useProfileAssignments(providerId: string) {
  return useQuery({
    queryKey: dinteroKeys.assignments(providerId),
    queryFn: async () => {
      const { profile_assignments } = await sdk.client.fetch<{ profile_assignments: ProfileAssignment[] }>(
        "/admin/dintero/profile-assignments",
        { query: { provider_id: providerId } }
      )
      return profile_assignments
    },
  })
}


function useInvalidateProvider(providerId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: dinteroKeys.assignments(providerId) }),
      queryClient.invalidateQueries({ queryKey: dinteroKeys.status(providerId) }),
    ])
}

/** POST: one assignment per (provider, scope); saving a scope again replaces its profile. */
export function useSaveAssignment(providerId: string) {
  const invalidate = useInvalidateProvider(providerId)
  return useMutation<ProfileAssignment, ApiError, AssignmentInput>({
    mutationFn: async (input) => {
      const { profile_assignment } = await sdk.client.fetch<{ profile_assignment: ProfileAssignment }>(
        "/admin/dintero/profile-assignments",
        { method: "POST", body: input }
      )
      return profile_assignment
    },
    onSuccess: () => invalidate(),
  })
}

export function useDeleteAssignment(providerId: string) {
  const invalidate = useInvalidateProvider(providerId)
  return useMutation<unknown, ApiError, string>({
    mutationFn: (id) => sdk.client.fetch(`/admin/dintero/profile-assignments/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => invalidate(),
  })
}

/** The profiles' own settings (capture on shipment) and the provider's option they inherit otherwise. */
export function useProfileSettings(providerId: string) {
  return useQuery({
    queryKey: dinteroKeys.profileSettings(providerId),
    queryFn: () => sdk.client.fetch<ProfileSettings>("/admin/dintero/profile-settings", { query: { provider_id: providerId } }),
  })
}

/** POST: one setting per (provider, profile); "inherit" removes the profile's own setting. */
export function useSaveProfileSetting(providerId: string) {
  const queryClient = useQueryClient()
  return useMutation<ProfileSetting, ApiError, ProfileSettingInput>({
    mutationFn: async (input) => {
      const { profile_setting } = await sdk.client.fetch<{ profile_setting: ProfileSetting }>("/admin/dintero/profile-settings", {
        method: "POST",
        body: input,
      })
      return profile_setting
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dinteroKeys.profileSettings(providerId) }),
  })
}

/** Regions and sales channels, for naming assignments and choosing new ones. */
export function useScopes() {
  return useQuery({
    queryKey: [...dinteroKeys.all, "scopes"],
    queryFn: async () => {
      const [{ regions }, { sales_channels }] = await Promise.all([
        sdk.admin.region.list({ limit: 1000, fields: "id,name,currency_code" }),
        sdk.admin.salesChannel.list({ limit: 1000, fields: "id,name,is_disabled" }),
      ])
      return {
        regions: regions.map((region) => ({ id: region.id, name: region.name, currency_code: region.currency_code })),
        salesChannels: sales_channels.map((channel) => ({ id: channel.id, name: channel.name, is_disabled: channel.is_disabled })),
      }
    },
  })
}

/** The Dintero payments of an order (ids only: the live state comes from useLiveDinteroPayment). */
export function useOrderDinteroPayments(orderId: string) {
  return useQuery({
    queryKey: dinteroKeys.orderPayments(orderId),
    queryFn: async () => {
      const { order } = await sdk.admin.order.retrieve(orderId, {
        fields: "id,payment_collections.payments.id,payment_collections.payments.provider_id,payment_collections.payments.currency_code,payment_collections.payments.created_at",
      })
      return (order.payment_collections ?? [])
        .flatMap((collection) => collection.payments ?? [])
        .filter((payment) => isDinteroProviderId(payment.provider_id))
        .map((payment) => ({ id: payment.id, provider_id: payment.provider_id, currency_code: payment.currency_code }))
    },
  })
}

/** A payment as Dintero has it now (GET /admin/dintero/payments/:id reads Dintero on every call). */
export function useLiveDinteroPayment(paymentId: string) {
  return useQuery<LiveDinteroPayment, ApiError>({
    queryKey: dinteroKeys.payment(paymentId),
    queryFn: async () => {
      const { dintero_payment } = await sdk.client.fetch<{ dintero_payment: LiveDinteroPayment }>(
        `/admin/dintero/payments/${encodeURIComponent(paymentId)}`
      )
      return dintero_payment
    },
    retry: false,
    refetchOnWindowFocus: false,
  })
}

/** A customer's saved card as the admin API shows it (never the token). */
export type AdminSavedCard = DinteroSavedCard & { customer_id: string }

/** GET /admin/dintero/saved-cards?customer_id=… */
export function useCustomerSavedCards(customerId: string) {
  return useQuery<AdminSavedCard[], ApiError>({
    queryKey: dinteroKeys.savedCards(customerId),
    enabled: customerId !== "",
    queryFn: async () => {
      const { saved_cards } = await sdk.client.fetch<{ saved_cards: AdminSavedCard[] }>("/admin/dintero/saved-cards", { query: { customer_id: customerId } })
      return saved_cards
    },
  })
}

export function useDeleteSavedCard(customerId: string) {
  const queryClient = useQueryClient()
  return useMutation<unknown, ApiError, string>({
    mutationFn: (id) => sdk.client.fetch(`/admin/dintero/saved-cards/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dinteroKeys.savedCards(customerId) }),
  })
}

/** The order's customer and its payment collections still to be paid (an order edit's difference …). */
export function useOrderOpenCollections(orderId: string) {
  return useQuery({
    queryKey: dinteroKeys.openCollections(orderId),
    queryFn: async () => {
      const { order } = await sdk.admin.order.retrieve(orderId, {
        fields: "id,customer_id,currency_code,payment_collections.id,payment_collections.status,payment_collections.amount",
      })
      const open = (order.payment_collections ?? []).filter((collection) => collection.status === "not_paid" && Number(collection.amount) > 0)
      return { customerId: order.customer_id ?? null, currencyCode: order.currency_code, open: open.map((c) => ({ id: c.id, amount: Number(c.amount) })) }
    },
  })
}

export type ChargeResult = { payment_collection_id: string; payment_session_id: string; payment_id: string | null; already_paid: boolean }

/** POST /admin/dintero/payment-collections/:id/charge-saved-card: a merchant-initiated charge, once per collection. */
export function useChargeSavedCard(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation<ChargeResult, ApiError, { paymentCollectionId: string; paymentMethodId: string }>({
    mutationFn: ({ paymentCollectionId, paymentMethodId }) =>
      sdk.client.fetch<ChargeResult>(`/admin/dintero/payment-collections/${encodeURIComponent(paymentCollectionId)}/charge-saved-card`, {
        method: "POST",
        body: { payment_method_id: paymentMethodId },
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: dinteroKeys.openCollections(orderId) }),
        queryClient.invalidateQueries({ queryKey: dinteroKeys.orderPayments(orderId) }),
        queryClient.invalidateQueries({ queryKey: ["orders"] }),
      ]),
  })
}

