/**
 * `medusa-payment-dintero/storefront`: browser-safe helpers for a Medusa storefront paying with
 * Dintero (no Node built-ins, no Medusa server code, framework-neutral).
 *
 * - the return: `readReturnParams` + `completeDinteroReturn` (with `fetchStoreApi` or `jsSdkStoreApi`);
 *   an Express session's return (`dintero_express=1`) writes the shopper's choices to the cart first
 * - Express Checkout: create the payment session with `data: { express: true }` (`DinteroSessionDataInput`)
 * - a payment link's page (`/payment-collection/{id}`, an order edit's / exchange's / claim's
 *   outstanding amount): `readPaymentCollectionParams` + `completeDinteroPaymentCollection`
 * - the embedded checkout: `mountDinteroCheckout` (Dintero's Web SDK passed in)
 * - Vipps/MobilePay opening the return in a new tab: `announceOrder` / `listenForOrder`
 * - which session to show: `isDinteroProviderId`, `pendingDinteroSession(paymentCollection)`
 * - saved cards (logged-in customers): `DinteroSavedCard`, the routes, `savedCardLabel`, `readCardSaveReturn`
 */
export { readReturnParams } from "./return-params"
export type { DinteroReturnParams } from "./return-params"
export { completeDinteroReturn } from "./complete-return"
export type { CompleteReturnOptions, DinteroReturnOutcome } from "./complete-return"
export { completeDinteroPaymentCollection, readPaymentCollectionParams } from "./complete-payment-collection"
export type {
  CompletePaymentCollectionOptions,
  DinteroPaymentCollectionOutcome,
  DinteroPaymentCollectionParams,
} from "./complete-payment-collection"
export { fetchStoreApi, jsSdkStoreApi } from "./store-api"
export type {
  CompletionAnswer,
  DinteroPaymentCollectionState,
  DinteroSessionDataInput,
  ExpressAnswer,
  MedusaJsSdkLike,
  PaymentCollectionAnswer,
  StoreApi,
} from "./store-api"
export { mountDinteroCheckout, dinteroSessionIdOf, endpointOf } from "./embedded"
export type { DinteroEmbeddedCheckout, DinteroPaymentSessionLike, DinteroWebSdkLike, EmbeddedInstanceLike, MountOptions } from "./embedded"
export { announceOrder, listenForOrder } from "./other-tabs"
export { isDinteroProviderId, pendingDinteroSession } from "./payment-session"
export type { StorePaymentSessionLike } from "./payment-session"
export { DINTERO_CARD_SAVE_COMPLETE_PATH, DINTERO_SAVED_CARDS_PATH, readCardSaveReturn, savedCardLabel, savedCardPath } from "./saved-cards"
export type { DinteroSavedCard } from "./saved-cards"
