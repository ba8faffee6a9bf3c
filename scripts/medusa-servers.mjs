/*
 * Real processes for the multi-instance tests and the benchmark: a fresh database, Medusa's CLI,
 * the demo seed, `medusa start` servers (with their CPU and memory read from /proc), the Dintero
 * sandbox as a process, a round-robin reverse proxy standing in for a load balancer, and a shared
 * Redis database. Plain ESM JavaScript so jest specs (dynamic import) and `.mjs` scripts share it;
 * the types are in medusa-servers.d.mts.
 */
import { execFileSync, spawn } from "node:child_process"
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs"
import { request as httpRequest, createServer } from "node:http"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort } from "./embedded-postgres.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
/** Medusa's CLI as the app in `cwd` installed it (this repository's by default). */
const medusaBin = (cwd) => join(cwd, "node_modules/.bin/medusa")

/**
 * The environment of a child process: ours, without jest's NODE_OPTIONS
 * (--experimental-vm-modules is for the test runner, not for Medusa), then the caller's.
 */
const childEnv = (env = {}) => ({ ...process.env, NODE_OPTIONS: "", MEDUSA_DISABLE_TELEMETRY: "true", ...env })

/**
 * Drops and creates database `name` on the server of `baseUrl` (with `keepExisting`: creates it
 * only when missing, keeping its data); resolves with its URL.
 */
export async function createDatabase(baseUrl, name, { keepExisting = false } = {}) {
  const { default: pg } = await import("pg")
  const maintenance = new URL(baseUrl)
  maintenance.pathname = "/postgres"
  const client = new pg.Client({ connectionString: maintenance.toString() })
  await client.connect()
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`
    const { rowCount: exists } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!exists || !keepExisting) {
      // WITH (FORCE): a server of a previous, crashed run may still hold connections to it.
      if (exists) await client.query(`DROP DATABASE ${quoted} WITH (FORCE)`)
      await client.query(`CREATE DATABASE ${quoted}`)
    }
  } finally {
    await client.end()
  }
  const url = new URL(baseUrl)
  url.pathname = `/${encodeURIComponent(name)}`
  return url.toString()
}

/** Runs `medusa <args>`; resolves with its stdout, rejects with everything it printed. */
export function medusaCommand(args, env, { cwd = root } = {}) {
  const child = spawn(medusaBin(cwd), args, { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  let output = ""
  child.stdout.on("data", (chunk) => {
    stdout += chunk
    output += chunk
  })
  child.stderr.on("data", (chunk) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on("error", reject)
    child.on("close", (code, signal) => {
      if (code === 0) resolve(stdout)
      else reject(new Error(`medusa ${args.join(" ")} exited with ${code ?? signal}:\n${output}`))
    })
  })
}

/** Seeds the demo store (demo/seed.ts) with these payment providers in its region; its DEMO_SEED json. */
export async function seedStore(env, { paymentProviders = ["pp_dintero_dintero"] } = {}) {
  const providers = Array.isArray(paymentProviders) ? paymentProviders.join(",") : paymentProviders
  const stdout = await medusaCommand(["exec", "./demo/seed.ts"], { ...env, DEMO_PAYMENT_PROVIDERS: providers })
  const line = stdout.split("\n").find((candidate) => candidate.startsWith("DEMO_SEED "))
  if (!line) throw new Error(`medusa exec ./demo/seed.ts printed no DEMO_SEED line:\n${stdout}`)
  return JSON.parse(line.slice("DEMO_SEED ".length))
}

/**
 * `medusa start` on `port` (a free one by default) in the app at `cwd` (this repository by
 * default), output to `logFile`, resolved once /health answers. `nodeEnv` "development" (the
 * default, as the demo) serves without a built admin; "production" serves the built one. Without --cluster, Medusa serves from the spawned process itself (it has no child
 * processes); CPU and memory are still summed over the whole process tree, so that cluster workers
 * or a helper process would be counted too. The server gets a process group of its own so that
 * stop() reaches every descendant.
 */
export async function startMedusaServer({ env, port, logFile, cwd = root, nodeEnv = "development" } = {}) {
  port ??= await freePort()
  logFile ??= join(tmpdir(), `medusa-server-${port}-${Date.now()}.log`)
  const log = openSync(logFile, "a")
  const child = spawn(medusaBin(cwd), ["start", "--port", String(port)], {
    cwd,
    env: childEnv({ ...env, PORT: String(port), NODE_ENV: nodeEnv }),
    stdio: ["ignore", log, log],
    detached: true,
  })
  closeSync(log)
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)))
  let exitStatus
  void exited.then((status) => (exitStatus = status))
  const url = `http://127.0.0.1:${port}`

  const stop = async () => {
    if (exitStatus !== undefined) return
    const members = processTree(child.pid).map(identify)
    signalAll(child.pid, members, "SIGTERM")
    const timer = setTimeout(() => signalAll(child.pid, members, "SIGKILL"), 10_000)
    await exited
    clearTimeout(timer)
    // Descendants that left the group (none expected) must not outlive the server.
    signalAll(undefined, members, "SIGKILL")
  }

  const deadline = Date.now() + 180_000
  for (;;) {
    if (exitStatus !== undefined) {
      throw new Error(`medusa start on port ${port} exited (${exitStatus}) before /health answered; log ${logFile}:\n${tail(logFile)}`)
    }
    const healthy = await fetch(`${url}/health`).then((response) => response.ok, () => false)
    if (healthy) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`medusa start on port ${port}: no /health within 180 s; log ${logFile}:\n${tail(logFile)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }

  return {
    url,
    port,
    pid: child.pid,
    logFile,
    stop,
    cpuMs: () => processTree(child.pid).reduce((total, pid) => total + cpuTicks(pid), 0) * (1000 / clockTicksPerSecond()),
    rssBytes: () => processTree(child.pid).reduce((total, pid) => total + rss(pid), 0),
  }
}

/**
 * The dintero-sandbox command as a child process (port 0: a free one); resolved once it listens.
 * `command` runs it: this repository's bin/dintero-sandbox.js by default, or e.g. the
 * node_modules/.bin/dintero-sandbox of an app that installed the package.
 */
export function startSandboxProcess({ port = 0, latencyMs, signatureSecret, profiles, command = [process.execPath, join(root, "bin/dintero-sandbox.js")], cwd = root } = {}) {
  const flags = { port, "latency-ms": latencyMs, "signature-secret": signatureSecret, profiles }
  const args = Object.entries(flags).flatMap(([flag, value]) => (value === undefined ? [] : [`--${flag}`, String(value)]))
  // The sandbox logs every request on stderr: useful only when it fails to start.
  const [executable, ...commandArgs] = command
  const child = spawn(executable, [...commandArgs, ...args], {
    cwd,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    // A group of its own: `npx dintero-sandbox` runs the sandbox as npx's child, and SIGTERM to npx
    // alone would leave the sandbox running.
    detached: true,
  })
  let output = ""
  let errors = ""
  child.stderr.on("data", (chunk) => (errors = (errors + chunk).slice(-4000)))
  const exited = new Promise((resolve) => child.once("exit", resolve))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const members = processTree(child.pid).map(identify)
    signalAll(child.pid, members, "SIGTERM")
    await exited
    // The sandbox itself (npx's child) stops on SIGTERM too; nothing may outlive stop().
    const alive = () => members.some(({ pid, start }) => start !== undefined && statFields(pid)?.[19] === start)
    for (let waited = 0; alive() && waited < 3000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    signalAll(undefined, members, "SIGKILL")
  }
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk
      const match = /dintero-sandbox listening on (\S+)/.exec(output)
      if (match) resolve({ url: match[1], pid: child.pid, stop })
    })
    void exited.then((code) => reject(new Error(`the sandbox exited (${code}) before listening:\n${errors}`)))
  })
}

/**
 * A load balancer in front of several servers: each request goes to the next target in turn,
 * method, path, query string, headers (Host included) and body unchanged, so Dintero's signed
 * callbacks verify on every target. hits[i] counts the requests sent to targetUrls[i].
 */
export function startRoundRobinProxy(targetUrls) {
  const targets = targetUrls.map((target) => new URL(target))
  const hits = targets.map(() => 0)
  let next = 0
  const server = createServer((req, res) => {
    const index = next
    next = (next + 1) % targets.length
    hits[index] += 1
    const target = targets[index]
    const upstream = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
      answer.pipe(res)
    })
    upstream.on("error", (error) => {
      // A load balancer answers 502 when the server is gone; after the head, only a cut is left.
      if (res.headersSent) res.destroy(error)
      else res.writeHead(502, { "content-type": "text/plain" }).end(`proxy: ${error.message}`)
    })
    req.pipe(upstream)
  })
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      resolve({
        url: `http://127.0.0.1:${port}`,
        hits,
        stop: () =>
          new Promise((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

/**
 * Database `db` of the Redis at REDIS_URL (default redis://127.0.0.1:6379), emptied: the URL
 * every instance of one run shares (events, workflows, cache, locks), `redis://host:port/db`.
 */
export async function sharedRedis(db) {
  const { default: Redis } = await import("ioredis")
  const url = new URL(process.env.REDIS_URL || "redis://127.0.0.1:6379")
  url.pathname = `/${db}`
  const client = new Redis(url.toString(), { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on("error", () => {}) // reported by connect() below
  try {
    await client.connect()
    await client.flushdb()
  } catch (error) {
    throw new Error(`No Redis answers at ${url.origin} (REDIS_URL=${process.env.REDIS_URL ?? "unset"}): ${error?.message ?? error}. Start one or point REDIS_URL at one.`)
  } finally {
    client.disconnect()
  }
  return url.toString()
}

// --- /proc ------------------------------------------------------------------------------------

/** `pid` and all its live descendants (children are found through the ppid of every process). */
function processTree(pid) {
  const children = new Map()
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    const fields = statFields(Number(entry))
    if (!fields) continue
    const parent = Number(fields[1])
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
  }
  const tree = []
  const queue = statFields(pid) ? [pid] : []
  while (queue.length) {
    const current = queue.shift()
    tree.push(current)
    queue.push(...(children.get(current) ?? []))
  }
  return tree
}

/** Fields of /proc/<pid>/stat from the state on (index 0 = state, 1 = ppid); undefined once gone. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    // The command name may contain spaces and parentheses: the fields start after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  } catch {
    return undefined
  }
}

/**
 * utime + stime of a process, plus cutime + cstime: the CPU of its children already exited and
 * reaped, which would otherwise vanish from the tree's total.
 */
function cpuTicks(pid) {
  const fields = statFields(pid)
  if (!fields) return 0
  // stat fields 14-17 (1-based: pid, comm, state, ...) are indexes 11-14 here.
  return [11, 12, 13, 14].reduce((total, index) => total + Number(fields[index]), 0)
}

function rss(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

let ticksPerSecond
function clockTicksPerSecond() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100
    } catch {
      ticksPerSecond = 100 // Linux's USER_HZ on every common architecture
    }
  }
  return ticksPerSecond
}

/** A process as (pid, start time): a pid reused by an unrelated process is never signalled. */
function identify(pid) {
  return { pid, start: statFields(pid)?.[19] }
}

function signalAll(groupLeader, members, signal) {
  if (groupLeader !== undefined) {
    try {
      process.kill(-groupLeader, signal)
    } catch {
      // the group is already gone
    }
  }
  for (const { pid, start } of members) {
    if (start === undefined || statFields(pid)?.[19] !== start) continue
    try {
      process.kill(pid, signal)
    } catch {
      // exited meanwhile
    }
  }
}

function tail(file, bytes = 6000) {
  try {
    return readFileSync(file, "utf8").slice(-bytes)
  } catch {
    return "(no log)"
  }
}
