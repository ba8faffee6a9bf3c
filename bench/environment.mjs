// The processes one benchmark run measures: PostgreSQL, the Dintero sandbox, one or two Medusa
// servers of this repository (medusa-config.ts) with both payment providers in the demo store's
// region, and for two instances Redis and a round-robin proxy. Built from the shared helpers of
// scripts/medusa-servers.mjs, as the two-instance test is.

import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort, startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs"
import { createDatabase, medusaCommand, seedStore, sharedRedis, startMedusaServer, startRoundRobinProxy, startSandboxProcess } from "../scripts/medusa-servers.mjs"
import { PROVIDERS } from "./checkout.mjs"
import { jsonClient } from "./http.mjs"

const DATABASE = "medusa_dintero_bench"
const SIGNATURE_SECRET = "bench-signature-secret"
const SANDBOX_PROFILES = "default"
// Redis database of the two-instance runs (emptied at start); the two-instance test uses another.
const REDIS_DB = 9

/**
 * Starts everything for `instances` servers, the sandbox answering after `latencyMs`. `cleanups`
 * receives the stop functions as things start, so a failure halfway still stops what runs.
 */
export async function startEnvironment({ instances, latencyMs, say, cleanups }) {
  const databaseUrl = await database(say, cleanups)

  // A fixed sandbox port: the sandbox is restarted for each latency, and the servers keep its URL.
  const sandboxPort = await freePort()
  let sandbox = await startSandbox(sandboxPort, latencyMs)
  cleanups.push(() => sandbox.stop())
  say(`Dintero sandbox on ${sandbox.url} (signed callbacks, ${latencyMs} ms latency)`)

  const ports = []
  for (let i = 0; i < instances; i++) ports.push(await freePort())
  const serverUrls = ports.map((port) => `http://127.0.0.1:${port}`)
  let redisUrl = ""
  let proxy
  if (instances > 1) {
    redisUrl = await sharedRedis(REDIS_DB)
    proxy = await startRoundRobinProxy(serverUrls)
    cleanups.push(() => proxy.stop())
    say(`${instances} instances share ${redisUrl}; Dintero calls back through the round-robin proxy ${proxy.url}`)
  }

  const backendUrl = proxy?.url ?? serverUrls[0]
  const env = {
    DATABASE_URL: databaseUrl,
    DINTERO_SANDBOX_URL: sandbox.url,
    DINTERO_BACKEND_URL: backendUrl,
    DINTERO_SIGNATURE_SECRET: SIGNATURE_SECRET,
    DINTERO_RETURN_URL: "http://localhost:8000/return?cart_id={cart_id}",
    STORE_CORS: "http://localhost:8000",
    ADMIN_CORS: backendUrl,
    AUTH_CORS: backendUrl,
    MEDUSA_ADMIN_DISABLED: "true",
    // Empty means in-process modules (medusa-config.ts): a MEDUSA_REDIS_URL of the caller's shell
    // must not turn the one-instance run into a Redis one.
    MEDUSA_REDIS_URL: redisUrl,
    // Errors only, the same for both providers: logging must not be what the CPU numbers measure.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
    // A profiling aid, e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" (written when the server stops).
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? "",
  }

  say("Migrating the database (medusa db:migrate)")
  await medusaCommand(["db:migrate"], env)
  say(`Seeding the demo store with ${PROVIDERS.dintero} and ${PROVIDERS.system} in its region`)
  const seed = await seedStore(env, { paymentProviders: [PROVIDERS.dintero, PROVIDERS.system] })

  const servers = []
  for (const port of ports) {
    const logFile = join(tmpdir(), `medusa-dintero-bench-${process.pid}-${port}.log`)
    say(`Starting Medusa on port ${port} (log ${logFile})`)
    const server = await startMedusaServer({ env, port, logFile })
    cleanups.push(() => server.stop())
    servers.push(server)
  }

  const { token } = await jsonClient(serverUrls[0]).post("admin login", "/auth/user/emailpass", seed.admin)
  return {
    seed,
    servers,
    logFiles: servers.map((server) => server.logFile),
    proxy,
    storeUrls: serverUrls,
    // The same after restartSandbox: the port is kept.
    sandboxUrl: sandbox.url,
    adminToken: token,
    cpuMs: () => servers.reduce((total, server) => total + server.cpuMs(), 0),
    rssBytes: () => servers.reduce((total, server) => total + server.rssBytes(), 0),
    /** A fresh sandbox on the same port: everything Dintero knew is forgotten, tokens included. */
    async restartSandbox(latency) {
      await sandbox.stop()
      sandbox = await startSandbox(sandboxPort, latency)
    },
  }
}

function startSandbox(port, latencyMs) {
  return startSandboxProcess({ port, latencyMs, signatureSecret: SIGNATURE_SECRET, profiles: SANDBOX_PROFILES })
}

/** A fresh database: on the server of DATABASE_URL if set, else on an embedded PostgreSQL. */
async function database(say, cleanups) {
  let serverUrl = process.env.DATABASE_URL
  if (serverUrl) {
    // Never the database DATABASE_URL names: createDatabase drops what it creates.
    say(`PostgreSQL of DATABASE_URL, database ${DATABASE} (dropped and re-created)`)
  } else {
    const pg = await startEmbeddedPostgres()
    cleanups.push(() => pg.stop())
    serverUrl = pg.url
    say(`Embedded PostgreSQL on port ${pg.port}`)
  }
  return createDatabase(serverUrl, DATABASE)
}
