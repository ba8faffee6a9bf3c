/**
 * The changes a transaction can go through after its creation: capture, refund, void, each as an
 * event appended to the transaction (the status follows from the events, state-machine.ts), and the
 * deferred (202) variant of each. Used by the API, by auto-capture and by session cancel, so every
 * path records events and reports them (report_event callbacks) the same way.
 *
 * Callers check the state machine's refusals before calling; these functions only apply.
 */
import { uuid } from "./ids"
import type { OperationRequest } from "./operation-validation"
import { releasesRestOnFinalCapture } from "./product-rules"
import type { Sandbox } from "./sandbox"
import { ledgerOf, statusFromAmounts } from "./state-machine"
import type { EventItem, StoredTransaction, TransactionEvent, TransactionEventName, TransactionStatus } from "./types"
import { transactionView } from "./views"

export type OperationKind = "CAPTURE" | "REFUND" | "VOID"

export interface EventInput {
  event: TransactionEventName
  transaction_status: TransactionStatus
  success: boolean
  amount?: number
  items?: EventItem[]
  event_reference?: string
  correlation_request_id?: string
  metadata?: Record<string, unknown>
  error?: TransactionEvent["error"]
  request_id?: string
}

/** Appends an event and moves the transaction to the event's status. */
export function recordEvent(stored: StoredTransaction, input: EventInput): TransactionEvent {
  const now = new Date().toISOString()
  const event: TransactionEvent = {
    id: uuid(),
    event: input.event,
    transaction_status: input.transaction_status,
    success: input.success,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(input.items !== undefined ? { items: input.items.map((item) => ({ ...item })) } : {}),
    ...(input.event_reference !== undefined ? { event_reference: input.event_reference } : {}),
    request_id: input.request_id ?? uuid(),
    ...(input.correlation_request_id !== undefined ? { correlation_request_id: input.correlation_request_id } : {}),
    created_at: now,
    ...(input.metadata !== undefined ? { metadata: { ...input.metadata } } : {}),
    ...(input.error !== undefined ? { error: input.error } : {}),
  }
  stored.data.events.push(event)
  stored.data.status = input.transaction_status
  stored.data.updated_at = now
  return event
}

/** A report_event callback for a successful CAPTURE, REFUND or VOID (§6.3). */
function reportEvent(sandbox: Sandbox, stored: StoredTransaction, event: TransactionEvent, kind: OperationKind): void {
  const session = sandbox.store.session(stored.data.session_id)
  if (!session) return
  sandbox.callbacks.notify({
    kind: "event",
    session,
    transaction: transactionView(stored),
    event: { name: kind, id: event.id },
  })
}

/** Status after adding `amount` of the given kind to the transaction's ledger. */
function statusAfter(stored: StoredTransaction, change: { captured?: number; refunded?: number; restVoided?: boolean }): TransactionStatus {
  const ledger = ledgerOf(stored)
  return statusFromAmounts({
    authorized: ledger.authorized,
    captured: ledger.captured + (change.captured ?? 0),
    refunded: ledger.refunded + (change.refunded ?? 0),
    restVoided: change.restVoided ?? ledger.restVoided,
  })
}

export interface ApplyOptions {
  correlationRequestId?: string
  /** false for the capture that is part of a payment (auto-capture): the payment callback reports it. */
  report?: boolean
}

export function applyCapture(
  sandbox: Sandbox,
  stored: StoredTransaction,
  op: OperationRequest,
  options: ApplyOptions = {},
): TransactionEvent {
  // final_capture releases the uncaptured rest; Dintero documents it for dintero_psp only.
  const releaseRest = op.finalCapture === true && releasesRestOnFinalCapture(stored.data.payment_product_type)
  const status = statusAfter(stored, { captured: op.amount, restVoided: releaseRest || stored.restVoided })
  const event = recordEvent(stored, {
    event: "CAPTURE",
    transaction_status: status,
    success: true,
    amount: op.amount,
    items: op.items,
    event_reference: op.reference,
    correlation_request_id: options.correlationRequestId,
    metadata: op.metadata,
  })
  if (releaseRest) stored.restVoided = true
  if (options.report !== false) reportEvent(sandbox, stored, event, "CAPTURE")
  return event
}

export function applyRefund(
  sandbox: Sandbox,
  stored: StoredTransaction,
  op: OperationRequest,
  options: ApplyOptions = {},
): TransactionEvent {
  const status = statusAfter(stored, { refunded: op.amount })
  const event = recordEvent(stored, {
    event: "REFUND",
    transaction_status: status,
    success: true,
    amount: op.amount,
    items: op.items,
    event_reference: op.reference,
    correlation_request_id: options.correlationRequestId,
    metadata: op.metadata === undefined && op.reason === undefined ? undefined : { ...op.metadata, ...(op.reason ? { reason: op.reason } : {}) },
  })
  if (options.report !== false) reportEvent(sandbox, stored, event, "REFUND")
  return event
}

/** Voids what is not captured: the whole authorization, or the rest after a partial capture. */
export function applyVoid(sandbox: Sandbox, stored: StoredTransaction, options: ApplyOptions = {}): TransactionEvent {
  const ledger = ledgerOf(stored)
  const status = statusAfter(stored, { restVoided: true })
  const event = recordEvent(stored, {
    event: "VOID",
    transaction_status: status,
    success: true,
    amount: ledger.authorized - ledger.captured,
    correlation_request_id: options.correlationRequestId,
  })
  stored.restVoided = true
  if (options.report !== false) reportEvent(sandbox, stored, event, "VOID")
  return event
}

/**
 * Accepts an operation for later (HTTP 202, contract §5.4): an INITIATE_* event now, with the
 * status unchanged, and after `delayMs` the real event carrying `correlation_request_id`. The
 * pending amount counts against the limits meanwhile, so a second capture cannot overdraw.
 */
export function acceptOperation(
  sandbox: Sandbox,
  stored: StoredTransaction,
  kind: OperationKind,
  op: OperationRequest | undefined,
  delayMs: number,
): string {
  const requestId = uuid()
  const voidAmount = kind === "VOID" ? ledgerOf(stored).authorized - ledgerOf(stored).captured : 0
  recordEvent(stored, {
    event: `INITIATE_${kind}`,
    transaction_status: stored.data.status,
    success: true,
    amount: op?.amount ?? voidAmount,
    items: op?.items,
    event_reference: op?.reference,
    request_id: requestId,
  })
  stored.pending.push({ requestId, kind, amount: op?.amount ?? 0 })
  sandbox.scheduler.after(delayMs, () => {
    stored.pending = stored.pending.filter((pending) => pending.requestId !== requestId)
    const options = { correlationRequestId: requestId }
    if (kind === "CAPTURE" && op) applyCapture(sandbox, stored, op, options)
    else if (kind === "REFUND" && op) applyRefund(sandbox, stored, op, options)
    else applyVoid(sandbox, stored, options)
  })
  return requestId
}
