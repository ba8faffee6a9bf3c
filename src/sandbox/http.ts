/**
 * The small HTTP vocabulary the handlers share. Handlers return a SandboxResponse instead of writing
 * to the socket, so the server can still decide to drop it (an `after` fault: the operation is
 * applied, the answer is lost) or delay it (latency).
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http"
import { ApiError } from "./errors"

export interface SandboxResponse {
  status: number
  headers?: Record<string, string>
  /** Serialized as JSON unless `html` is set. */
  body?: unknown
  html?: string
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return { status, body, headers }
}

export function html(status: number, page: string): SandboxResponse {
  return { status, html: page }
}

export function seeOther(location: string): SandboxResponse {
  return { status: 303, headers: { location }, html: `<!doctype html><p>See <a href="${location.replace(/"/g, "&quot;")}">the store</a>.</p>` }
}

const MAX_BODY_BYTES = 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body exceeds 1 MiB")
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString("utf8")
}

/** Parses a JSON body; an absent body is `undefined`, a malformed one a 400. */
export function parseJson(raw: string): unknown {
  if (raw.trim() === "") return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    throw new ApiError(400, "INVALID_JSON", "Request body is not valid JSON")
  }
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(", ") : value
}

/** Query parameters as an object; repeated keys become arrays. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key)
    out[key] = values.length === 1 ? (values[0] as string) : values
  }
  return out
}

/** `true`/`1` as booleans in query strings, as Dintero's boolean query parameters. */
export function queryFlag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name)
  return value === "true" || value === "1"
}
