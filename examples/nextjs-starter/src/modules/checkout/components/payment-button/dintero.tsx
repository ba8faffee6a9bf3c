"use client"

import { DINTERO_CHECKOUT_MODE } from "@lib/dintero"
import type { HttpTypes } from "@medusajs/types"
import { Button } from "@medusajs/ui"
import { listenForOrder, mountDinteroCheckout } from "medusa-payment-dintero/storefront"
import type { DinteroEmbeddedCheckout } from "medusa-payment-dintero/storefront"
import { useParams, useRouter } from "next/navigation"
import { useEffect, useRef, useState } from "react"
import ErrorMessage from "@modules/checkout/components/error-message"

/*
 * The Dintero case of the starter's PaymentButton (src/modules/checkout/components/payment-button/
 * index.tsx): `case isDintero(paymentSession?.provider_id): return <DinteroPaymentButton … />`.
 */
export function DinteroPaymentButton({
  cart,
  notReady,
  "data-testid": dataTestId,
}: {
  cart: HttpTypes.StoreCart
  notReady: boolean
  "data-testid"?: string
}) {
  const session = cart.payment_collection?.payment_sessions?.find((s) => s.provider_id.startsWith("pp_dintero") && s.status === "pending")
  const { countryCode } = useParams<{ countryCode: string }>()
  const router = useRouter()
  const container = useRef<HTMLDivElement>(null)
  const checkout = useRef<DinteroEmbeddedCheckout | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const returnPage = (query: string) => `/${countryCode}/checkout/dintero/return?cart_id=${encodeURIComponent(cart.id)}&${query}`

  // Vipps/MobilePay may finish in another tab: when the order exists, show it here too.
  useEffect(() => listenForOrder(cart.id, (orderId) => router.replace(`/${countryCode}/order/${orderId}/confirmed`)), [cart.id, countryCode, router])

  useEffect(() => {
    if (DINTERO_CHECKOUT_MODE !== "embedded" || notReady || !session || !container.current) return
    let cancelled = false
    // Dintero's Web SDK, loaded only where the embedded checkout is shown.
    import("@dintero/checkout-web-sdk")
      .then((sdk) =>
        mountDinteroCheckout({
          sdk,
          container: container.current as HTMLDivElement,
          paymentSession: session,
          onPayment: ({ transactionId }) => router.push(returnPage(`transaction_id=${encodeURIComponent(transactionId)}`)),
          onPaymentError: () => setError("The payment was declined. Please try again or choose another payment method."),
          onCancel: () => setError("You cancelled the payment."),
          onSessionNotFound: () => setError("The payment session has expired. Please reload the page."),
        })
      )
      .then((mounted) => {
        if (cancelled) mounted.destroy()
        else checkout.current = mounted
      })
      .catch((e: Error) => setError(e.message))
    return () => {
      cancelled = true
      checkout.current?.destroy()
      checkout.current = undefined
    }
    // Mount again only for another Dintero session (a new total means a new one): not on every render.
  }, [session?.data?.dintero_session_id, notReady])

  if (!session) return <Button disabled>Select a payment method</Button>
  if (DINTERO_CHECKOUT_MODE === "embedded") {
    return (
      <>
        <div ref={container} data-testid={dataTestId ?? "dintero-embedded-checkout"} />
        <ErrorMessage error={error} data-testid="dintero-payment-error-message" />
      </>
    )
  }
  return (
    <>
      <Button
        disabled={notReady || typeof session.data?.checkout_url !== "string"}
        onClick={() => window.location.assign(session.data?.checkout_url as string)}
        size="large"
        data-testid={dataTestId ?? "dintero-redirect-button"}
      >
        Pay with Dintero
      </Button>
      <ErrorMessage error={error} data-testid="dintero-payment-error-message" />
    </>
  )
}
