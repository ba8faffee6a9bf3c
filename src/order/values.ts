/**
 * Loose readers for what `query.graph` returns: numbers may come as numbers, strings or BigNumber
 * shapes (`{ numeric }`, `{ value }`), dates as strings or Dates. Anything unreadable counts as 0.
 */
export const num = (value: unknown): number => {
  if (typeof value === "number") return Number.isFinite(value) ? value : 0
  if (typeof value === "string") return num(Number(value))
  if (value && typeof value === "object") {
    const raw = (value as { numeric?: unknown; value?: unknown }).numeric ?? (value as { value?: unknown }).value
    if (raw !== undefined) return num(raw)
  }
  return 0
}

/** Milliseconds since the epoch; 0 when there is no date. */
export const time = (value: string | Date | null | undefined) => (value ? new Date(value).getTime() : 0)
