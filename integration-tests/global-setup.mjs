// Starts an embedded PostgreSQL for the Medusa integration tests, unless a database is
// configured (DATABASE_URL or DB_HOST): then that one is used. Medusa's test runner reads
// DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD and creates one database per test file.
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs"

export default async function globalSetup() {
  if (process.env.DATABASE_URL && !process.env.DB_HOST) {
    const url = new URL(process.env.DATABASE_URL)
    process.env.DB_HOST = url.hostname === "127.0.0.1" ? "localhost" : url.hostname
    process.env.DB_PORT = url.port || "5432"
    process.env.DB_USERNAME = decodeURIComponent(url.username || "postgres")
    process.env.DB_PASSWORD = decodeURIComponent(url.password || "")
  }
  if (process.env.DB_HOST) {
    process.env.DB_USERNAME ??= "postgres"
    return
  }
  const pg = await startEmbeddedPostgres()
  globalThis.__EMBEDDED_PG__ = pg
  // "localhost", not 127.0.0.1: Medusa's test utils turn SSL on for any other host.
  process.env.DB_HOST = "localhost"
  process.env.DB_PORT = String(pg.port)
  process.env.DB_USERNAME = pg.user
  process.env.DB_PASSWORD = pg.password
  process.env.DATABASE_URL = pg.url
}
