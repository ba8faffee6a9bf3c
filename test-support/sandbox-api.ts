/**
 * The few Dintero API calls a browser test makes itself, against the sandbox's `/v1` with its
 * default credentials: a token, create a session, update it. Plain fetch, nothing of the plugin,
 * so a test of the sandbox's pages does not depend on the plugin's Dintero client.
 */
const ACCOUNT = "T12345678"

export interface SandboxApi {
  createSession(body: Record<string, unknown>): Promise<string>
  updateSession(sessionId: string, body: Record<string, unknown>, query?: string): Promise<{ status: number; body: unknown }>
}

export function sandboxApi(baseUrl: string): SandboxApi {
  let token: string | undefined

  async function bearer(): Promise<string> {
    if (token) return token
    const response = await fetch(`${baseUrl}/v1/accounts/${ACCOUNT}/auth/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("sandbox-client:sandbox-secret").toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ grant_type: "client_credentials", audience: `https://api.dintero.com/v1/accounts/${ACCOUNT}` }),
    })
    if (!response.ok) throw new Error(`token → ${response.status}: ${await response.text()}`)
    token = ((await response.json()) as { access_token: string }).access_token
    return token
  }

  async function call(method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await bearer()}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as unknown }
  }

  return {
    async createSession(body) {
      const reply = await call("POST", "/v1/sessions-profile", { profile_id: "default", ...body })
      if (reply.status !== 200) throw new Error(`create session → ${reply.status}: ${JSON.stringify(reply.body)}`)
      return (reply.body as { id: string }).id
    },
    updateSession: (sessionId, body, query = "") => call("PUT", `/v1/sessions/${sessionId}${query}`, body),
  }
}
