/**
 * `dintero-sandbox`: runs the sandbox from a terminal. Flags win over DINTERO_SANDBOX_* environment
 * variables, which win over the defaults. Prints one line on stdout once listening
 * (`dintero-sandbox listening on <url>`), logs requests to stderr, and stops cleanly on
 * SIGINT/SIGTERM. Invalid values exit with status 2.
 */
import { startSandbox, type SandboxHandle } from "./index"
import { DEFAULTS, InvalidOptionError, parseProfiles, type SandboxOptions } from "./options"

interface FlagSpec {
  flag: string
  env: string
  option: keyof SandboxOptions
  kind: "integer" | "string" | "profiles"
  description: string
}

const FLAGS: readonly FlagSpec[] = [
  { flag: "port", env: "DINTERO_SANDBOX_PORT", option: "port", kind: "integer", description: "TCP port, 0 for a free one (default 8787)" },
  { flag: "host", env: "DINTERO_SANDBOX_HOST", option: "host", kind: "string", description: `interface to bind (default ${DEFAULTS.host})` },
  { flag: "public-url", env: "DINTERO_SANDBOX_PUBLIC_URL", option: "publicUrl", kind: "string", description: "base URL used in the URLs the sandbox hands out (default: the bound address)" },
  { flag: "account-id", env: "DINTERO_SANDBOX_ACCOUNT_ID", option: "accountId", kind: "string", description: `Dintero account id (default ${DEFAULTS.accountId})` },
  { flag: "client-id", env: "DINTERO_SANDBOX_CLIENT_ID", option: "clientId", kind: "string", description: `accepted client id (default ${DEFAULTS.clientId})` },
  { flag: "client-secret", env: "DINTERO_SANDBOX_CLIENT_SECRET", option: "clientSecret", kind: "string", description: `accepted client secret (default ${DEFAULTS.clientSecret})` },
  { flag: "signature-secret", env: "DINTERO_SANDBOX_SIGNATURE_SECRET", option: "signatureSecret", kind: "string", description: "sign every callback with Dintero-Signature using this secret (default: unsigned)" },
  { flag: "profiles", env: "DINTERO_SANDBOX_PROFILES", option: "profiles", kind: "profiles", description: `payment profiles, see "Profiles" below (default ${DEFAULTS.profiles})` },
  { flag: "latency-ms", env: "DINTERO_SANDBOX_LATENCY_MS", option: "latencyMs", kind: "integer", description: "delay added to every API response (default 0)" },
  { flag: "token-expires-in", env: "DINTERO_SANDBOX_TOKEN_EXPIRES_IN", option: "tokenExpiresIn", kind: "integer", description: `access token lifetime in seconds (default ${DEFAULTS.tokenExpiresIn})` },
]

export const CLI_DEFAULT_PORT = 8787

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "UsageError"
  }
}

/** The help text; `docs` is where the sandbox's documentation is (the bin passes the shipped file's path). */
export function usage(docs = "docs/sandbox.md"): string {
  const lines = FLAGS.map((spec) => `  --${spec.flag.padEnd(18)} ${spec.env.padEnd(34)} ${spec.description}`)
  return [
    "Usage: dintero-sandbox [options]",
    "",
    "A local emulator of Dintero Checkout (profiles, sessions, transactions, hosted page, callbacks).",
    "",
    "Options (flag, environment variable, meaning); flags win over the environment:",
    ...lines,
    "  --help                                                Show this help",
    "",
    "Profiles: comma-separated id[:auto-capture][=description]. auto-capture captures every payment at",
    "once; the description is shown by GET /v1/admin/session/profiles (default \"Payment profile <id>\").",
    "A comma inside a description needs parentheses around it, or a backslash: \\,",
    '  --profiles "default=Nordic web shop,instant:auto-capture=Instant capture (Swish, Vipps)"',
    "",
    `Docs: ${docs}`,
  ].join("\n")
}

function convert(spec: FlagSpec, raw: string, source: string): unknown {
  if (spec.kind === "integer") {
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${source}: expected a non-negative integer, got "${raw}"`)
    return Number(raw.trim())
  }
  if (raw === "") throw new UsageError(`${source}: must not be empty`)
  if (spec.kind === "profiles") {
    try {
      return parseProfiles(raw)
    } catch (error) {
      throw new UsageError(`${source}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return raw
}

export type ParsedArgs = { help: true } | { help: false; options: SandboxOptions }

/** Options from argv (without node and the script) and the environment. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const options: Record<string, unknown> = { port: CLI_DEFAULT_PORT }
  for (const spec of FLAGS) {
    const value = env[spec.env]
    if (value !== undefined && value !== "") options[spec.option] = convert(spec, value, spec.env)
  }
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? ""
    if (arg === "--help" || arg === "-h") return { help: true }
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg)
    const spec = match ? FLAGS.find((candidate) => candidate.flag === match[1]) : undefined
    if (!match || !spec) throw new UsageError(`unknown argument "${arg}" (see --help)`)
    let value = match[2]
    if (value === undefined) {
      value = argv[index + 1]
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${spec.flag} needs a value`)
      index += 1
    }
    options[spec.option] = convert(spec, value, `--${spec.flag}`)
  }
  return { help: false, options: options as SandboxOptions }
}

export async function main(
  argv: readonly string[] = process.argv.slice(2),
  { docs }: { docs?: string } = {}
): Promise<SandboxHandle | undefined> {
  let parsed: ParsedArgs
  try {
    parsed = parseArgs(argv)
  } catch (error) {
    process.stderr.write(`dintero-sandbox: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 2
    return undefined
  }
  if (parsed.help) {
    process.stdout.write(`${usage(docs)}\n`)
    return undefined
  }
  let handle: SandboxHandle
  try {
    handle = await startSandbox({ ...parsed.options, log: (line) => process.stderr.write(`${line}\n`) })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`dintero-sandbox: ${message}\n`)
    process.exitCode = error instanceof InvalidOptionError ? 2 : 1
    return undefined
  }
  process.stdout.write(`dintero-sandbox listening on ${handle.url}\n`)
  const shutdown = (signal: string) => {
    process.stderr.write(`dintero-sandbox: ${signal}, stopping\n`)
    void handle.stop().then(() => process.exit(0))
  }
  process.once("SIGINT", () => shutdown("SIGINT"))
  process.once("SIGTERM", () => shutdown("SIGTERM"))
  return handle
}

if (require.main === module) {
  void main()
}
