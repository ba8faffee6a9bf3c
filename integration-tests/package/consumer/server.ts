/*
 * A strict TypeScript consumer of the packed package (copied into the fresh app, compiled with
 * its TypeScript under Node16 and bundler resolution): every public entry has types, and they are
 * real types, not `any` (each @ts-expect-error below fails the compile if its line type-checks).
 */
import { DinteroProviderService, dinteroProviderId, type DinteroPaymentData, type DinteroProviderOptions } from "medusa-payment-dintero"
import dinteroProvider, { type DinteroProviderOptions as ProviderEntryOptions } from "medusa-payment-dintero/providers/dintero"
import { settleDinteroPaymentWorkflow, settleDinteroPaymentWorkflowId } from "medusa-payment-dintero/workflows"
import settingsModule from "medusa-payment-dintero/modules/dintero-settings"
import adminExtensions from "medusa-payment-dintero/admin"
import { startSandbox, type SandboxHandle, type SandboxOptions } from "medusa-payment-dintero/sandbox"

export const options: DinteroProviderOptions = {
  accountId: "T12345678",
  clientId: "client",
  clientSecret: "secret",
  backendUrl: "https://api.myshop.com",
  returnUrl: "https://myshop.com/checkout/dintero/return?cart_id={cart_id}",
  reconciliation: { intervalMinutes: 5 },
}
export const sameOptions: ProviderEntryOptions = options
// @ts-expect-error a misspelt option is refused: the options are typed
export const misspelt: DinteroProviderOptions = { ...options, acountId: "T12345678" }

export const providerId: string = dinteroProviderId("dintero")
export const validate: (options: Record<string, unknown>) => void = DinteroProviderService.validateOptions
export const provider: unknown = dinteroProvider
export const settingsModuleDefinition: unknown = settingsModule
export const workflowId: string = settleDinteroPaymentWorkflowId
export const workflow: unknown = settleDinteroPaymentWorkflow
export const widgets: number = adminExtensions.widgetModule.widgets.length

export function checkoutUrlOf(data: DinteroPaymentData): string | undefined {
  return data.checkout_url
}
// @ts-expect-error the payment data is typed (the amount is in minor units, a number)
export const amountAsText = (data: DinteroPaymentData): string => data.amount

export async function sandboxUrl(overrides: SandboxOptions = {}): Promise<string> {
  const sandbox: SandboxHandle = await startSandbox({ port: 0, ...overrides })
  await sandbox.stop()
  // @ts-expect-error the handle is typed
  sandbox.noSuchMethod()
  return sandbox.url
}
