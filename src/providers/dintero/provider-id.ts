/**
 * The provider's names, in one place. Browser-safe (the admin widget imports it): no imports.
 *
 * Medusa registers a provider as `pp_{identifier}_{id}` (`id` from medusa-config.ts), so every
 * Dintero provider id starts with DINTERO_PROVIDER_PREFIX.
 */
export const DINTERO_IDENTIFIER = "dintero"
export const DINTERO_PROVIDER_PREFIX = `pp_${DINTERO_IDENTIFIER}`

/** `pp_dintero` or `pp_dintero_<id>`. */
export function isDinteroProviderId(value: string): boolean {
  return value === DINTERO_PROVIDER_PREFIX || /^pp_dintero_[A-Za-z0-9_-]+$/.test(value)
}

/** The provider id Medusa gives the entry `{ id }` of medusa-config.ts. */
export function dinteroProviderId(configId: string | undefined): string {
  return configId ? `${DINTERO_PROVIDER_PREFIX}_${configId}` : DINTERO_PROVIDER_PREFIX
}

/**
 * `created_by` of the captures and refunds the plugin records in Medusa because Dintero reports
 * them (Backoffice, auto-capture): the provider recognises them and moves no money for them.
 */
export const RECORDED_FROM_DINTERO = "dintero"
