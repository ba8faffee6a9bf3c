/**
 * What the provider reads of Medusa, for unit tests: Medusa's `query` (payment sessions and the
 * captures and refunds of their payment) and the Locking Module's `execute`, held in memory. The
 * real ones exist only inside a Medusa app; the integration tests use those.
 */
type Row = { id: string; amount: number; created_by?: string | null }

export function medusaStandIn() {
  const sessions = new Map<string, { currency_code: string }>()
  const payments = new Map<string, { id: string; captures: Row[]; refunds: Row[] }>()
  let sequence = 0
  const tails = new Map<string, Promise<unknown>>()

  const query = {
    async graph(input: { entity: string; filters?: Record<string, unknown> }): Promise<{ data: unknown[] }> {
      if (input.entity === "payment_session") {
        const id = input.filters?.id as string
        const session = sessions.get(id)
        return { data: session ? [{ id, provider_id: "pp_dintero_dintero", status: "authorized", currency_code: session.currency_code, data: null }] : [] }
      }
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
    addPaymentSession(id: string, currency: string) {
      sessions.set(id, { currency_code: currency })
    },
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
