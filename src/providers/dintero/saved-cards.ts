import { MedusaError } from "@medusajs/framework/utils"
import type { DinteroClient, DinteroTokenPaymentProductType, DinteroTransaction } from "../../dintero"
import { DINTERO_SAVED_CARDS_MODULE } from "../../modules/dintero-saved-cards"
import type { DinteroSavedCardsModuleService, SavedCardInput, SavedCardRecord } from "../../modules/dintero-saved-cards"
import { DEPENDENCIES_FIX } from "./dependencies"
import { settlementKindOf } from "./status"

/** The Dintero metadata key naming the Medusa customer who asked to save the card. */
export const CUSTOMER_METADATA_KEY = "ext_medusa_customer_id"

/**
 * The saved-cards module as the provider reaches it: the payment module's container holds only
 * what medusa-config.ts lists in its `dependencies`, so without "dintero_saved_cards" there every
 * saved-card operation stops with this message instead of failing somewhere later.
 */
export function savedCardsStore(container: Record<string, unknown>): DinteroSavedCardsModuleService {
  let store: DinteroSavedCardsModuleService | undefined
  try {
    store = container[DINTERO_SAVED_CARDS_MODULE] as DinteroSavedCardsModuleService | undefined
  } catch {
    store = undefined // Awilix throws for an unregistered name
  }
  if (!store) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Saved cards are not available: the payment module has no access to the ${DINTERO_SAVED_CARDS_MODULE} module. ${DEPENDENCIES_FIX}.`
    )
  }
  return store
}

/** `configuration` of a session paid by card with `product`, saving the card when `save` is set. */
export function cardConfiguration(product: DinteroTokenPaymentProductType, save: boolean) {
  const gateway = product === "bambora.creditcard" ? "bambora" : "payex"
  return { [gateway]: { creditcard: { enabled: true, ...(save ? { generate_payment_token: true } : {}) } } }
}

/**
 * The card to store from a transaction read with `includePaymentToken`: only a paid card
 * transaction of a session that asked to save it for this customer (Dintero's own metadata says
 * who, never the storefront). Undefined when there is nothing to save.
 */
export function savedCardOf(transaction: DinteroTransaction, providerId: string, customerId: string): SavedCardInput | undefined {
  const card = transaction.card
  const type = transaction.payment_product_type
  if (!card?.payment_token || !card.payment_token_id || (type !== "payex.creditcard" && type !== "bambora.creditcard")) return undefined
  return {
    provider_id: providerId,
    customer_id: customerId,
    payment_product_type: type,
    payment_token_id: card.payment_token_id,
    payment_token: card.payment_token,
    brand: card.brand ?? null,
    masked_pan: card.masked_pan ?? null,
    expiry_date: card.expiry_date ?? null,
    card_type: card.type ?? null,
    transaction_id: transaction.id,
  }
}

/** The Medusa customer a Dintero transaction was saved for (its session's metadata). */
export function customerOfTransaction(transaction: DinteroTransaction): string | undefined {
  const value = (transaction as { metadata?: Record<string, unknown> | null }).metadata?.[CUSTOMER_METADATA_KEY]
  return typeof value === "string" && value.length > 0 ? value : undefined
}

/**
 * Stores the card of a paid Dintero session (a payment token session, or a checkout that asked
 * for a token) for `customerId`, read back from Dintero: the session must have been made to save a
 * card for that customer (its metadata, set by the plugin), whatever the caller claims.
 */
export async function saveCardOfPaidSession(
  client: DinteroClient,
  store: DinteroSavedCardsModuleService,
  providerId: string,
  customerId: string,
  ref: { transactionId?: string; dinteroSessionId?: string }
): Promise<SavedCardRecord> {
  let transactionId = ref.transactionId
  if (!transactionId && ref.dinteroSessionId) {
    transactionId = (await client.getSession(ref.dinteroSessionId)).transaction_id ?? undefined
    if (!transactionId) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The Dintero session ${ref.dinteroSessionId} is not paid: no card was saved`)
  }
  if (!transactionId) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "transaction_id or dintero_session_id (of a paid Dintero session) is required")
  }
  const transaction = await client.getTransaction(transactionId, { includePaymentToken: true })
  if (customerOfTransaction(transaction) !== customerId || (ref.dinteroSessionId && transaction.session_id !== ref.dinteroSessionId)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The Dintero transaction ${transactionId} was not made to save a card for this customer`)
  }
  const card = settlementKindOf(undefined, transaction) === "paid" ? savedCardOf(transaction, providerId, customerId) : undefined
  if (!card) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The Dintero transaction ${transactionId} (${transaction.status}) made no payment token: no card was saved`)
  return store.saveCard(card)
}

