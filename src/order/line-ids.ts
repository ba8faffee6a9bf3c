/**
 * Longest `line_id` we send. Dintero publishes no limit; Medusa ids are 31 characters
 * ("cali_" + a 26-character ULID), and 50 stays within what the invoice/part-payment products
 * behind Dintero accept for article references. Longer ids are shortened deterministically.
 */
export const MAX_LINE_ID_LENGTH = 50

/**
 * Hands out `line_id`s that are unique within one order (items and shipping option together), and
 * stable: the same cart yields the same ids, so captures and refunds can refer to them later.
 * A taken id gets a "-2", "-3" … suffix; ids over {@link MAX_LINE_ID_LENGTH} are cut and suffixed
 * with a short hash of the full id.
 */
export class LineIdAllocator {
  private readonly taken = new Set<string>()

  take(preferred: string): string {
    const base = shorten(preferred.trim() || "line")
    let candidate = base
    for (let n = 2; this.taken.has(candidate); n++) {
      const suffix = `-${n}`
      candidate = `${base.slice(0, MAX_LINE_ID_LENGTH - suffix.length)}${suffix}`
    }
    this.taken.add(candidate)
    return candidate
  }
}

function shorten(id: string): string {
  if (id.length <= MAX_LINE_ID_LENGTH) {
    return id
  }
  const hash = fnv1a(id)
  return `${id.slice(0, MAX_LINE_ID_LENGTH - hash.length - 1)}~${hash}`
}

/** 32-bit FNV-1a as 8 hex digits: deterministic, no crypto needed for a shortened label. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, "0")
}
