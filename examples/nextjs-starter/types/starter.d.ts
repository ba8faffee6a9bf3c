/*
 * The starter's own modules and Next.js's, as far as the example files use them: declared here so
 * that `npm run typecheck` checks the example against the plugin's real storefront helper and
 * Medusa's real types without installing Next.js (hundreds of MB) into this repository. In your
 * storefront the real modules are there.
 */
declare module "@lib/config" {
  import type Medusa from "@medusajs/js-sdk"
  export const sdk: Medusa
}

declare module "@lib/data/cookies" {
  export function getAuthHeaders(): Promise<{ authorization: string } | Record<string, never>>
  export function getCacheTag(tag: string): Promise<string>
  export function removeCartId(): Promise<void>
}

declare module "@modules/checkout/components/error-message" {
  const ErrorMessage: (props: { error?: string | null; "data-testid"?: string }) => import("react").JSX.Element | null
  export default ErrorMessage
}

declare module "next/navigation" {
  export function useRouter(): { push(href: string): void; replace(href: string): void }
  export function useSearchParams(): URLSearchParams
  export function useParams<T extends Record<string, string>>(): T
}

declare module "next/cache" {
  export function revalidateTag(tag: string): void
}
