import { z } from "@medusajs/framework/zod"
import { isDinteroProviderId } from "../../../providers/dintero/provider-id"

const providerId = z
  .string({ error: "provider_id is required (a Dintero provider id such as pp_dintero_dintero)" })
  .refine(isDinteroProviderId, "provider_id must be a Dintero provider id such as pp_dintero_dintero")

export const ProviderQuery = z.object({ provider_id: providerId })
export type ProviderQueryType = z.infer<typeof ProviderQuery>

export const ListAssignmentsQuery = z.object({ provider_id: providerId.optional() })
export type ListAssignmentsQueryType = z.infer<typeof ListAssignmentsQuery>

export const CreateAssignmentBody = z
  .object({
    provider_id: providerId,
    profile_id: z.string({ error: "profile_id is required" }).trim().min(1, "profile_id must not be empty"),
    region_id: z.string().min(1, "region_id must not be empty").nullish(),
    sales_channel_id: z.string().min(1, "sales_channel_id must not be empty").nullish(),
    express: z.boolean({ error: "express must be true or false" }).optional(),
  })
  .refine((body) => !(body.region_id && body.sales_channel_id), {
    message: "give region_id or sales_channel_id, not both: an assignment is for one region or one sales channel",
    path: ["sales_channel_id"],
  })
export type CreateAssignmentBodyType = z.infer<typeof CreateAssignmentBody>

export const ProfileSettingBody = z.object({
  provider_id: providerId,
  profile_id: z.string({ error: "profile_id is required" }).trim().min(1, "profile_id must not be empty"),
  capture_on_shipment: z.enum(["inherit", "off", "fulfillment", "shipment"], {
    error: 'capture_on_shipment must be "inherit", "off", "fulfillment" or "shipment"',
  }),
})
export type ProfileSettingBodyType = z.infer<typeof ProfileSettingBody>

export const ChargeSavedCardBody = z
  .object({
    payment_method_id: z.string({ error: "payment_method_id is required (a saved card of the order's customer)" }).trim().min(1, "payment_method_id must not be empty"),
  })
  .strict()
export type ChargeSavedCardBodyType = z.infer<typeof ChargeSavedCardBody>

export const SavedCardsQuery = z.object({
  customer_id: z.string({ error: "customer_id is required" }).trim().min(1, "customer_id must not be empty"),
})
export type SavedCardsQueryType = z.infer<typeof SavedCardsQuery>
