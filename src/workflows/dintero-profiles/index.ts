import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteAssignmentStep } from "./steps/delete-assignment"
import { readDinteroPaymentStep } from "./steps/read-payment"
import { readDinteroStatusStep } from "./steps/read-status"
import { listDinteroProfilesStep } from "./steps/list-profiles"
import { upsertAssignmentStep } from "./steps/upsert-assignment"
import { upsertProfileSettingStep } from "./steps/upsert-profile-setting"
import { validateAssignmentStep } from "./steps/validate-assignment"
import type { AssignmentInput, ProfileSettingInput } from "../../api/admin/dintero/types"

export type { AssignmentInput, DinteroProfileSummary, DinteroStatus, LiveDinteroPayment, ProfileSetting, ProfileSettingInput } from "../../api/admin/dintero/types"
export { DINTERO_UNAVAILABLE } from "./errors"

/** The account's payment profiles, live from Dintero (`GET /admin/dintero/profiles`). */
export const listDinteroProfilesWorkflow = createWorkflow("list-dintero-profiles", (input: { provider_id: string }) => {
  return new WorkflowResponse(listDinteroProfilesStep(input))
})

/** Validates and saves a profile assignment (`POST /admin/dintero/profile-assignments`). */
export const upsertDinteroProfileAssignmentWorkflow = createWorkflow("upsert-dintero-profile-assignment", (input: AssignmentInput) => {
  validateAssignmentStep(input)
  return new WorkflowResponse(upsertAssignmentStep(input))
})

/** Deletes a profile assignment (`DELETE /admin/dintero/profile-assignments/:id`). */
export const deleteDinteroProfileAssignmentWorkflow = createWorkflow("delete-dintero-profile-assignment", (input: { id: string }) => {
  return new WorkflowResponse(deleteAssignmentStep(input))
})

/** The connection status of one Dintero provider (`GET /admin/dintero/status`). */
export const getDinteroStatusWorkflow = createWorkflow("get-dintero-status", (input: { provider_id: string }) => {
  return new WorkflowResponse(readDinteroStatusStep(input))
})

/** A Dintero payment as Dintero has it now (`GET /admin/dintero/payments/:id`). */
export const getDinteroPaymentWorkflow = createWorkflow("get-dintero-payment", (input: { payment_id: string }) => {
  return new WorkflowResponse(readDinteroPaymentStep(input))
})

/** Saves one profile's settings, e.g. its capture on shipment (`POST /admin/dintero/profile-settings`). */
export const upsertDinteroProfileSettingWorkflow = createWorkflow("upsert-dintero-profile-setting", (input: ProfileSettingInput) => {
  return new WorkflowResponse(upsertProfileSettingStep(input))
})
