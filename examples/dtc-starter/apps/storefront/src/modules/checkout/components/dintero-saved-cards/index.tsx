"use client"

import { listDinteroSavedCards, restartDinteroPayment } from "@lib/data/dintero"
import ErrorMessage from "@modules/checkout/components/error-message"
import { savedCardLabel } from "medusa-payment-dintero/storefront"
import type { DinteroSavedCard, StorePaymentSessionLike } from "medusa-payment-dintero/storefront"
import { useRouter } from "next/navigation"
import { useEffect, useState } from "react"

/*
 * For a logged-in customer, before paying with Dintero: pay with a saved card (they confirm it in
 * Dintero's checkout), or with a new card, saved for next time if they tick the box. Each choice
 * makes a new Dintero payment session with that `data`; guests see nothing here.
 */
type Choice = { payment_method_id?: string; save_payment_method?: boolean }

export default function DinteroSavedCardChoice({ cartId, session }: { cartId: string; session: StorePaymentSessionLike }) {
  const router = useRouter()
  const [state, setState] = useState<{ loggedIn: boolean; cards: DinteroSavedCard[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let cancelled = false
    listDinteroSavedCards().then((answer) => {
      if (!cancelled) setState(answer)
    })
    return () => {
      cancelled = true
    }
  }, [])

  // The choice shows at once; the new Dintero session follows (router.refresh()).
  const [chosen, setChosen] = useState<Choice | null>(null)

  if (!state?.loggedIn) return null
  const usable = state.cards.filter((card) => !card.blocked && !card.expired)
  const current: Choice = chosen ?? {
    payment_method_id: typeof session.data?.payment_method_id === "string" ? session.data.payment_method_id : undefined,
    save_payment_method: session.data?.save_payment_method === true,
  }
  const payingWith = current.payment_method_id
  const saving = current.save_payment_method === true

  const choose = async (data: Choice) => {
    setChosen(data)
    setBusy(true)
    setError(null)
    const answer = await restartDinteroPayment(cartId, data)
    if (!answer.ok) {
      setError(answer.message)
      setChosen(null)
    }
    router.refresh()
    setBusy(false)
  }

  return (
    <fieldset className="flex flex-col gap-y-2 mb-4" disabled={busy} data-testid="dintero-saved-card-choice">
      {usable.map((card) => (
        <label key={card.id} className="flex items-center gap-x-2 txt-medium">
          <input
            type="radio"
            name="dintero-card"
            checked={payingWith === card.id}
            onChange={() => choose({ payment_method_id: card.id })}
            data-testid="dintero-saved-card-option"
            data-card-id={card.id}
          />
          Pay with {savedCardLabel(card)}
        </label>
      ))}
      {usable.length > 0 && (
        <label className="flex items-center gap-x-2 txt-medium">
          <input type="radio" name="dintero-card" checked={!payingWith} onChange={() => choose({})} data-testid="dintero-new-card-option" />
          Another card or payment method
        </label>
      )}
      {!payingWith && (
        <label className="flex items-center gap-x-2 txt-medium">
          <input
            type="checkbox"
            checked={saving}
            onChange={(event) => choose(event.target.checked ? { save_payment_method: true } : {})}
            data-testid="dintero-save-card"
          />
          Save my card for next time
        </label>
      )}
      <ErrorMessage error={error} data-testid="dintero-saved-card-error" />
    </fieldset>
  )
}
