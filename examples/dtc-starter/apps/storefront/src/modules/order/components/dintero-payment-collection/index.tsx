"use client"

import { completeDinteroCollection, startDinteroCollectionPayment } from "@lib/data/dintero"
import { DINTERO_CHECKOUT_MODE } from "@lib/dintero"
import { convertToLocale } from "@lib/util/money"
import ErrorMessage from "@modules/checkout/components/error-message"
import DinteroCheckout from "@modules/checkout/components/dintero-checkout"
import { Button, Heading, Text } from "@modules/common/components/ui"
import { completeDinteroPaymentCollection, readPaymentCollectionParams } from "medusa-payment-dintero/storefront"
import type { DinteroPaymentCollectionOutcome, StoreApi, StorePaymentSessionLike } from "medusa-payment-dintero/storefront"
import { useRouter } from "next/navigation"
import { useEffect, useState } from "react"

// Medusa's collection statuses that still ask the customer for money.
const PAYABLE = ["not_paid", "awaiting", "failed"]

// The page settles a collection, never a cart.
const store: StoreApi = {
  completeCart: async () => ({ status: 400, type: "error", message: "A payment link has no cart" }),
  completePaymentCollection: completeDinteroCollection,
}

export default function DinteroPaymentCollection({
  countryCode,
  order,
  collection,
  providerIds,
  search,
}: {
  countryCode: string
  order: { id: string; displayId?: number | null; currencyCode: string }
  collection: { id: string; amount: number; status: string }
  providerIds: string[]
  search: string
}) {
  const router = useRouter()
  const params = readPaymentCollectionParams(search, `/payment-collection/${collection.id}`)
  const returned = Boolean(params.paymentSessionId || params.error || new URLSearchParams(search).get("transaction_id"))
  const [outcome, setOutcome] = useState<DinteroPaymentCollectionOutcome | undefined>()
  const [session, setSession] = useState<StorePaymentSessionLike | undefined>()
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const amount = convertToLocale({ amount: collection.amount, currency_code: order.currencyCode })
  const here = `/${countryCode}/payment-collection/${encodeURIComponent(collection.id)}?order_id=${encodeURIComponent(order.id)}`

  useEffect(() => {
    if (!returned) return
    let active = true
    completeDinteroPaymentCollection(params, store).then((result) => {
      if (!active) return
      setOutcome(result)
      if (result.kind === "paid") router.refresh()
    })
    return () => {
      active = false
    }
    // Once per return URL.
  }, [search])

  const pay = async () => {
    setStarting(true)
    setError(null)
    setOutcome(undefined)
    const started = await startDinteroCollectionPayment(collection.id, providerIds[0]!)
    if (!started.ok) {
      setStarting(false)
      setError(started.message)
      return
    }
    const checkoutUrl = started.session.data?.checkout_url
    // Redirect: straight to Dintero's page (one click). Embedded: show the checkout here.
    if (DINTERO_CHECKOUT_MODE === "redirect" && typeof checkoutUrl === "string") return window.location.assign(checkoutUrl)
    setStarting(false)
    setSession(started.session)
  }

  const title = `Order #${order.displayId ?? order.id}`
  if (outcome?.kind === "paid" || (!returned && !PAYABLE.includes(collection.status))) {
    const paid = outcome?.kind === "paid" || ["authorized", "partially_captured", "completed"].includes(collection.status)
    return (
      <div className="content-container py-12 flex flex-col gap-y-4" data-testid={paid ? "dintero-collection-paid" : "dintero-collection-closed"}>
        <Heading level="h1">{title}</Heading>
        <Text>{paid ? `Thank you: ${amount} is paid.` : "This payment link can no longer be used."}</Text>
        <Button variant="secondary" onClick={() => router.push(`/${countryCode}/order/${order.id}/confirmed`)}>
          View the order
        </Button>
      </div>
    )
  }
  if (returned && !outcome) {
    return (
      <div className="content-container py-12" data-testid="dintero-collection-confirming">
        <Heading level="h1">Confirming your payment …</Heading>
      </div>
    )
  }
  return (
    <div className="content-container py-12 flex flex-col gap-y-4 max-w-2xl" data-testid="dintero-collection">
      <Heading level="h1">{title}</Heading>
      <Text data-testid="dintero-collection-amount">Outstanding amount: {amount}</Text>
      {outcome && <Text data-testid={`dintero-collection-${outcome.kind}`}>{outcome.message}</Text>}
      {outcome?.kind !== "pending" &&
        (providerIds.length === 0 ? (
          <Text>Dintero is not enabled in this order's region.</Text>
        ) : session ? (
          <DinteroCheckout
            session={session}
            onPayment={({ merchantReference, transactionId }) =>
              router.replace(`${here}&merchant_reference=${encodeURIComponent(merchantReference)}&transaction_id=${encodeURIComponent(transactionId)}`)
            }
          />
        ) : (
          <Button size="large" onClick={pay} isLoading={starting} data-testid="dintero-collection-pay">
            Pay {amount}
          </Button>
        ))}
      <ErrorMessage error={error} data-testid="dintero-collection-error" />
    </div>
  )
}
