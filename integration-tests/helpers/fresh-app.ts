import { execFile } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

/*
 * A Medusa app as a store admin creates one, outside this repository: its own package.json (the
 * Medusa starter's dependencies at this repository's Medusa version, installed from the local npm
 * cache when it has them), the packed tarball of this plugin, the README's medusa-config.ts and
 * its .env. Nothing of this repository's node_modules is copied or linked into it.
 */
export const repoRoot = path.resolve(__dirname, "../..")

/** The files the README shows (one copy each: the README embeds them, a unit test checks it). */
export const readmeFiles = {
  medusaConfig: path.join(repoRoot, "examples/medusa-app/medusa-config.ts"),
  sandboxEnv: path.join(repoRoot, "examples/medusa-app/sandbox.env"),
}

/** The lines of a fresh Medusa app's .env (create-medusa-app writes these). */
const STARTER_ENV = [
  "STORE_CORS=http://localhost:8000",
  "ADMIN_CORS=http://localhost:9000",
  "AUTH_CORS=http://localhost:9000",
  "JWT_SECRET=supersecret",
  "COOKIE_SECRET=supersecret",
]

/** The environment of the app's commands: nothing of this test process (its DATABASE_URL, DINTERO_*, npm's) leaks in. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const keep = new Set(["PATH", "HOME", "TMPDIR", "LANG", "TERM", "USER", "SHELL", "npm_config_cache", "npm_config_registry"])
  const env: Record<string, string | undefined> = {}
  for (const key of Object.keys(process.env)) env[key] = keep.has(key) ? process.env[key] : undefined // undefined: not passed on
  return { ...env, MEDUSA_DISABLE_TELEMETRY: "true", NODE_OPTIONS: "", ...extra }
}

function versionOf(name: string): string {
  return JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")).version
}

export interface FreshApp {
  dir: string
  /** The files of the tarball, without npm's `package/` prefix. */
  packedFiles: string[]
  /** The installed package (node_modules/medusa-payment-dintero). */
  installedPackage: string
  install: { seconds: number }
  /** Runs a command of the app (e.g. ["npx", "tsc", …]); resolves with stdout + stderr, rejects with them. */
  command(args: string[], options?: { cwd?: string; env?: Record<string, string> }): Promise<string>
}

/** npm pack of this repository's build into a new temporary directory, and an app there installing it. */
export async function createFreshApp(): Promise<FreshApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "medusa-dintero-app-"))
  const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: repoRoot, env: isolatedEnv() as NodeJS.ProcessEnv, maxBuffer: 16 << 20 })
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }]
  const tarball = path.join(dir, filename)
  const appDir = path.join(dir, "app")
  mkdirSync(appDir)

  const medusa = versionOf("@medusajs/medusa")
  writeFileSync(
    path.join(appDir, "package.json"),
    JSON.stringify(
      {
        name: "fresh-medusa-app",
        version: "0.0.1",
        private: true,
        scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
        dependencies: {
          "@medusajs/admin-sdk": medusa,
          "@medusajs/cli": medusa,
          "@medusajs/draft-order": medusa, // defineConfig adds it to every app's plugins
          "@medusajs/framework": medusa,
          "@medusajs/medusa": medusa,
          "medusa-payment-dintero": `file:${tarball}`,
        },
        devDependencies: Object.fromEntries(["@swc/core", "@types/node", "react", "react-dom", "ts-node", "typescript"].map((name) => [name, versionOf(name)])),
        engines: { node: ">=20" },
      },
      null,
      2
    )
  )
  // The Medusa starter's tsconfig.json.
  writeFileSync(
    path.join(appDir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2021", esModuleInterop: true, module: "Node16", moduleResolution: "Node16", emitDecoratorMetadata: true,
        experimentalDecorators: true, skipLibCheck: true, skipDefaultLibCheck: true, declaration: false, sourceMap: false,
        inlineSourceMap: true, outDir: "./.medusa/server", rootDir: "./", jsx: "react-jsx", forceConsistentCasingInFileNames: true,
        resolveJsonModule: true, checkJs: false, strict: true,
      },
      "ts-node": { swc: true },
      include: ["**/*", ".medusa/types/*"],
      exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache", "consumer"],
    })
  )
  copyFileSync(readmeFiles.medusaConfig, path.join(appDir, "medusa-config.ts"))

  const command = async (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) => {
    const [executable, ...rest] = args
    try {
      const { stdout, stderr } = await run(executable, rest, { cwd: options.cwd ?? appDir, env: isolatedEnv(options.env) as NodeJS.ProcessEnv, maxBuffer: 64 << 20 })
      return stdout + stderr
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string }
      throw new Error(`${args.join(" ")} failed in ${options.cwd ?? appDir}: ${failed.message}\n${failed.stdout ?? ""}\n${failed.stderr ?? ""}`)
    }
  }

  const started = Date.now()
  // --prefer-offline: Medusa from the local npm cache (the registry only for what it lacks).
  await command(["npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"])
  const seconds = Math.round((Date.now() - started) / 100) / 10

  const installedPackage = path.join(appDir, "node_modules", "medusa-payment-dintero")
  return { dir: appDir, packedFiles: files.map((file) => file.path), installedPackage, install: { seconds }, command }
}

/** The app's .env: the starter's lines, the README's sandbox block on these ports, the database, and `extra` lines. */
export function writeSandboxEnv(app: FreshApp, { databaseUrl, sandboxPort, medusaPort, extra = [] }: { databaseUrl: string; sandboxPort: number; medusaPort: number; extra?: string[] }): string {
  const sandboxBlock = readFileSync(readmeFiles.sandboxEnv, "utf8").replace(/:8787\b/g, `:${sandboxPort}`).replace(/:9000\b/g, `:${medusaPort}`)
  const env = [`DATABASE_URL=${databaseUrl}`, ...STARTER_ENV, sandboxBlock.trimEnd(), ...extra, ""].join("\n")
  writeFileSync(path.join(app.dir, ".env"), env)
  return env
}

/** One KEY=value of a .env text. */
export function envValue(env: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, "m").exec(env)?.[1]
}

/** Whether `file` is inside `dir` once symlinks are resolved. */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(realpathSync(dir), realpathSync(file))
  return !relative.startsWith("..") && !path.isAbsolute(relative)
}
