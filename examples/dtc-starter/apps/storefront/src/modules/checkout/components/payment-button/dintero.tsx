"use client"

import type { HttpTypes } from "@medusajs/types"
import DinteroCheckout from "@modules/checkout/components/dintero-checkout"
import DinteroSavedCardChoice from "@modules/checkout/components/dintero-saved-cards"
import { Button } from "@modules/common/components/ui"
import { listenForOrder, pendingDinteroSession } from "medusa-payment-dintero/storefront"
import type { StorePaymentSessionLike } from "medusa-payment-dintero/storefront"
import { useParams, useRouter } from "next/navigation"
import { useEffect } from "react"

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
  const session = pendingDinteroSession(cart.payment_collection as { payment_sessions?: StorePaymentSessionLike[] } | undefined)
  const { countryCode } = useParams<{ countryCode: string }>()
  const router = useRouter()

  // Vipps/MobilePay may finish in another tab: when that tab has the order, show it here too.
  useEffect(
    () => listenForOrder(cart.id, (orderId) => router.replace(`/${countryCode}/order/${orderId}/confirmed`)),
    [cart.id, countryCode, router]
  )

  if (!session) return <Button disabled>Select a payment method</Button>
  return (
    <>
      <DinteroSavedCardChoice cartId={cart.id} session={session} />
      <DinteroCheckout
        session={session}
        disabled={notReady}
        data-testid={dataTestId}
        onPayment={({ transactionId }) =>
          router.push(`/${countryCode}/checkout/dintero/return?cart_id=${encodeURIComponent(cart.id)}&transaction_id=${encodeURIComponent(transactionId)}`)
        }
      />
    </>
  )
}
