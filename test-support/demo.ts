/**
 * The demo (`node demo/run.mjs --serve`: embedded PostgreSQL, the Dintero sandbox, Medusa with the
 * plugin and the demo storefront) on free ports, for the browser tests; and what they need around
 * it: Debian's Chromium (never downloaded) and the admin API of the seeded admin user.
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import path from "node:path"
import { freePort } from "./wait"

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
export const DEMO_ADMIN = { email: "admin@example.com", password: "supersecret" }

export interface RunningDemo {
  /** `http://localhost:<port>`: the storefront (its page also answers /return). */
  storefrontUrl: string
  backendUrl: string
  /** `http://127.0.0.1:<port>`: cross-origin to the storefront, as Dintero is to a shop. */
  sandboxUrl: string
  publishableKey: string
  /** What the demo printed so far. */
  output(): string
  stop(): Promise<void>
}

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`)
  }
}

/** Starts the demo and resolves once it printed DEMO_READY (it seeds a fresh database each time). */
export async function startDemo(): Promise<RunningDemo> {
  const root = path.resolve(__dirname, "..")
  const [port, sandboxPort, storefrontPort] = await Promise.all([freePort(), freePort(), freePort()])
  const demo = spawn(
    process.execPath,
    ["demo/run.mjs", "--serve", "--port", String(port), "--sandbox-port", String(sandboxPort), "--storefront-port", String(storefrontPort)],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: "", ...ownDatabase() }, stdio: ["ignore", "pipe", "pipe"] }
  )
  let output = ""
  demo.stdout?.on("data", (chunk) => (output += chunk))
  demo.stderr?.on("data", (chunk) => (output += chunk))
  const stop = async () => {
    if (demo.exitCode !== null || demo.signalCode !== null) return
    const exited = new Promise((resolve) => demo.once("exit", resolve))
    demo.kill("SIGTERM")
    await exited
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("DEMO_READY")) {
        clearInterval(timer)
        resolve()
      } else if (demo.exitCode !== null) {
        clearInterval(timer)
        reject(new Error(`the demo exited:\n${output}`))
      }
    }, 200)
  })
  const publishableKey = output.match(/publishable key (\S+)/)?.[1]
  if (!publishableKey) {
    await stop()
    throw new Error(`the demo printed no publishable key:\n${output}`)
  }
  return {
    storefrontUrl: `http://localhost:${storefrontPort}`,
    backendUrl: `http://localhost:${port}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    publishableKey,
    output: () => output,
    stop,
  }
}

/** The admin API with a bearer token (what the tests check behind the pages' back). */
export async function demoAdminApi(backendUrl: string) {
  const login = (await fetch(`${backendUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(DEMO_ADMIN),
  }).then((r) => r.json())) as { token: string }
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${backendUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${login.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`)
    return JSON.parse(text)
  }
  return { get: (url: string) => call("GET", url), post: (url: string, body: unknown = {}) => call("POST", url, body) }
}

/**
 * The integration tests' global setup points DATABASE_URL at one PostgreSQL for the whole run, and
 * the demo seeds the database it is given: each demo gets a database of its own on that server.
 * Without DATABASE_URL the demo starts an embedded PostgreSQL of its own.
 */
function ownDatabase(): { DATABASE_URL?: string } {
  if (!process.env.DATABASE_URL) return {}
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/medusa_dintero_demo_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  return { DATABASE_URL: url.toString() }
}

export type DemoAdminApi = Awaited<ReturnType<typeof demoAdminApi>>
