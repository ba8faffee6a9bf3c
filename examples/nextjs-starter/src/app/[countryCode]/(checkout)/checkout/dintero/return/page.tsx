"use client"

import { completeCartForDintero } from "@lib/data/dintero"
import { Button, Heading, Text } from "@medusajs/ui"
import { announceOrder, completeDinteroReturn, readReturnParams } from "medusa-payment-dintero/storefront"
import type { DinteroReturnOutcome } from "medusa-payment-dintero/storefront"
import { useParams, useRouter, useSearchParams } from "next/navigation"
import { useEffect, useState } from "react"

/*
 * The page Dintero sends the shopper back to: set the provider's `returnUrl` option to
 * https://your-shop/{countryCode}/checkout/dintero/return?cart_id={cart_id}
 * ({cart_id} is filled in by the plugin; Dintero adds transaction_id, merchant_reference, error).
 */
export default function DinteroReturnPage() {
  const search = useSearchParams()
  const { countryCode } = useParams<{ countryCode: string }>()
  const router = useRouter()
  const [outcome, setOutcome] = useState<Exclude<DinteroReturnOutcome, { kind: "order" }> | undefined>()

  useEffect(() => {
    const params = readReturnParams(search.toString())
    let active = true
    completeDinteroReturn(params, { completeCart: completeCartForDintero }).then((result) => {
      if (!active) return
      if (result.kind === "order" && params.cartId) {
        // Vipps/MobilePay may have opened this page in a new tab: tell the tab the shopper started in.
        announceOrder(params.cartId, result.order.id)
        router.replace(`/${countryCode}/order/${result.order.id}/confirmed`)
        return
      }
      if (result.kind !== "order") setOutcome(result)
    })
    return () => {
      active = false
    }
  }, [search, countryCode, router])

  if (!outcome) {
    return (
      <div className="content-container py-12" data-testid="dintero-return-pending">
        <Heading level="h1">Confirming your payment …</Heading>
      </div>
    )
  }
  return (
    <div className="content-container py-12 flex flex-col gap-y-4" data-testid={`dintero-return-${outcome.kind}`}>
      <Heading level="h1">{outcome.kind === "pending" ? "Almost there" : "Payment not completed"}</Heading>
      <Text>{outcome.message}</Text>
      {outcome.kind !== "pending" && (
        <Button onClick={() => router.push(`/${countryCode}/checkout?step=payment`)}>Back to checkout</Button>
      )}
    </div>
  )
}
