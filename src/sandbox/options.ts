/**
 * The sandbox's options: what a caller may pass to startSandbox(), the defaults, and the parsing of
 * the one option with a syntax of its own (`profiles`). The CLI reuses these parsers so a flag and
 * the library option accept exactly the same values.
 */

/** A payment profile the sandbox knows; `profile_id` in a session must name one of them. */
export interface SandboxProfile {
  id: string
  /** Every transaction paid through this profile is captured right after authorization. */
  autoCapture?: boolean
  /** The profile's `description` in the profiles API; default "Payment profile <id>". */
  description?: string
}

export type SandboxLogger = (line: string) => void

export interface SandboxOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number
  /** Interface to bind. Default "127.0.0.1". */
  host?: string
  /**
   * Base URL put into the URLs the sandbox hands out (session `url`, accepted token audience), when
   * the sandbox is reached through another address than it binds (Docker, a tunnel). Default: the
   * bound address.
   */
  publicUrl?: string
  /** Dintero account id, `T` or `P` followed by 8 digits. Default "T12345678". */
  accountId?: string
  /** Client credentials accepted by the token endpoint. Defaults "sandbox-client" / "sandbox-secret". */
  clientId?: string
  clientSecret?: string
  /** When set, every callback carries a `Dintero-Signature` header made with this secret. */
  signatureSecret?: string
  /**
   * Payment profiles, e.g. `"default=Web shop,swish:auto-capture"` or
   * `[{ id: "default", description: "Web shop" }]`. Default "default".
   */
  profiles?: string | SandboxProfile[]
  /** Delay added to every `/v1` response, in milliseconds. Default 0. */
  latencyMs?: number
  /** Lifetime of access tokens, in seconds. Default 14400 (4 h, as Dintero's checkout clients). */
  tokenExpiresIn?: number
  /** Retries after a failed callback delivery. Default 20, like Dintero. */
  callbackRetries?: number
  /** First retry delay in ms; it doubles on every retry (capped at 256 × base). Default 1000. */
  callbackRetryBaseMs?: number
  /** A callback attempt with no answer after this many ms counts as failed. Default 10000, like Dintero. */
  callbackTimeoutMs?: number
  /** Receives one line per request and callback attempt; false or absent: silent. */
  log?: SandboxLogger | false
}

export interface ResolvedOptions {
  port: number
  host: string
  publicUrl?: string
  accountId: string
  clientId: string
  clientSecret: string
  signatureSecret?: string
  profiles: SandboxProfile[]
  latencyMs: number
  tokenExpiresIn: number
  callbackRetries: number
  callbackRetryBaseMs: number
  callbackTimeoutMs: number
  log: SandboxLogger
}

export const DEFAULTS = {
  port: 0,
  host: "127.0.0.1",
  accountId: "T12345678",
  clientId: "sandbox-client",
  clientSecret: "sandbox-secret",
  profiles: "default",
  latencyMs: 0,
  tokenExpiresIn: 14400,
  callbackRetries: 20,
  callbackRetryBaseMs: 1000,
  callbackTimeoutMs: 10000,
} as const

export class InvalidOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`)
    this.name = "InvalidOptionError"
  }
}

const ACCOUNT_ID = /^[PT]\d{8}$/
const PROFILE_FLAGS = new Set(["auto-capture"])

function profileError(message: string): InvalidOptionError {
  return new InvalidOptionError("profiles", message)
}

function checkedProfiles(value: SandboxProfile[]): SandboxProfile[] {
  if (value.length === 0) throw profileError("at least one profile is required")
  const seen = new Set<string>()
  return value.map((profile) => {
    if (typeof profile?.id !== "string" || profile.id.trim() === "") {
      throw profileError("every profile needs a non-empty id")
    }
    if (seen.has(profile.id)) throw profileError(`duplicate profile "${profile.id}"`)
    seen.add(profile.id)
    const { description } = profile
    if (description !== undefined && (typeof description !== "string" || description.trim() === "")) {
      throw profileError(`the description of "${profile.id}" must be a non-empty string`)
    }
    return { id: profile.id, autoCapture: profile.autoCapture === true, ...(description !== undefined ? { description } : {}) }
  })
}

/**
 * Splits the string form at commas, except inside parentheses or escaped as `\,`, so that a
 * description such as "Instant capture (Swish, Vipps)" stays one entry.
 */
function splitEntries(value: string): string[] {
  const entries: string[] = []
  let current = ""
  let depth = 0
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index] as string
    if (char === "\\" && value[index + 1] === ",") {
      current += ","
      index += 1
      continue
    }
    if (char === "(") depth += 1
    else if (char === ")" && depth > 0) depth -= 1
    if (char === "," && depth === 0) {
      entries.push(current)
      current = ""
    } else {
      current += char
    }
  }
  if (depth > 0) throw profileError(`unbalanced "(" in "${value}"`)
  entries.push(current)
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== "")
}

/** `instant:auto-capture=Instant capture`: id, then `:flag`s, then `=description` (which may hold ":"). */
function parseEntry(entry: string): SandboxProfile {
  const equals = entry.indexOf("=")
  const head = equals < 0 ? entry : entry.slice(0, equals)
  const description = equals < 0 ? undefined : entry.slice(equals + 1).trim()
  if (description === "") throw profileError(`empty description in "${entry}"`)
  const [id, ...flags] = head.split(":").map((part) => part.trim())
  for (const flag of flags) {
    if (!PROFILE_FLAGS.has(flag)) {
      throw profileError(`unknown flag "${flag}" in "${entry}" (known: auto-capture)`)
    }
  }
  return { id: id ?? "", autoCapture: flags.includes("auto-capture"), ...(description !== undefined ? { description } : {}) }
}

/**
 * Parses `"default=Web shop,swish:auto-capture"`: comma-separated entries `id[:flag...][=description]`
 * (the only flag is `auto-capture`), or the array form. Custom Dintero profile ids contain a dot,
 * never a colon or "=". Without a description, the profiles API shows "Payment profile <id>".
 */
export function parseProfiles(value: string | SandboxProfile[]): SandboxProfile[] {
  if (Array.isArray(value)) return checkedProfiles(value)
  const entries = splitEntries(value)
  if (entries.length === 0) throw profileError("at least one profile is required")
  return checkedProfiles(entries.map(parseEntry))
}

function integer(option: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `must be an integer between ${min} and ${max}, got ${String(value)}`)
  }
  return value
}

function nonEmpty(option: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== "string" || value === "") throw new InvalidOptionError(option, "must be a non-empty string")
  return value
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const accountId = nonEmpty("accountId", options.accountId, DEFAULTS.accountId)
  if (!ACCOUNT_ID.test(accountId)) {
    throw new InvalidOptionError("accountId", `must be T or P followed by 8 digits, got "${accountId}"`)
  }
  if (options.publicUrl !== undefined) {
    let parsed: URL
    try {
      parsed = new URL(options.publicUrl)
    } catch {
      throw new InvalidOptionError("publicUrl", `must be an absolute http(s) URL, got "${options.publicUrl}"`)
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new InvalidOptionError("publicUrl", `must be an absolute http(s) URL, got "${options.publicUrl}"`)
    }
  }
  if (options.signatureSecret !== undefined && options.signatureSecret === "") {
    throw new InvalidOptionError("signatureSecret", "must not be empty")
  }
  const log = options.log
  return {
    port: integer("port", options.port, DEFAULTS.port, 0, 65535),
    host: nonEmpty("host", options.host, DEFAULTS.host),
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
    accountId,
    clientId: nonEmpty("clientId", options.clientId, DEFAULTS.clientId),
    clientSecret: nonEmpty("clientSecret", options.clientSecret, DEFAULTS.clientSecret),
    signatureSecret: options.signatureSecret,
    profiles: parseProfiles(options.profiles ?? DEFAULTS.profiles),
    latencyMs: integer("latencyMs", options.latencyMs, DEFAULTS.latencyMs, 0, 600_000),
    tokenExpiresIn: integer("tokenExpiresIn", options.tokenExpiresIn, DEFAULTS.tokenExpiresIn, 1, 31_536_000),
    callbackRetries: integer("callbackRetries", options.callbackRetries, DEFAULTS.callbackRetries, 0, 100),
    callbackRetryBaseMs: integer(
      "callbackRetryBaseMs",
      options.callbackRetryBaseMs,
      DEFAULTS.callbackRetryBaseMs,
      1,
      3_600_000,
    ),
    callbackTimeoutMs: integer("callbackTimeoutMs", options.callbackTimeoutMs, DEFAULTS.callbackTimeoutMs, 1, 600_000),
    log: typeof log === "function" ? log : () => undefined,
  }
}
