import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { DinteroProviderService } from "./service"

export { DinteroProviderService }
export type { DinteroOptionsInput as DinteroProviderOptions } from "./options"
export type { DinteroPaymentData } from "./session-data"

export default ModuleProvider(Modules.PAYMENT, {
  services: [DinteroProviderService],
})
