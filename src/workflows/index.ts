export { settleDinteroPaymentWorkflow, settleDinteroPaymentWorkflowId } from "./settle-dintero-payment"
export type { SettleDinteroPaymentInput } from "./settle-dintero-payment"
export type { SettlementOutcome } from "./settle-dintero-payment/steps/settlement-outcome"
