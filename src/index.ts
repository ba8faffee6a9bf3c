/**
 * `medusa-payment-dintero`: the server-side API for your own code. Medusa itself loads the plugin
 * through `plugins` and `medusa-payment-dintero/providers/dintero` in medusa-config.ts (README,
 * "Configure"); the storefront helper is `medusa-payment-dintero/storefront`, the emulator
 * `medusa-payment-dintero/sandbox`, the settlement workflow `medusa-payment-dintero/workflows`.
 */
export { DinteroProviderService } from "./providers/dintero/service"
export type { DinteroProviderOptions, DinteroPaymentData } from "./providers/dintero"
export { DINTERO_PROVIDER_PREFIX, dinteroProviderId, isDinteroProviderId } from "./providers/dintero/provider-id"
