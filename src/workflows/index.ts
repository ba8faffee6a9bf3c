export { settleDinteroPaymentWorkflow, settleDinteroPaymentWorkflowId } from "./settle-dintero-payment"
export type { SettleDinteroPaymentInput } from "./settle-dintero-payment"
export type { SettlementOutcome } from "./settle-dintero-payment/steps/settlement-outcome"
export { captureDinteroFulfillmentWorkflow, captureDinteroFulfillmentWorkflowId } from "./capture-dintero-fulfillment"
export { releaseDinteroOrderRestWorkflow, releaseDinteroOrderRestWorkflowId } from "./release-dintero-order-rest"
export { completeDinteroPaymentCollectionWorkflow, completeDinteroPaymentCollectionWorkflowId } from "./complete-dintero-payment-collection"
export type { CompleteDinteroPaymentCollectionInput } from "./complete-dintero-payment-collection"
export {
  answerDinteroExpressAddressWorkflow,
  answerDinteroExpressDiscountCodesWorkflow,
  applyDinteroExpressPaymentWorkflow,
  expressLockKey,
  settleDinteroExpressReturnWorkflow,
} from "./dintero-express"
export type { ApplyExpressPaymentInput, ExpressCallbackInput, ExpressPaymentOutcome, ExpressReturnOutcome } from "./dintero-express"
export { chargeDinteroSavedCardWorkflow, chargeDinteroSavedCardWorkflowId } from "./charge-dintero-saved-card"
export type { ChargeDinteroSavedCardInput, ChargeDinteroSavedCardResult } from "./charge-dintero-saved-card"
export { deleteDinteroSavedCardWorkflow, deleteDinteroSavedCardWorkflowId } from "./delete-dintero-saved-card"
export type { DeleteDinteroSavedCardInput } from "./delete-dintero-saved-card"
export {
  completeDinteroCardSaveWorkflow,
  completeDinteroCardSaveWorkflowId,
  startDinteroCardSaveWorkflow,
  startDinteroCardSaveWorkflowId,
} from "./save-dintero-card"
export type { CompleteDinteroCardSaveInput, StartDinteroCardSaveInput, StartDinteroCardSaveResult } from "./save-dintero-card"
