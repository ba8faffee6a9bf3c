import { spawnSync } from "node:child_process"
import path from "node:path"

/*
 * A Medusa app whose Dintero options are wrong must not boot, and must say which option is
 * wrong. Boots this repository's app (medusa-config.ts) with `medusa exec`, options from the
 * environment.
 */
const root = path.resolve(__dirname, "../..")

function bootWith(env: Record<string, string>) {
  const result = spawnSync("npx", ["medusa", "exec", "./integration-tests/helpers/noop-script.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", ...env },
    encoding: "utf8",
    timeout: 90_000,
  })
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` }
}

function databaseUrl(): string {
  if (process.env.DATABASE_URL) {
    // Any existing database will do: the options are checked before anything is read from it.
    const url = new URL(process.env.DATABASE_URL)
    if (url.pathname.length <= 1) url.pathname = "/postgres"
    return url.toString()
  }
  const { DB_USERNAME = "postgres", DB_PASSWORD = "", DB_HOST = "localhost", DB_PORT = "5432" } = process.env
  return `postgres://${encodeURIComponent(DB_USERNAME)}:${encodeURIComponent(DB_PASSWORD)}@${DB_HOST}:${DB_PORT}/postgres`
}

describe("booting Medusa with invalid Dintero options", () => {
  it.each([
    [{ DINTERO_ACCOUNT_ID: "12345678" }, 'option "accountId" must be T (test) or P (production) followed by 8 digits'],
    [{ DINTERO_BACKEND_URL: "not-a-url" }, 'option "backendUrl" must be an absolute URL'],
  ])("fails with %j, naming the option", (env, message) => {
    const { status, output } = bootWith({ ...env, DATABASE_URL: databaseUrl() })
    expect(status).not.toBe(0)
    expect(output).toContain("Invalid options for the Dintero payment provider")
    expect(output).toContain(message)
    expect(output).not.toContain("app booted")
    expect(output).not.toContain("sandbox-secret")
  })
})
