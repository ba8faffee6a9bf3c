"use client"

import { completeCartForDintero, restartDinteroPayment, settleDinteroExpress } from "@lib/data/dintero"
import { Button, Heading, Text } from "@modules/common/components/ui"
import { announceOrder, completeDinteroReturn, readReturnParams } from "medusa-payment-dintero/storefront"
import type { DinteroReturnOutcome } from "medusa-payment-dintero/storefront"
import { useRouter } from "next/navigation"
import { useEffect, useState } from "react"

type Shown = Exclude<DinteroReturnOutcome, { kind: "order" }>

/**
 * What the shopper sees back from Dintero: "Confirming …" while the cart is completed (the helper
 * waits out Dintero's callback completing it at the same moment), then the order confirmation, or
 * why not with a way to pay again.
 */
export default function DinteroReturn({ countryCode, search }: { countryCode: string; search: string }) {
  const router = useRouter()
  const [outcome, setOutcome] = useState<Shown | undefined>()
  const [restarting, setRestarting] = useState(false)
  const params = readReturnParams(search)

  useEffect(() => {
    let active = true
    completeDinteroReturn(params, { completeCart: completeCartForDintero, settleExpress: settleDinteroExpress }).then((result) => {
      if (!active) return
      if (result.kind === "order") {
        // Vipps/MobilePay may have opened this page in a new tab: tell the tab the shopper started in.
        if (params.cartId) announceOrder(params.cartId, result.order.id)
        router.replace(`/${countryCode}/order/${result.order.id}/confirmed`)
        return
      }
      setOutcome(result)
    })
    return () => {
      active = false
    }
    // Once per return URL.
  }, [search, countryCode])

  if (!outcome) {
    return (
      <div className="content-container py-12" data-testid="dintero-return-pending">
        <Heading level="h1">Confirming your payment …</Heading>
      </div>
    )
  }

  const tryAgain = async () => {
    setRestarting(true)
    const restarted = params.cartId ? await restartDinteroPayment(params.cartId) : { ok: false as const, message: "No cart to pay." }
    if (restarted.ok) router.push(`/${countryCode}/checkout?step=review`)
    else {
      setRestarting(false)
      setOutcome({ kind: "error", message: restarted.message })
    }
  }

  return (
    <div className="content-container py-12 flex flex-col gap-y-4" data-testid={`dintero-return-${outcome.kind}`}>
      <Heading level="h1">{outcome.kind === "pending" ? "Almost there" : "Payment not completed"}</Heading>
      <Text data-testid="dintero-return-message">{outcome.message}</Text>
      {outcome.kind !== "pending" && (
        <div className="flex gap-x-4">
          <Button onClick={tryAgain} isLoading={restarting} data-testid="dintero-try-again">
            Try again
          </Button>
          <Button variant="secondary" onClick={() => router.push(`/${countryCode}/checkout?step=payment`)}>
            Choose another payment method
          </Button>
        </div>
      )}
    </div>
  )
}
