"use client"

import { DINTERO_CHECKOUT_MODE } from "@lib/dintero"
import ErrorMessage from "@modules/checkout/components/error-message"
import { Button } from "@modules/common/components/ui"
import { mountDinteroCheckout } from "medusa-payment-dintero/storefront"
import type { DinteroEmbeddedCheckout, StorePaymentSessionLike } from "medusa-payment-dintero/storefront"
import { useEffect, useRef, useState } from "react"

/*
 * Dintero's checkout for one payment session: a button to Dintero's page (redirect), or Dintero's
 * checkout inside the page (embedded, Dintero's Web SDK). The checkout step's payment button and
 * the payment-link page both show it.
 */
export default function DinteroCheckout({
  session,
  disabled = false,
  label = "Pay with Dintero",
  onPayment,
  "data-testid": dataTestId,
}: {
  session: StorePaymentSessionLike
  disabled?: boolean
  label?: string
  /** Embedded: Dintero reports the payment; go to the page that settles it. */
  onPayment: (payment: { transactionId: string; merchantReference: string }) => void
  "data-testid"?: string
}) {
  const container = useRef<HTMLDivElement>(null)
  const checkout = useRef<DinteroEmbeddedCheckout | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [redirecting, setRedirecting] = useState(false)
  const sessionId = typeof session.data?.dintero_session_id === "string" ? session.data.dintero_session_id : undefined
  const onPaymentRef = useRef(onPayment)
  onPaymentRef.current = onPayment

  useEffect(() => {
    if (DINTERO_CHECKOUT_MODE !== "embedded" || disabled || !sessionId || !container.current) return
    let cancelled = false
    setError(null)
    // Dintero's Web SDK, loaded only where the embedded checkout is shown.
    import("@dintero/checkout-web-sdk")
      .then((sdk) =>
        mountDinteroCheckout({
          sdk,
          container: container.current as HTMLDivElement,
          paymentSession: session,
          onPayment: (payment) => onPaymentRef.current(payment),
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
    // Mount again only for another Dintero session (a new total means a new one), not on every render.
  }, [sessionId, disabled])

  if (DINTERO_CHECKOUT_MODE === "embedded") {
    return (
      <>
        <div ref={container} data-testid="dintero-embedded-checkout" />
        <ErrorMessage error={error} data-testid="dintero-payment-error-message" />
      </>
    )
  }
  const checkoutUrl = typeof session.data?.checkout_url === "string" ? session.data.checkout_url : undefined
  return (
    <>
      <Button
        disabled={disabled || !checkoutUrl}
        isLoading={redirecting}
        onClick={() => {
          setRedirecting(true)
          window.location.assign(checkoutUrl as string)
        }}
        size="large"
        data-testid={dataTestId ?? "dintero-redirect-button"}
      >
        {label}
      </Button>
      <ErrorMessage error={error} data-testid="dintero-payment-error-message" />
    </>
  )
}
