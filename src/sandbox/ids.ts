/**
 * Identifiers in Dintero's formats. Session and transaction ids are `{account_id}.{22 alphanumerics}`
 * (a short uuid), so the environment (T/P) can be read from any id, as on Dintero.
 */
import { randomBytes, randomUUID } from "node:crypto"

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** Uniformly random alphanumerics (rejection sampling: 248 is the largest multiple of 62 ≤ 256). */
export function randomAlphanumeric(length: number): string {
  let out = ""
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62]
    }
  }
  return out
}

/** A session or transaction id: `T12345678.465U8CUzaPVpneu1wt8Wei`. */
export function checkoutId(accountId: string): string {
  return `${accountId}.${randomAlphanumeric(22)}`
}

/** Event ids, request ids and delivery ids are uuids, as in Dintero's examples. */
export function uuid(): string {
  return randomUUID()
}
