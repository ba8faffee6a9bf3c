/**
 * Dintero-Signature for callbacks (contract §6.5, docs "validating callbacks"):
 * HMAC-SHA256, keyed with the account's signature secret, over six fields joined by "\n":
 *
 *   <t>\n<account_id>\n<METHOD>\n<hostname without port>\n<pathname>\n<query sorted by key>
 *
 * The query is form-encoded as URLSearchParams.sort().toString() gives it. The body is not signed.
 * Header: `Dintero-Signature: t=<unix seconds>,v0-hmac-sha256=<lowercase hex>`.
 */
import { createHmac } from "node:crypto"

export interface SignatureInput {
  secret: string
  /** Unix time in seconds. */
  timestamp: number
  accountId: string
  method: string
  url: string | URL
}

export function signaturePayload(input: Omit<SignatureInput, "secret">): string {
  const url = typeof input.url === "string" ? new URL(input.url) : input.url
  const query = new URLSearchParams(url.search)
  query.sort()
  return [
    String(input.timestamp),
    input.accountId,
    input.method.toUpperCase(),
    url.hostname,
    url.pathname,
    query.toString(),
  ].join("\n")
}

export function signatureHex(input: SignatureInput): string {
  return createHmac("sha256", input.secret).update(signaturePayload(input), "utf8").digest("hex")
}

export function signatureHeader(input: SignatureInput): string {
  return `t=${input.timestamp},v0-hmac-sha256=${signatureHex(input)}`
}
