/**
 * Route table types and matching. Paths are matched with anchored regular expressions whose groups
 * are the path parameters (ids contain dots, so a parameter is "anything but a slash").
 */
import type { IncomingHttpHeaders } from "node:http"
import type { SandboxResponse } from "./http"
import type { Sandbox } from "./sandbox"

export interface RequestContext {
  sandbox: Sandbox
  method: string
  url: URL
  headers: IncomingHttpHeaders
  rawBody: string
  /** Decoded path parameters, in order. */
  params: string[]
  /** The client id behind the Bearer token, on authenticated routes. */
  clientId?: string
  /** Set when a `status: 202` fault asks this capture/refund/void to be accepted for later. */
  deferral?: { delayMs: number }
}

export interface Route {
  method: string
  pattern: RegExp
  /** Needs a valid Bearer token (every /v1 route except the token endpoint and the hosted page). */
  auth: boolean
  /** A capture, refund or void: the only routes a 202 fault applies to. */
  operation?: boolean
  handler(ctx: RequestContext): SandboxResponse | Promise<SandboxResponse>
}

export type RouteMatch = { route: Route; params: string[] } | { methodNotAllowed: true } | undefined

/** The route for a method and path, "method not allowed" when only the path matches, or undefined. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathMatched = false
  for (const route of routes) {
    const match = route.pattern.exec(path)
    if (!match) continue
    if (route.method !== method) {
      pathMatched = true
      continue
    }
    return { route, params: match.slice(1).map((value) => decodeURIComponent(value ?? "")) }
  }
  return pathMatched ? { methodNotAllowed: true } : undefined
}
