import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowPath } from "@medusajs/icons"
import { Container, Heading, IconButton, Skeleton, StatusBadge, Table, Text, Tooltip, clx } from "@medusajs/ui"
import { useIsFetching, useQueryClient } from "@tanstack/react-query"
import { DinteroError } from "../components/dintero/dintero-error"
import { dinteroKeys, errorMessage, type LiveDinteroPayment, useLiveDinteroPayment, useOrderDinteroPayments } from "../lib/dintero-api"
import { eventColor, eventLabel, formatDateTime, formatMoney, TRANSACTION_STATUS_COLOR } from "../lib/format"

/**
 * Order page → side column: the order's Dintero payment as Dintero has it now (read live on every
 * open and refresh): transaction, payment method, card, authorized / captured / refunded, per line
 * what was captured and refunded, the events (captures, refunds, voids: who and when) and the
 * payment profile used.
 */
const DinteroPaymentWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const payments = useOrderDinteroPayments(order.id)
  const queryClient = useQueryClient()
  const fetching = useIsFetching({ queryKey: dinteroKeys.all })

  // Nothing for orders paid otherwise (and no flash of an empty panel while the payments load).
  if (payments.isPending || (payments.isSuccess && payments.data.length === 0)) return null

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: dinteroKeys.orderPayments(order.id) })
    for (const payment of payments.data ?? []) void queryClient.invalidateQueries({ queryKey: dinteroKeys.payment(payment.id) })
  }

  return (
    <Container className="divide-y p-0" data-testid="dintero-payment">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Dintero</Heading>
          <Text size="small" leading="compact" className="text-ui-fg-subtle">
            Read live from Dintero
          </Text>
        </div>
        <Tooltip content="Read again from Dintero">
          <IconButton
            size="small"
            variant="transparent"
            onClick={refresh}
            disabled={fetching > 0}
            aria-label="Refresh from Dintero"
            data-testid="dintero-refresh"
          >
            <ArrowPath className={clx(fetching > 0 && "animate-spin")} />
          </IconButton>
        </Tooltip>
      </div>
      {payments.isError && (
        <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="dintero-payment-error">
          Could not load the order&apos;s payments: {errorMessage(payments.error)}
        </Text>
      )}
      {payments.data?.map((payment) => <LivePayment key={payment.id} paymentId={payment.id} providerId={payment.provider_id} />)}
    </Container>
  )
}

/**
 * The reference Dintero keeps with a capture or refund: the plugin sends Medusa's capture or
 * refund id, so it says the operation came from Medusa (and which one).
 */
function referenceText(reference: string | null): string | undefined {
  if (!reference) return undefined
  if (reference.startsWith("capt_")) return `Medusa capture ${reference}`
  if (reference.startsWith("ref_")) return `Medusa refund ${reference}`
  return `Reference ${reference}`
}

/** The colors of Medusa's status badges, as timeline dots. */
const DOT: Record<string, string> = {
  green: "bg-ui-tag-green-icon",
  orange: "bg-ui-tag-orange-icon",
  red: "bg-ui-tag-red-icon",
  blue: "bg-ui-tag-blue-icon",
  purple: "bg-ui-tag-purple-icon",
  grey: "bg-ui-tag-neutral-icon",
}

const LoadingRows = () => (
  <div className="flex flex-col gap-y-2 px-6 py-4">
    <Skeleton className="h-4 w-full" />
    <Skeleton className="h-4 w-2/3" />
    <Skeleton className="h-4 w-1/2" />
  </div>
)

const Row = ({ label, value, testId, mono }: { label: string; value: string; testId?: string; mono?: boolean }) => (
  <div className="grid grid-cols-[2fr_3fr] gap-x-3" data-testid={testId}>
    <Text size="small" leading="compact" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" leading="compact" className={clx(mono ? "break-all font-mono" : "break-words")}>
      {value}
    </Text>
  </div>
)

const LivePayment = ({ paymentId, providerId }: { paymentId: string; providerId: string }) => {
  const live = useLiveDinteroPayment(paymentId)

  return (
    <div className="flex flex-col divide-y divide-dashed" data-testid="dintero-payment-item" data-payment-id={paymentId}>
      <div className="flex items-center justify-between gap-x-2 px-6 py-3">
        <Text size="small" weight="plus" leading="compact" className="font-mono">
          {providerId}
        </Text>
        {live.data?.transaction && (
          <StatusBadge color={TRANSACTION_STATUS_COLOR[live.data.transaction.status] ?? "grey"} data-testid="dintero-transaction-status">
            {live.data.transaction.status}
          </StatusBadge>
        )}
      </div>
      {live.isPending && <LoadingRows />}
      {live.isError && (
        <div className="px-6 py-4">
          <DinteroError
            error={live.error}
            what="this payment"
            onRetry={() => live.refetch()}
            retrying={live.isFetching}
            testId="dintero-payment-error"
          />
        </div>
      )}
      {live.data && <PaymentDetails payment={live.data} />}
      {live.data && (
        <Text size="xsmall" leading="compact" className="text-ui-fg-muted px-6 py-2" data-testid="dintero-updated-at">
          {live.isError ? "Last read" : "Read"} from Dintero at {new Date(live.dataUpdatedAt).toLocaleTimeString()}
        </Text>
      )}
    </div>
  )
}

type Transaction = NonNullable<LiveDinteroPayment["transaction"]>

/** "2 · NOK 1,198.00"; "-" for nothing. An item by amount alone (no quantity) shows its amount. */
function quantityAndAmount(figure: { quantity: number; amount: number }, currency: string): string {
  if (figure.quantity === 0 && figure.amount === 0) return "-"
  return `${figure.quantity} · ${formatMoney(figure.amount, currency)}`
}

const LINE_CELL = "h-auto whitespace-nowrap py-2 pr-3 text-right"

/** Per Dintero line: what was authorized, and what Dintero reports as captured and refunded of it. */
const TransactionLines = ({ transaction }: { transaction: Transaction }) => {
  const { lines, currency } = transaction
  if (lines.length === 0) return null
  return (
    <div className="flex flex-col gap-y-2 py-4" data-testid="dintero-lines" data-attributable={transaction.lines_attributable ? "true" : "false"}>
      <Text size="small" weight="plus" leading="compact" className="px-6">
        Lines
      </Text>
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell className="h-auto py-2 pr-3">Line</Table.HeaderCell>
              <Table.HeaderCell className={LINE_CELL}>Qty</Table.HeaderCell>
              <Table.HeaderCell className={LINE_CELL}>Amount</Table.HeaderCell>
              <Table.HeaderCell className={LINE_CELL} title="Quantity · amount">
                Captured
              </Table.HeaderCell>
              <Table.HeaderCell className={LINE_CELL} title="Quantity · amount">
                Refunded
              </Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {lines.map((line) => (
              <Table.Row key={line.line_id} data-testid="dintero-line" data-line-id={line.line_id}>
                <Table.Cell className="h-auto min-w-[96px] py-2 pr-3">
                  <div className="flex flex-col">
                    <span className={clx("text-ui-fg-base break-words", !line.description && "break-all font-mono")}>
                      {line.description ?? line.line_id}
                    </span>
                    {line.shipping && <span className="txt-compact-xsmall text-ui-fg-muted">Shipping</span>}
                  </div>
                </Table.Cell>
                <Table.Cell className={LINE_CELL}>{line.quantity}</Table.Cell>
                <Table.Cell className={LINE_CELL}>{formatMoney(line.amount, currency)}</Table.Cell>
                <Table.Cell className={LINE_CELL} data-testid="dintero-line-captured">
                  {quantityAndAmount(line.captured, currency)}
                </Table.Cell>
                <Table.Cell className={LINE_CELL} data-testid="dintero-line-refunded">
                  {quantityAndAmount(line.refunded, currency)}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      {!transaction.lines_attributable && (
        <Text size="xsmall" leading="compact" className="text-ui-fg-subtle px-6" data-testid="dintero-lines-incomplete">
          Some operations were made by amount (e.g. in Dintero Backoffice): per-line figures are incomplete.
        </Text>
      )}
    </div>
  )
}

const PaymentDetails = ({ payment }: { payment: LiveDinteroPayment }) => {
  const transaction = payment.transaction
  if (!transaction) {
    return (
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" leading="compact" data-testid="dintero-no-transaction">
          No Dintero transaction yet: the shopper has not paid this session.
        </Text>
        <Row label="Profile" value={payment.profile_id ?? "-"} testId="dintero-profile" mono />
        <Row label="Session" value={payment.dintero_session_id ?? "-"} mono />
      </div>
    )
  }
  const currency = transaction.currency
  const card = transaction.card
  const cardText = card
    ? [card.brand?.toUpperCase(), card.masked_pan, card.expiry_date ? `exp. ${card.expiry_date}` : undefined].filter(Boolean).join(" ")
    : undefined
  const method = transaction.payment_product_type ?? transaction.payment_product ?? "-"

  return (
    <>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Row label="Transaction" value={transaction.id} testId="dintero-transaction-id" mono />
        <Row label="Payment method" value={method} testId="dintero-payment-method" />
        {cardText && <Row label="Card" value={cardText} testId="dintero-card" />}
        <Row label="Profile" value={payment.profile_id ?? "-"} testId="dintero-profile" mono />
        <Row label="Session" value={payment.dintero_session_id ?? "-"} mono />
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Row label="Authorized" value={formatMoney(transaction.amounts.authorized, currency)} testId="dintero-amount-authorized" />
        <Row label="Captured" value={formatMoney(transaction.amounts.captured, currency)} testId="dintero-amount-captured" />
        <Row label="Refunded" value={formatMoney(transaction.amounts.refunded, currency)} testId="dintero-amount-refunded" />
      </div>
      <TransactionLines transaction={transaction} />
      <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="dintero-events">
        <Text size="small" weight="plus" leading="compact">
          Events
        </Text>
        {transaction.events.length === 0 && (
          <Text size="small" leading="compact" className="text-ui-fg-subtle">
            Dintero reports no events.
          </Text>
        )}
        <ol className="flex flex-col gap-y-3">
          {[...transaction.events].reverse().map((event, index) => {
            const amount = event.amount !== null && event.amount !== undefined ? formatMoney(event.amount, currency) : undefined
            const who = [event.created_by ? `by ${event.created_by}` : undefined, referenceText(event.reference)].filter(Boolean).join(" · ")
            return (
              <li
                key={event.id ?? `${event.event}-${index}`}
                className="grid grid-cols-[12px_1fr] gap-x-2"
                data-testid="dintero-event"
                data-event={event.event}
                data-success={event.success ? "true" : "false"}
              >
                <span aria-hidden className={clx("mt-1 block size-2 rounded-full", DOT[eventColor(event.event, event.success)])} />
                <div className="flex min-w-0 flex-col">
                  <div className="flex items-baseline justify-between gap-x-2">
                    <Text size="small" weight="plus" leading="compact">
                      {eventLabel(event.event, event.success)}
                    </Text>
                    {amount && (
                      <Text size="small" leading="compact" className="whitespace-nowrap">
                        {amount}
                      </Text>
                    )}
                  </div>
                  <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">
                    {formatDateTime(event.created_at)}
                  </Text>
                  {who && (
                    <Text size="xsmall" leading="compact" className="text-ui-fg-muted break-all">
                      {who}
                    </Text>
                  )}
                  {event.error && (
                    <Text size="xsmall" leading="compact" className="text-ui-fg-error break-words">
                      {event.error}
                    </Text>
                  )}
                </div>
              </li>
            )
          })}
        </ol>
      </div>
    </>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default DinteroPaymentWidget
