/**
 * The HTTP server: reads a request, routes it, and for `/v1` requests runs the pipeline Dintero's
 * clients meet: request log → injected fault → Bearer check → handler → latency → answer.
 *
 * Faults are applied before authentication (they stand for a failing network or server, which does
 * not care about tokens), except with `after`, where the request is processed first and only its
 * answer fails. Control routes (`/_sandbox`) skip the log, faults and latency.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http"
import { apiRoutes } from "./api-routes"
import { requireBearer } from "./auth"
import { controlRoutes } from "./control"
import { ApiError, errorBody } from "./errors"
import type { Fault } from "./faults"
import { header, queryObject, readBody, type SandboxResponse } from "./http"
import { matchRoute, type RequestContext, type Route } from "./routing"
import type { Sandbox } from "./sandbox"
import { sdkRoutes } from "./sdk-routes"
import type { RequestLogEntry } from "./store"

const FAULT_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
}

/** Default delay before a 202-accepted operation is applied. */
const DEFERRAL_DELAY_MS = 50

function errorResponse(error: unknown, sandbox: Sandbox): SandboxResponse {
  if (error instanceof ApiError) return { status: error.status, body: error.toBody(), headers: error.headers }
  sandbox.log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  return { status: 500, body: errorBody("INTERNAL_ERROR", "Unexpected error in the sandbox") }
}

function write(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.writableEnded) return
  const isHtml = response.html !== undefined
  const payload = isHtml ? (response.html ?? "") : response.body === undefined ? "" : JSON.stringify(response.body)
  res.writeHead(response.status, {
    "content-type": isHtml ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...response.headers,
  })
  res.end(payload)
}

function logEntry(req: IncomingMessage, url: URL, rawBody: string): RequestLogEntry {
  const headers: Record<string, string> = {}
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith("dintero-")) headers[name] = header(req.headers, name) ?? ""
  }
  const authorization = header(req.headers, "authorization")?.split(" ")[0]?.toLowerCase()
  let body: unknown
  if (rawBody !== "") {
    try {
      body = JSON.parse(rawBody) as unknown
    } catch {
      body = rawBody
    }
  }
  const query = queryObject(url.searchParams)
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    status: null,
    headers,
    auth: authorization === "bearer" || authorization === "basic" ? authorization : null,
    ...(body !== undefined ? { body } : {}),
    at: new Date().toISOString(),
  }
}

export class SandboxServer {
  readonly server: http.Server

  constructor(private readonly sandbox: Sandbox) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => write(res, errorResponse(error, sandbox)))
    })
  }

  async close(): Promise<void> {
    this.sandbox.scheduler.stop()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now()
    const method = (req.method ?? "GET").toUpperCase()
    const url = new URL(req.url ?? "/", "http://sandbox.invalid")
    const rawBody = await readBody(req)
    const path = url.pathname
    let outcome: string
    if (path.startsWith("/v1/")) {
      const entry = await this.serveApi(req, res, url, rawBody)
      outcome = entry.fault && entry.fault.kind !== "status" ? `${entry.fault.kind} fault` : String(entry.status)
    } else {
      const routes = path === "/_sandbox" || path.startsWith("/_sandbox/") ? controlRoutes : sdkRoutes
      const response = await this.run(routes, { method, url, req, rawBody })
      write(res, response)
      outcome = String(response.status)
    }
    this.sandbox.log(`${method} ${url.pathname}${url.search} -> ${outcome} (${Date.now() - started} ms)`)
  }

  /** Routes and runs a handler; every failure becomes Dintero's error body. */
  private async run(
    routes: readonly Route[],
    request: { method: string; url: URL; req: IncomingMessage; rawBody: string },
    deferral?: RequestContext["deferral"],
  ): Promise<SandboxResponse> {
    try {
      const match = matchRoute(routes, request.method, request.url.pathname)
      if (!match) throw new ApiError(404, "NOT_FOUND", `No such endpoint: ${request.method} ${request.url.pathname}`)
      if ("methodNotAllowed" in match) {
        throw new ApiError(405, "METHOD_NOT_ALLOWED", `Method ${request.method} is not allowed on ${request.url.pathname}`)
      }
      const ctx: RequestContext = {
        sandbox: this.sandbox,
        method: request.method,
        url: request.url,
        headers: request.req.headers,
        rawBody: request.rawBody,
        params: match.params,
        ...(deferral ? { deferral } : {}),
      }
      if (match.route.auth) ctx.clientId = requireBearer(this.sandbox, request.req.headers)
      return await match.route.handler(ctx)
    } catch (error) {
      return errorResponse(error, this.sandbox)
    }
  }

  /** Serves one `/v1` request; returns its log entry (status, or the fault that answered instead). */
  private async serveApi(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): Promise<RequestLogEntry> {
    const { sandbox } = this
    const method = (req.method ?? "GET").toUpperCase()
    const entry = logEntry(req, url, rawBody)
    sandbox.store.requests.push(entry)

    const match = matchRoute(apiRoutes, method, url.pathname)
    const isOperation = match !== undefined && "route" in match && match.route.operation === true
    const fault = sandbox.faults.take(method, url.pathname, isOperation, url.search.replace(/^\?/, ""))
    const deferral = fault?.status === 202 ? { delayMs: fault.delay_ms ?? DEFERRAL_DELAY_MS } : undefined
    if (fault && !deferral && !fault.after) {
      await sandbox.scheduler.sleep(sandbox.options.latencyMs)
      this.fail(req, res, fault, entry)
      return entry
    }

    const response = await this.run(apiRoutes, { method, url, req, rawBody }, deferral)
    if (fault && deferral) entry.fault = { id: fault.id, kind: "accepted", after: false }
    await sandbox.scheduler.sleep(sandbox.options.latencyMs)
    if (sandbox.scheduler.isStopped) return entry
    if (fault && !deferral) {
      this.fail(req, res, fault, entry)
      return entry
    }
    entry.status = response.status
    write(res, response)
    return entry
  }

  /** Answers a request the way a fault says: an error status, no answer at all, or a cut connection. */
  private fail(req: IncomingMessage, res: ServerResponse, fault: Fault, entry: RequestLogEntry): void {
    const after = fault.after === true
    if (fault.reset) {
      entry.fault = { id: fault.id, kind: "reset", after }
      req.socket.destroy()
      return
    }
    if (fault.timeout) {
      // Never answer; the client gives up. stop() (or the client closing) ends the socket.
      entry.fault = { id: fault.id, kind: "timeout", after }
      const release = this.sandbox.scheduler.track({ cancel: () => req.socket.destroy() })
      res.on("close", release)
      return
    }
    const status = fault.status ?? 500
    entry.fault = { id: fault.id, kind: "status", after }
    entry.status = status
    const headers: Record<string, string> = {}
    if (status === 429) headers["retry-after"] = String(fault.retry_after ?? 1)
    write(res, {
      status,
      headers,
      body: errorBody(FAULT_CODES[status] ?? `HTTP_${status}`, fault.message ?? `Injected fault: HTTP ${status}`),
    })
  }
}
