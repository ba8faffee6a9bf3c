import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * Verification of the `Dintero-Signature` header Dintero puts on callbacks once the account has a
 * signature secret: `t=<unix seconds>,v0-hmac-sha256=<hex>`, an HMAC-SHA256 over
 * `t \n account_id \n METHOD \n hostname \n pathname \n sorted query`. The body is not signed.
 */
export type SignatureCheck =
  | { valid: true; timestamp: number }
  | { valid: false; reason: "missing" | "malformed" | "stale" | "mismatch" }

export const SIGNATURE_TOLERANCE_SECONDS = 300

export function dinteroSignaturePayload(input: {
  timestamp: number | string
  accountId: string
  method: string
  /** The full URL as Dintero called it (public host and path, with the query). */
  url: string | URL
}): string {
  const url = new URL(input.url.toString())
  const query = new URLSearchParams(url.search)
  query.sort()
  return [input.timestamp, input.accountId, input.method.toUpperCase(), url.hostname, url.pathname, query.toString()].join("\n")
}

export function signDinteroPayload(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex")
}

export function verifyDinteroSignature(input: {
  header: string | string[] | undefined
  secret: string
  accountId: string
  method: string
  url: string | URL
  nowSeconds?: number
  toleranceSeconds?: number
}): SignatureCheck {
  const header = Array.isArray(input.header) ? input.header[0] : input.header
  if (!header) return { valid: false, reason: "missing" }

  const parts = new Map<string, string[]>()
  for (const part of header.split(",")) {
    const index = part.indexOf("=")
    if (index <= 0) continue
    const key = part.slice(0, index).trim()
    parts.set(key, [...(parts.get(key) ?? []), part.slice(index + 1).trim()])
  }
  const t = parts.get("t")?.[0]
  const signatures = parts.get("v0-hmac-sha256") ?? []
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return { valid: false, reason: "malformed" }

  const timestamp = Number(t)
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000)
  // Both directions: a timestamp far in the future is as suspect as an old one.
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) {
    return { valid: false, reason: "stale" }
  }

  const expected = Buffer.from(
    signDinteroPayload(dinteroSignaturePayload({ timestamp: t, accountId: input.accountId, method: input.method, url: input.url }), input.secret),
    "hex"
  )
  // Several v0 signatures may be present while a secret is being rotated: any one may match.
  const matches = signatures.some((candidate) => {
    if (!/^[0-9a-f]+$/i.test(candidate)) return false
    const given = Buffer.from(candidate, "hex")
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  return matches ? { valid: true, timestamp } : { valid: false, reason: "mismatch" }
}
