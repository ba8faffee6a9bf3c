/**
 * A local emulator of Dintero Checkout: `startSandbox()` serves the Checkout API (auth token,
 * payment profiles, sessions, transactions, hosted page, the Web SDK's embedded checkout,
 * callbacks) and a control API under `/_sandbox/` on a local port. See docs/sandbox.md.
 *
 * Written independently of the plugin's Dintero client, from Dintero's contract, so that a
 * misreading on either side shows up as a failing test instead of being shared. It imports nothing
 * from the rest of the plugin, and the plugin's runtime code never imports it.
 */
import type { AddressInfo } from "node:net"
import type { Fault } from "./faults"
import { resolveOptions, type SandboxOptions } from "./options"
import { Sandbox } from "./sandbox"
import { SandboxServer } from "./server"
import type { CallbackLogEntry, RequestLogEntry } from "./store"
import type { Session, Transaction } from "./types"
import { sessionView, transactionView } from "./views"

export type { SandboxOptions, SandboxProfile, SandboxLogger } from "./options"
export { InvalidOptionError, parseProfiles, DEFAULTS as SANDBOX_DEFAULTS } from "./options"
export type { CallbackLogEntry, RequestLogEntry } from "./store"
export type { Fault } from "./faults"
export type { Session, Transaction, TransactionStatus, TransactionEvent } from "./types"

/** Read-only views of the sandbox's memory (copies: changing them changes nothing). */
export interface SandboxState {
  sessions(): Session[]
  session(id: string): Session | undefined
  transactions(): Transaction[]
  transaction(id: string): Transaction | undefined
  requests(): RequestLogEntry[]
  callbacks(): CallbackLogEntry[]
  faults(): Fault[]
}

export interface SandboxHandle {
  /** `http://127.0.0.1:<port>`, no trailing slash; the plugin's `apiBaseUrl` and `checkoutBaseUrl` are `${url}/v1`. */
  url: string
  port: number
  accountId: string
  clientId: string
  clientSecret: string
  state: SandboxState
  /** Forgets sessions, transactions, tokens, logs and faults; cancels pending callbacks. */
  reset(): void
  /** Closes the server, drops open connections and cancels every pending timer. */
  stop(): Promise<void>
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1"
  return host.includes(":") ? `[${host}]` : host
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const resolved = resolveOptions(options)
  const sandbox = new Sandbox(resolved)
  const server = new SandboxServer(sandbox)
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject)
    server.server.listen(resolved.port, resolved.host, () => {
      server.server.off("error", reject)
      resolve()
    })
  })
  const port = (server.server.address() as AddressInfo).port
  const url = `http://${urlHost(resolved.host)}:${port}`
  sandbox.baseUrl = resolved.publicUrl ?? url
  const { store } = sandbox
  let stopping: Promise<void> | undefined

  return {
    url,
    port,
    accountId: resolved.accountId,
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    state: {
      sessions: () => [...store.sessions.values()].map(sessionView),
      session: (id) => {
        const stored = store.session(id)
        return stored ? sessionView(stored) : undefined
      },
      transactions: () => [...store.transactions.values()].map((stored) => transactionView(stored)),
      transaction: (id) => {
        const stored = store.transaction(id)
        return stored ? transactionView(stored) : undefined
      },
      requests: () => copy(store.requests),
      callbacks: () => copy(store.callbacks),
      faults: () => sandbox.faults.list(),
    },
    reset: () => sandbox.reset(),
    stop: () => {
      stopping ??= server.close()
      return stopping
    },
  }
}
