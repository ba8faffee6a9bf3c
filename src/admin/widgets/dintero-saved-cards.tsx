import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Trash } from "@medusajs/icons"
import { Badge, Container, Heading, IconButton, Skeleton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { savedCardLabel } from "../../storefront/saved-cards"
import { errorMessage, useCustomerSavedCards, useDeleteSavedCard } from "../lib/dintero-api"
import { formatDateTime } from "../lib/format"

/**
 * Customer page: the customer's cards saved with Dintero (brand, last digits, expiry; never the
 * token), and whether Dintero refused one for good. A card can be removed (on the customer's
 * request); it is then never charged again.
 */
const DinteroSavedCardsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const cards = useCustomerSavedCards(customer.id)
  const remove = useDeleteSavedCard(customer.id)
  const prompt = usePrompt()

  const onRemove = async (id: string, label: string) => {
    const confirmed = await prompt({
      title: "Remove the saved card?",
      description: `${label} can no longer pay, neither at checkout nor for merchant-initiated payments.`,
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    remove.mutate(id, {
      onSuccess: () => toast.success("Saved card removed"),
      onError: (error) => toast.error("The card was not removed", { description: errorMessage(error) }),
    })
  }

  return (
    <Container className="divide-y p-0" data-testid="dintero-saved-cards">
      <div className="px-6 py-4">
        <Heading level="h2">Saved cards (Dintero)</Heading>
        <Text size="small" leading="compact" className="text-ui-fg-subtle">
          Cards this customer saved at checkout. Dintero keeps the card; the store keeps a token only it can charge.
        </Text>
      </div>
      {cards.isPending && (
        <div className="px-6 py-4">
          <Skeleton className="h-5 w-48" />
        </div>
      )}
      {cards.isError && (
        <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="dintero-saved-cards-error">
          Could not load the saved cards: {errorMessage(cards.error)}
        </Text>
      )}
      {cards.isSuccess && cards.data.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="dintero-saved-cards-empty">
          No saved cards.
        </Text>
      )}
      {cards.isSuccess && cards.data.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Card</Table.HeaderCell>
              <Table.HeaderCell>Saved</Table.HeaderCell>
              <Table.HeaderCell>State</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {cards.data.map((card) => {
              const label = savedCardLabel(card)
              return (
                <Table.Row key={card.id} data-testid="dintero-saved-card" data-card-id={card.id}>
                  <Table.Cell>{label}</Table.Cell>
                  <Table.Cell>{formatDateTime(card.created_at)}</Table.Cell>
                  <Table.Cell>
                    {card.blocked ? (
                      <Badge color="red" size="2xsmall">Refused by Dintero</Badge>
                    ) : card.expired ? (
                      <Badge color="orange" size="2xsmall">Expired</Badge>
                    ) : (
                      <Badge color="green" size="2xsmall">Usable</Badge>
                    )}
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <IconButton
                      size="small"
                      variant="transparent"
                      aria-label={`Remove ${label}`}
                      disabled={remove.isPending}
                      onClick={() => void onRemove(card.id, label)}
                      data-testid="dintero-saved-card-remove"
                    >
                      <Trash />
                    </IconButton>
                  </Table.Cell>
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default DinteroSavedCardsWidget
