/**
 * Test helpers: a plain HTTP client for the sandbox (Node's fetch, nothing from the plugin), a
 * valid session body to vary, and a local callback receiver.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON asserted field by field */
import http from "node:http"
import type { AddressInfo } from "node:net"
import { SAMPLE_ORDER } from "../../../test-support/sample-order"
import { startSandbox, type SandboxHandle, type SandboxOptions } from "../index"

export interface Reply {
  status: number
  body: any
  text: string
  headers: Headers
}

export const ACCOUNT = "T12345678"

export async function start(options: SandboxOptions = {}): Promise<SandboxHandle> {
  return startSandbox({ callbackRetryBaseMs: 10, callbackTimeoutMs: 2000, ...options })
}

export async function request(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers }
  let body: string | undefined = init.raw
  if (init.body !== undefined) {
    body = JSON.stringify(init.body)
    headers["content-type"] ??= "application/json"
  }
  const response = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON (HTML page, empty body)
  }
  return { status: response.status, body: parsed, text, headers: response.headers }
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`
}

/** An authenticated client for one sandbox. */
export class Client {
  private token: string | undefined

  constructor(readonly sandbox: SandboxHandle) {}

  async authenticate(): Promise<string> {
    const reply = await request(`${this.sandbox.url}/v1/accounts/${ACCOUNT}/auth/token`, {
      method: "POST",
      headers: { authorization: basic("sandbox-client", "sandbox-secret") },
      body: { grant_type: "client_credentials", audience: `https://api.dintero.com/v1/accounts/${ACCOUNT}` },
    })
    if (reply.status !== 200) throw new Error(`token: ${reply.status} ${reply.text}`)
    this.token = reply.body.access_token as string
    return this.token
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const token = this.token ?? (await this.authenticate())
    return request(`${this.sandbox.url}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${token}`, ...headers },
    })
  }

  async createSession(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<string> {
    const reply = await this.call("POST", "/v1/sessions-profile", sessionBody(overrides), headers)
    if (reply.status !== 200) throw new Error(`create session: ${reply.status} ${reply.text}`)
    return reply.body.id as string
  }

  /** Creates a session and pays it through the control API; returns both ids. */
  async paidSession(
    overrides: Record<string, unknown> = {},
    outcome = "authorize",
    paymentProductType?: string,
  ): Promise<{ sessionId: string; transactionId: string }> {
    const sessionId = await this.createSession(overrides)
    const reply = await this.control("POST", `/sessions/${sessionId}/pay`, {
      outcome,
      ...(paymentProductType ? { payment_product_type: paymentProductType } : {}),
    })
    if (reply.status !== 200) throw new Error(`pay: ${reply.status} ${reply.text}`)
    return { sessionId, transactionId: reply.body.transaction_id as string }
  }

  async transaction(id: string): Promise<any> {
    const reply = await this.call("GET", `/v1/transactions/${id}`)
    if (reply.status !== 200) throw new Error(`transaction: ${reply.status} ${reply.text}`)
    return reply.body
  }

  control(method: string, path: string, body?: unknown): Promise<Reply> {
    return request(`${this.sandbox.url}/_sandbox${path}`, { method, body })
  }
}

/** A session of SAMPLE_ORDER (order.amount 43870), with overrides. */
export function sessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { order, url, ...rest } = overrides
  return {
    profile_id: "default",
    url: { return_url: "https://shop.example/checkout/return?cart=c_1", ...(url as object | undefined) },
    order: {
      ...SAMPLE_ORDER,
      ...(order as object | undefined),
    },
    ...rest,
  }
}

export interface ReceivedCallback {
  method: string
  url: URL
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}

/** A local HTTP server standing for the merchant's callback endpoint. */
export interface Receiver {
  url: string
  received: ReceivedCallback[]
  /** Decides the status for each request; return "hang" to never answer. */
  respond: (request: ReceivedCallback, index: number) => number | "hang"
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedCallback[] = []
  const receiver = {} as Receiver
  receiver.received = received
  receiver.respond = () => 200
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const entry: ReceivedCallback = {
        method: req.method ?? "",
        url: new URL(req.url ?? "/", `http://${req.headers.host}`),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      }
      received.push(entry)
      const status = receiver.respond(entry, received.length - 1)
      if (status === "hang") return
      res.writeHead(status, { "content-type": "text/plain" })
      res.end("ok")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  receiver.waitFor = (count, timeoutMs = 3000) => waitFor(() => (received.length >= count ? received : undefined), timeoutMs)
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return receiver
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(10)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
