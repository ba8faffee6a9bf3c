import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { DINTERO_SAVED_CARDS_MODULE, savedCardView, type DinteroSavedCardsModuleService, type SavedCardView } from "../../modules/dintero-saved-cards"
import { buildSavedCardReturnUrl } from "../../providers/dintero/checkout-urls"
import { configuredDinteroProviders, type ConfiguredDinteroProvider } from "../../providers/dintero/configured"
import { toMedusaError } from "../../providers/dintero/errors"
import { CUSTOMER_METADATA_KEY, saveCardOfPaidSession } from "../../providers/dintero/saved-cards"
import { requireDinteroProvider } from "../dintero-profiles/errors"

/** The named Dintero provider, or the server's first one when none is named. */
function providerFor(container: MedusaContainer, providerId: string | undefined): ConfiguredDinteroProvider {
  if (providerId) return requireDinteroProvider(container, providerId)
  const [first] = configuredDinteroProviders(container)
  if (!first) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This server has no Dintero payment provider")
  return first
}

export type StartDinteroCardSaveInput = { customer_id: string; provider_id?: string; return_url?: string; currency_code?: string }
export type StartDinteroCardSaveResult = { provider_id: string; dintero_session_id: string; checkout_url: string }

/**
 * A Dintero payment token session for the customer: Dintero's page takes the card and reserves
 * nothing; the card is saved when the customer is back (completeDinteroCardSaveWorkflow). The
 * session's metadata names the customer, which is what the completion checks.
 */
const startCardSaveStep = createStep("start-dintero-card-save", async (input: StartDinteroCardSaveInput, { container }) => {
  const provider = providerFor(container, input.provider_id)
  const returnUrl = buildSavedCardReturnUrl(provider.options, input.return_url)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: customers }, { data: stores }] = await Promise.all([
    query.graph({ entity: "customer", fields: ["id", "email"], filters: { id: input.customer_id } }),
    input.currency_code ? Promise.resolve({ data: [] }) : query.graph({ entity: "store", fields: ["supported_currencies.currency_code", "supported_currencies.is_default"] }),
  ])
  const customer = customers[0] as { id: string; email?: string | null } | undefined
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${input.customer_id} was not found`)
  type StoreRow = { supported_currencies?: { currency_code: string; is_default?: boolean }[] }
  const currencies = (stores[0] as StoreRow | undefined)?.supported_currencies ?? []
  const currency = (input.currency_code ?? (currencies.find((c) => c.is_default) ?? currencies[0])?.currency_code ?? "nok").toUpperCase()
  const created = await provider.client
    .createPaymentTokenSession({
    session: {
      order: { currency, merchant_reference: `save-card-${customer.id}-${Date.now()}` },
      url: { return_url: returnUrl },
      profile_id: provider.options.profileId,
      customer: { customer_id: customer.id, ...(customer.email ? { email: customer.email } : {}) },
      expires_at: new Date(Date.now() + provider.options.sessionExpiryMinutes * 60_000).toISOString(),
      metadata: { [CUSTOMER_METADATA_KEY]: customer.id },
    },
    token_provider: { payment_product_type: provider.options.savedCardProduct, token_types: ["payment_token"] },
  })
    .catch((error: unknown) => {
      throw toMedusaError(error, "start saving a card with Dintero")
    })
  // Nothing to undo: an unpaid token session reserves nothing and expires.
  return new StepResponse<StartDinteroCardSaveResult>({ provider_id: provider.providerId, dintero_session_id: created.id, checkout_url: created.url })
})

export const startDinteroCardSaveWorkflowId = "start-dintero-card-save"
export const startDinteroCardSaveWorkflow = createWorkflow(startDinteroCardSaveWorkflowId, (input: StartDinteroCardSaveInput) => {
  return new WorkflowResponse(startCardSaveStep(input))
})

export type CompleteDinteroCardSaveInput = { customer_id: string; provider_id?: string; transaction_id?: string; dintero_session_id?: string }

/**
 * The customer is back from saving a card: the card is read back from Dintero and stored for the
 * customer the session was made for (a hint, like a callback: another customer's session or an
 * unpaid one saves nothing). Saving the same card twice keeps one.
 */
const completeCardSaveStep = createStep("complete-dintero-card-save", async (input: CompleteDinteroCardSaveInput, { container }) => {
  const provider = providerFor(container, input.provider_id)
  const store = container.resolve<DinteroSavedCardsModuleService>(DINTERO_SAVED_CARDS_MODULE)
  const saved = await saveCardOfPaidSession(provider.client, store, provider.providerId, input.customer_id, {
    transactionId: input.transaction_id,
    dinteroSessionId: input.dintero_session_id,
  }).catch((error: unknown) => {
    throw toMedusaError(error, "save the card")
  })
  return new StepResponse<SavedCardView & { provider_id: string }>({ ...savedCardView(saved), provider_id: saved.provider_id })
})

export const completeDinteroCardSaveWorkflowId = "complete-dintero-card-save"
export const completeDinteroCardSaveWorkflow = createWorkflow(completeDinteroCardSaveWorkflowId, (input: CompleteDinteroCardSaveInput) => {
  return new WorkflowResponse(completeCardSaveStep(input))
})
