/**
 * Client-credentials authentication (contract §2): POST /v1/accounts/{aid}/auth/token with HTTP
 * Basic `client_id:client_secret` and `{ grant_type: "client_credentials", audience }`, answering
 * `{ access_token, token_type: "Bearer", expires_in }`; and the Bearer check every other `/v1` call
 * goes through.
 *
 * Tokens look like JWTs (Dintero's are) but are opaque to clients: the sandbox only looks them up.
 * The audience must be `https://api.dintero.com/v1/accounts/{aid}` (what Dintero requires) or the
 * sandbox's own `<url>/v1/accounts/{aid}`; another audience is a 403, as a grant the client lacks.
 */
import { createHmac, randomBytes } from "node:crypto"
import type { IncomingHttpHeaders } from "node:http"
import { z } from "zod"
import { ApiError, unauthorized, validationError } from "./errors"
import { header, json, parseJson, type SandboxResponse } from "./http"
import type { Sandbox } from "./sandbox"
import { formatIssues } from "./validation"

const tokenRequest = z.object({
  grant_type: z.literal("client_credentials", { error: 'must be "client_credentials"' }),
  audience: z.string().min(1, "must not be empty"),
})

const TOKEN_KEY = randomBytes(32)

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url")
}

function jwtLooking(claims: Record<string, unknown>): string {
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))
  const body = base64url(JSON.stringify(claims))
  const signature = createHmac("sha256", TOKEN_KEY).update(`${head}.${body}`).digest("base64url")
  return `${head}.${body}.${signature}`
}

function basicCredentials(headers: IncomingHttpHeaders): { id: string; secret: string } | undefined {
  const value = header(headers, "authorization")
  const match = value?.match(/^Basic\s+(\S+)$/i)
  if (!match?.[1]) return undefined
  const decoded = Buffer.from(match[1], "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  if (colon < 0) return undefined
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

export function acceptedAudiences(sandbox: Sandbox, accountId: string): string[] {
  return [`https://api.dintero.com/v1/accounts/${accountId}`, `${sandbox.baseUrl}/v1/accounts/${accountId}`]
}

export function issueToken(sandbox: Sandbox, accountId: string, headers: IncomingHttpHeaders, rawBody: string): SandboxResponse {
  const { options } = sandbox
  const credentials = basicCredentials(headers)
  if (!credentials) {
    throw unauthorized("Missing or malformed Authorization header: use Basic base64(client_id:client_secret)")
  }
  if (credentials.id !== options.clientId || credentials.secret !== options.clientSecret) {
    throw unauthorized("Invalid client credentials")
  }
  if (accountId !== options.accountId) {
    throw unauthorized(`The client has no access to account ${accountId}`)
  }
  const body = parseJson(rawBody)
  if (body === undefined) throw validationError([{ field: "body", message: "is required" }])
  const parsed = tokenRequest.safeParse(body)
  if (!parsed.success) throw validationError(formatIssues(parsed.error.issues, body))
  if (!acceptedAudiences(sandbox, accountId).includes(parsed.data.audience)) {
    throw new ApiError(
      403,
      "FORBIDDEN",
      `audience "${parsed.data.audience}" is not a grant of this client; use https://api.dintero.com/v1/accounts/${accountId}`,
    )
  }
  const issuedAt = Math.floor(Date.now() / 1000)
  const expiresIn = options.tokenExpiresIn
  const token = jwtLooking({
    iss: "https://api.dintero.com/v1/accounts/" + accountId + "/auth",
    aud: parsed.data.audience,
    sub: credentials.id,
    scope: "admin:checkout",
    iat: issuedAt,
    exp: issuedAt + expiresIn,
    jti: randomBytes(12).toString("hex"),
  })
  sandbox.store.tokens.set(token, { clientId: credentials.id, expiresAt: Date.now() + expiresIn * 1000 })
  return json(200, { access_token: token, token_type: "Bearer", expires_in: expiresIn })
}

/** The client id of a valid, unexpired Bearer token, or a 401. */
export function requireBearer(sandbox: Sandbox, headers: IncomingHttpHeaders): string {
  const value = header(headers, "authorization")
  const match = value?.match(/^Bearer\s+(\S+)$/i)
  if (!match?.[1]) throw unauthorized("Missing Authorization header: use Bearer <access_token>")
  const token = sandbox.store.tokens.get(match[1])
  if (!token) throw unauthorized("Invalid access token")
  if (token.expiresAt <= Date.now()) throw unauthorized("The access token has expired")
  return token.clientId
}

/** Makes every issued token expired (POST /_sandbox/tokens/expire). */
export function expireAllTokens(sandbox: Sandbox): number {
  for (const token of sandbox.store.tokens.values()) token.expiresAt = 0
  return sandbox.store.tokens.size
}
