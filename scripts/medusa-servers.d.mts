// Types of medusa-servers.mjs, for the TypeScript specs that import it.

export type Env = Record<string, string | undefined>

/** What demo/seed.ts prints on its DEMO_SEED line. */
export interface DemoSeed {
  publishableKey: string
  regionId: string
  salesChannelId: string
  shippingOptionId: string
  variants: { sweater: string; coffee: string }
  admin: { email: string; password: string }
}

export interface MedusaServer {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  pid: number
  logFile: string
  stop(): Promise<void>
  /** User + system CPU of the server's process tree so far, in ms. */
  cpuMs(): number
  /** Resident memory of the server's process tree now, in bytes. */
  rssBytes(): number
}

export interface SandboxProcess {
  url: string
  pid: number
  stop(): Promise<void>
}

export interface RoundRobinProxy {
  url: string
  /** Requests sent to each target, in the order of targetUrls. */
  hits: number[]
  stop(): Promise<void>
}

export function createDatabase(baseUrl: string, name: string, options?: { keepExisting?: boolean }): Promise<string>
export function medusaCommand(args: string[], env?: Env, options?: { cwd?: string }): Promise<string>
export function seedStore(env?: Env, options?: { paymentProviders?: string[] | string }): Promise<DemoSeed>
export function startMedusaServer(options: { env?: Env; port?: number; logFile?: string; cwd?: string; nodeEnv?: "development" | "production" }): Promise<MedusaServer>
export function startSandboxProcess(options?: {
  port?: number
  latencyMs?: number
  signatureSecret?: string
  profiles?: string
  /** The command and its first arguments (default: node bin/dintero-sandbox.js of this repository). */
  command?: string[]
  cwd?: string
}): Promise<SandboxProcess>
export function startRoundRobinProxy(targetUrls: string[]): Promise<RoundRobinProxy>
export function sharedRedis(db: number): Promise<string>
