import { listDinteroProviders, retrieveOrderForPayment } from "@lib/data/dintero"
import { searchParamsToQuery } from "@lib/dintero"
import DinteroPaymentCollection from "@modules/order/components/dintero-payment-collection"
import { notFound } from "next/navigation"

/*
 * The page of Medusa Admin's "Copy payment link" ({storefront}/payment-collection/{id}?order_id=…;
 * the starter's middleware adds the country): the customer pays what an order edit, exchange or
 * claim left outstanding. Dintero sends the customer back here (the provider's
 * `paymentCollectionReturnUrl`, by default this page) with merchant_reference and transaction_id.
 */
type Props = {
  params: Promise<{ countryCode: string; id: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const metadata = { title: "Pay for your order" }

export default async function PaymentCollectionPage(props: Props) {
  const { countryCode, id } = await props.params
  const searchParams = await props.searchParams
  const orderId = typeof searchParams.order_id === "string" ? searchParams.order_id : undefined
  const order = orderId ? await retrieveOrderForPayment(orderId) : null
  const collection = order?.payment_collections?.find((candidate) => candidate.id === id)
  if (!order || !collection) notFound()

  return (
    <DinteroPaymentCollection
      countryCode={countryCode}
      order={{ id: order.id, displayId: order.display_id, currencyCode: order.currency_code }}
      collection={{ id: collection.id, amount: Number(collection.amount), status: collection.status }}
      providerIds={order.region_id ? await listDinteroProviders(order.region_id) : []}
      search={searchParamsToQuery(searchParams)}
    />
  )
}
