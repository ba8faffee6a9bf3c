import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { startSandbox, type SandboxHandle } from "../../src/sandbox"
import { freePort } from "../../test-support/wait"
import type { DemoSeed, MedusaServer, RoundRobinProxy } from "../../scripts/medusa-servers.mjs" with { "resolution-mode": "import" }

/*
 * Two `medusa start` processes on one PostgreSQL database and one Redis, behind a round-robin
 * proxy that is the plugin's backend URL: Dintero's callbacks land on either instance, as behind
 * a load balancer. The sandbox runs in the test process (its callback retries are made fast).
 */
export interface TwoInstances {
  a: MedusaServer
  b: MedusaServer
  proxy: RoundRobinProxy
  sandbox: SandboxHandle
  seed: DemoSeed
  databaseUrl: string
  /** The last lines of both servers' logs, for a failing test. */
  logs(lastLines?: number): string
  /** Stops everything; the logs' directory is removed unless keepLogs (a failed test's evidence). */
  stop(options?: { keepLogs?: boolean }): Promise<void>
}

export interface TwoInstancesOptions {
  /** PostgreSQL server URL (the integration tests' global setup sets DATABASE_URL). */
  postgresUrl: string
  databaseName: string
  redisDb: number
  signatureSecret: string
}

export async function startTwoInstances(options: TwoInstancesOptions): Promise<TwoInstances> {
  // Dynamic import: the module is ESM (shared with the benchmark's .mjs), this file is CommonJS.
  const servers = await import("../../scripts/medusa-servers.mjs")
  const logDir = mkdtempSync(path.join(tmpdir(), "medusa-two-instances-"))
  const stops: (() => Promise<void>)[] = []
  const logFiles: string[] = []
  const logs = (lastLines = 300) => logFiles.map((file) => `===== ${file}\n${readOrEmpty(file).split("\n").slice(-lastLines).join("\n")}`).join("\n")
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined)
    stops.length = 0
  }

  try {
    const [databaseUrl, redisUrl] = await Promise.all([
      servers.createDatabase(options.postgresUrl, options.databaseName),
      servers.sharedRedis(options.redisDb),
    ])
    // Retries fast enough that a callback answered 503 (payment not settled yet) ends within the test.
    const sandbox = await startSandbox({ signatureSecret: options.signatureSecret, callbackRetries: 12, callbackRetryBaseMs: 250 })
    stops.push(() => sandbox.stop())
    const [portA, portB] = [await freePort(), await freePort()]
    const proxy = await servers.startRoundRobinProxy([`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`])
    stops.push(() => proxy.stop())

    const env = {
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      MEDUSA_REDIS_URL: redisUrl,
      DINTERO_SANDBOX_URL: sandbox.url,
      // What Dintero calls back: the proxy. Signatures cover the hostname without the port, so
      // they verify on whichever instance the proxy picks.
      DINTERO_BACKEND_URL: proxy.url,
      DINTERO_SIGNATURE_SECRET: options.signatureSecret,
      DINTERO_RETURN_URL: "http://localhost:8000/checkout/dintero/return?cart_id={cart_id}",
      MEDUSA_ADMIN_DISABLED: "true",
    }
    await servers.medusaCommand(["db:migrate"], env)
    const seed = await servers.seedStore(env, { paymentProviders: ["pp_dintero_dintero"] })

    logFiles.push(path.join(logDir, "a.log"), path.join(logDir, "b.log"))
    // One after the other: two cold starts at once on a small machine only take longer each.
    const a = await servers.startMedusaServer({ env, port: portA, logFile: logFiles[0] })
    stops.push(() => a.stop())
    const b = await servers.startMedusaServer({ env, port: portB, logFile: logFiles[1] })
    stops.push(() => b.stop())

    return {
      a,
      b,
      proxy,
      sandbox,
      seed,
      databaseUrl,
      logs,
      stop: async ({ keepLogs = false } = {}) => {
        await stop()
        if (keepLogs) console.error(`two instances: the servers' logs are kept in ${logDir}`)
        else rmSync(logDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    const output = logs()
    await stop()
    throw new Error(`${(error as Error).message}\n${output}`)
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8")
  } catch {
    return ""
  }
}
