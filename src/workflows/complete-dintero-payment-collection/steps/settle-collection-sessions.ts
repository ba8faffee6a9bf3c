import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SettlementKind } from "../../../providers/dintero/status"
import { settleDinteroPaymentWorkflow } from "../../settle-dintero-payment"
import type { CollectionSessions } from "./find-collection-sessions"

export type CollectionSettlement = {
  /** Dintero's state of the deciding session: the paid one if any, else the newest. */
  kind: SettlementKind
  settled: boolean
  payment_collection: { id: string; status: string }
}

const PRECEDENCE: SettlementKind[] = ["paid", "on_hold", "voided", "failed", "canceled", "open"]

/**
 * Settles each session from what Dintero reports (read back: the request is a hint, like a
 * callback), one after the other, then reads the collection's status. The settlement authorizes
 * a paid session under a lock of its own, so duplicate and parallel requests make one payment.
 */
export const settleCollectionSessionsStep = createStep(
  "settle-dintero-collection-sessions",
  async (input: CollectionSessions, { container }) => {
    const outcomes: { kind: SettlementKind; settled: boolean }[] = []
    for (const session of input.sessions) {
      const { result } = await settleDinteroPaymentWorkflow(container).run({
        input: { provider_id: session.provider_id, payment_session_id: session.id },
      })
      outcomes.push({ kind: result.kind, settled: result.settled })
    }
    const deciding = PRECEDENCE.map((kind) => outcomes.find((outcome) => outcome.kind === kind)).find(Boolean) ?? outcomes[0]!
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "payment_collection", fields: ["id", "status"], filters: { id: input.payment_collection_id } })
    const collection = data[0] as { id: string; status: string }
    return new StepResponse<CollectionSettlement>({ kind: deciding.kind, settled: deciding.settled, payment_collection: collection })
  }
)
