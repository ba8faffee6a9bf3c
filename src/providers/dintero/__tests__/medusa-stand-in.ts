/**
 * What the provider reads of Medusa, for unit tests: Medusa's `query` (the captures and refunds
 * of a payment session's payment; no carts) and the Locking Module's `execute`, held in memory. The
 * real ones exist only inside a Medusa app; the integration tests use those.
 */
type Row = { id: string; amount: number; created_by?: string | null }

export function medusaStandIn() {
  const payments = new Map<string, { id: string; captures: Row[]; refunds: Row[] }>()
  let sequence = 0
  const tails = new Map<string, Promise<unknown>>()

  const query = {
    async graph(input: { entity: string; filters?: Record<string, unknown> }): Promise<{ data: unknown[] }> {
      if (input.entity === "payment") {
        const payment = payments.get(input.filters?.payment_session_id as string)
        return { data: payment ? [structuredClone(payment)] : [] }
      }
      return { data: [] }
    },
  }

  const locking = {
    /** One job at a time per key, in arrival order (as Medusa's in-memory provider does). */
    async execute<T>(key: string, job: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve()
      const run = previous.catch(() => undefined).then(job)
      tails.set(key, run)
      return run
    },
  }

  function payment(paymentSessionId: string) {
    let found = payments.get(paymentSessionId)
    if (!found) {
      found = { id: `pay_${++sequence}`, captures: [], refunds: [] }
      payments.set(paymentSessionId, found)
    }
    return found
  }

  return {
    query,
    locking,
    /** Records a capture as Medusa does before calling the provider; returns its id. */
    capture(paymentSessionId: string, amount: number, createdBy?: string): string {
      const id = `capt_${++sequence}`
      payment(paymentSessionId).captures.push({ id, amount, created_by: createdBy ?? null })
      return id
    },
    refund(paymentSessionId: string, amount: number, createdBy?: string): string {
      const id = `ref_${++sequence}`
      payment(paymentSessionId).refunds.push({ id, amount, created_by: createdBy ?? null })
      return id
    },
    /** Medusa deletes the row when the provider throws. */
    drop(paymentSessionId: string, id: string) {
      const found = payment(paymentSessionId)
      found.captures = found.captures.filter((row) => row.id !== id)
      found.refunds = found.refunds.filter((row) => row.id !== id)
    },
  }
}
