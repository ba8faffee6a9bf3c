import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { currencyExponent } from "../../money/currency"
import { isDinteroProviderId } from "../../providers/dintero/provider-id"

/**
 * Order page → side column: what Dintero knows of this order's payment (transaction, payment
 * method, authorized / captured / refunded), as recorded by the provider at its last operation.
 */
type DinteroPayment = {
  id: string
  provider_id: string
  currency_code: string
  data?: {
    transaction_id?: string
    transaction_status?: string
    payment_product_type?: string
    dintero_session_id?: string
    authorized_amount?: number
    captured_amount?: number
    refunded_amount?: number
  } | null
}

const STATUS_COLOR: Record<string, "green" | "orange" | "red" | "grey" | "blue"> = {
  AUTHORIZED: "blue",
  CAPTURED: "green",
  PARTIALLY_CAPTURED: "green",
  PARTIALLY_REFUNDED: "orange",
  PARTIALLY_CAPTURED_REFUNDED: "orange",
  REFUNDED: "orange",
  ON_HOLD: "orange",
  AUTHORIZATION_VOIDED: "grey",
  DECLINED: "red",
  FAILED: "red",
}

/** Minor units → "NOK 1,108.77", with the ISO 4217 decimals the provider converted with. */
function money(minor: number | undefined, currency: string): string {
  if (minor === undefined) return "–"
  const decimals = currencyExponent(currency)
  return new Intl.NumberFormat(undefined, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(minor / 10 ** decimals)
}

const DinteroPaymentWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const [payments, setPayments] = useState<DinteroPayment[]>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    const fields = "id,*payment_collections.payments"
    fetch(`/admin/orders/${order.id}?fields=${encodeURIComponent(fields)}`, { credentials: "include" })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((body: { order: { payment_collections?: { payments?: DinteroPayment[] }[] } }) =>
        setPayments(
          (body.order.payment_collections ?? [])
            .flatMap((collection) => collection.payments ?? [])
            .filter((payment) => isDinteroProviderId(payment.provider_id))
        )
      )
      .catch((e: Error) => setError(e.message))
  }, [order.id])

  if (!error && (!payments || payments.length === 0)) return null

  return (
    <Container className="divide-y p-0" data-testid="dintero-payment">
      <div className="px-6 py-4">
        <Heading level="h2">Dintero</Heading>
      </div>
      {error && (
        <Text size="small" className="px-6 py-4 text-ui-fg-error">
          Could not load the Dintero payment: {error}
        </Text>
      )}
      {payments?.map((payment) => {
        const data = payment.data ?? {}
        const currency = payment.currency_code
        const rows: [string, string][] = [
          ["Transaction", data.transaction_id ?? "–"],
          ["Payment method", data.payment_product_type ?? "–"],
          ["Authorized", money(data.authorized_amount, currency)],
          ["Captured", money(data.captured_amount, currency)],
          ["Refunded", money(data.refunded_amount, currency)],
          ["Session", data.dintero_session_id ?? "–"],
        ]
        return (
          <div key={payment.id} className="flex flex-col gap-y-2 px-6 py-4">
            <div className="flex items-center justify-between">
              <Text size="small" weight="plus">
                {payment.provider_id}
              </Text>
              {data.transaction_status && (
                <Badge size="2xsmall" color={STATUS_COLOR[data.transaction_status] ?? "grey"}>
                  {data.transaction_status}
                </Badge>
              )}
            </div>
            {rows.map(([label, value]) => (
              <div key={label} className="grid grid-cols-2 gap-x-2">
                <Text size="small" className="text-ui-fg-subtle">
                  {label}
                </Text>
                <Text size="small" className="break-all">
                  {value}
                </Text>
              </div>
            ))}
          </div>
        )
      })}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default DinteroPaymentWidget
