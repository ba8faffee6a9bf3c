import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Select, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { savedCardLabel } from "../../storefront/saved-cards"
import { errorMessage, useChargeSavedCard, useCustomerSavedCards, useOrderOpenCollections } from "../lib/dintero-api"

const majorAmount = (amount: number, currency: string) => new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(amount)

/**
 * Order page → side column, when the order has an amount to pay (an order edit's, exchange's or
 * claim's difference) and its customer has a usable saved Dintero card: charge that card for it,
 * without the customer (a merchant-initiated payment, once per payment collection).
 */
const DinteroChargeSavedCardWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const collections = useOrderOpenCollections(order.id)
  const customerId = collections.data?.customerId ?? ""
  const cards = useCustomerSavedCards(customerId)
  const charge = useChargeSavedCard(order.id)
  const prompt = usePrompt()
  const [chosen, setChosen] = useState<string | undefined>(undefined)

  const open = collections.data?.open ?? []
  const usable = (cards.data ?? []).filter((card) => !card.blocked && !card.expired)
  if (!customerId || open.length === 0 || usable.length === 0) return null
  const collection = open[0]!
  const cardId = chosen ?? usable[0]!.id
  const card = usable.find((candidate) => candidate.id === cardId) ?? usable[0]!
  const amount = majorAmount(collection.amount, collections.data!.currencyCode)

  const onCharge = async () => {
    const confirmed = await prompt({
      title: `Charge ${amount}?`,
      description: `${savedCardLabel(card)} is charged ${amount} now, without the customer. Dintero charges it once, however often this is asked.`,
      confirmText: "Charge",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    charge.mutate(
      { paymentCollectionId: collection.id, paymentMethodId: card.id },
      {
        onSuccess: (result) => toast.success(result.already_paid ? "Already paid" : `${amount} charged`),
        onError: (error) => toast.error("The card was not charged", { description: errorMessage(error) }),
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="dintero-charge-saved-card">
      <div className="px-6 py-4">
        <Heading level="h2">Charge a saved card</Heading>
        <Text size="small" leading="compact" className="text-ui-fg-subtle">
          {amount} is still to be paid. The customer has a card saved with Dintero.
        </Text>
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Select value={card.id} onValueChange={setChosen}>
          <Select.Trigger data-testid="dintero-charge-card-select">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            {usable.map((candidate) => (
              <Select.Item key={candidate.id} value={candidate.id}>
                {savedCardLabel(candidate)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
        <Button size="small" variant="secondary" isLoading={charge.isPending} onClick={() => void onCharge()} data-testid="dintero-charge-button">
          Charge {amount}
        </Button>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default DinteroChargeSavedCardWidget
