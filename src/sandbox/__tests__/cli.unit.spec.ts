import { spawn } from "node:child_process"
import path from "node:path"
import { CLI_DEFAULT_PORT, UsageError, parseArgs, usage } from "../cli"

const BIN = path.join(__dirname, "..", "..", "..", "bin", "dintero-sandbox.js")

describe("dintero-sandbox CLI arguments", () => {
  it("defaults to port 8787 and nothing else", () => {
    expect(parseArgs([], {})).toEqual({ help: false, options: { port: CLI_DEFAULT_PORT } })
  })

  it("reads flags, in both --flag value and --flag=value forms", () => {
    const parsed = parseArgs(
      ["--port", "0", "--host=0.0.0.0", "--account-id", "P00000001", "--client-id", "id", "--client-secret", "s", "--signature-secret", "sig", "--profiles", "default,fast:auto-capture", "--latency-ms", "25", "--token-expires-in", "60"],
      {},
    )
    expect(parsed).toEqual({
      help: false,
      options: {
        port: 0,
        host: "0.0.0.0",
        accountId: "P00000001",
        clientId: "id",
        clientSecret: "s",
        signatureSecret: "sig",
        profiles: [
          { id: "default", autoCapture: false },
          { id: "fast", autoCapture: true },
        ],
        latencyMs: 25,
        tokenExpiresIn: 60,
      },
    })
  })

  it("reads profile descriptions from --profiles and DINTERO_SANDBOX_PROFILES", () => {
    const value = "default=Nordic web shop,instant:auto-capture=Instant capture (Swish, Vipps)"
    const expected = [
      { id: "default", autoCapture: false, description: "Nordic web shop" },
      { id: "instant", autoCapture: true, description: "Instant capture (Swish, Vipps)" },
    ]
    expect(parseArgs(["--profiles", value], {})).toEqual({ help: false, options: { port: CLI_DEFAULT_PORT, profiles: expected } })
    expect(parseArgs([`--profiles=${value}`], {})).toMatchObject({ options: { profiles: expected } })
    expect(parseArgs([], { DINTERO_SANDBOX_PROFILES: value })).toMatchObject({ options: { profiles: expected } })
  })

  it("reads DINTERO_SANDBOX_* variables, and flags win over them", () => {
    const env = { DINTERO_SANDBOX_PORT: "9000", DINTERO_SANDBOX_CLIENT_ID: "env-id", DINTERO_SANDBOX_LATENCY_MS: "5" }
    expect(parseArgs([], env)).toEqual({ help: false, options: { port: 9000, clientId: "env-id", latencyMs: 5 } })
    expect(parseArgs(["--port", "9100"], env)).toMatchObject({ options: { port: 9100, clientId: "env-id" } })
  })

  it.each([
    [["--port", "abc"], /--port/],
    [["--port"], /needs a value/],
    [["--latency-ms", "-5"], /--latency-ms/],
    [["--profiles", "default:fast"], /unknown flag/],
    [["--profiles", "default="], /empty description/],
    [["--colour", "blue"], /unknown argument/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv, {})).toThrow(UsageError)
    expect(() => parseArgs(argv, {})).toThrow(message)
  })

  it("rejects an invalid environment variable", () => {
    expect(() => parseArgs([], { DINTERO_SANDBOX_PORT: "eighty" })).toThrow(/DINTERO_SANDBOX_PORT/)
  })

  it("documents every flag and its variable in --help", () => {
    expect(parseArgs(["--help"], {})).toEqual({ help: true })
    for (const text of ["--port", "DINTERO_SANDBOX_PORT", "--signature-secret", "DINTERO_SANDBOX_PROFILES", "--token-expires-in", "id[:auto-capture][=description]"]) {
      expect(usage()).toContain(text)
    }
  })
})

describe("bin/dintero-sandbox.js", () => {
  function run(args: string[]) {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DINTERO_SANDBOX_PORT: "" } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    return { child, exited, output: () => ({ stdout, stderr }) }
  }

  it("prints the listening line, serves, and stops on SIGTERM", async () => {
    const proc = run(["--port", "0"])
    const deadline = Date.now() + 15_000
    while (!/listening on/.test(proc.output().stdout) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const { stdout } = proc.output()
    expect(stdout).toMatch(/^dintero-sandbox listening on http:\/\/127\.0\.0\.1:\d+\n$/)
    const url = stdout.trim().split(" ").pop() ?? ""
    const reply = await fetch(`${url}/_sandbox`)
    expect((await reply.json()).account_id).toBe("T12345678")
    proc.child.kill("SIGTERM")
    expect(await proc.exited).toBe(0)
  }, 20_000)

  it("exits with status 2 and a message on stderr for an invalid flag", async () => {
    const proc = run(["--port", "not-a-port"])
    expect(await proc.exited).toBe(2)
    expect(proc.output().stderr).toMatch(/--port/)
    expect(proc.output().stdout).toBe("")
  }, 20_000)
})
