/*
 * The starter's own modules and Next.js's, as far as the example files use them: declared here so
 * that `npm run typecheck` checks the example against the plugin's real storefront helper and
 * Medusa's real types without installing Next.js into this repository. In the starter the real
 * modules are there (and README step 5 type-checks the applied example with the starter's tsc).
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

declare module "@lib/util/money" {
  export function convertToLocale(params: { amount: number; currency_code: string; locale?: string }): string
}

declare module "@modules/common/components/ui" {
  import type { ButtonHTMLAttributes, HTMLAttributes, JSX } from "react"
  export function Button(
    props: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "transparent"; size?: "small" | "medium" | "large"; isLoading?: boolean }
  ): JSX.Element
  export function Heading(props: HTMLAttributes<HTMLHeadingElement> & { level?: "h1" | "h2" | "h3" }): JSX.Element
  export function Text(props: HTMLAttributes<HTMLParagraphElement> & { as?: "p" | "span" | "div" }): JSX.Element
}

declare module "@modules/checkout/components/error-message" {
  const ErrorMessage: (props: { error?: string | null; "data-testid"?: string }) => import("react").JSX.Element | null
  export default ErrorMessage
}

declare module "next/navigation" {
  export function useRouter(): { push(href: string): void; replace(href: string): void; refresh(): void }
  export function useParams<T extends Record<string, string>>(): T
  export function notFound(): never
}

declare module "next/cache" {
  export function revalidateTag(tag: string): void
}
