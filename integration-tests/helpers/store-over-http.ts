import { sleep } from "../../test-support/wait"

export type StoreAnswer = { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A storefront talking to whichever Medusa instance it is given, over plain HTTP, keeping every
 * answer so a test can say "no shopper request was answered 5xx" across all instances.
 */
export function storeOverHttp(publishableKey: string) {
  const answers: { method: string; url: string; status: number; body: string }[] = []

  async function call(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<StoreAnswer> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { "x-publishable-api-key": publishableKey, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    answers.push({ method, url: `${baseUrl}${path}`, status: response.status, body: text.slice(0, 500) })
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }

  async function ok(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const answer = await call(baseUrl, method, path, body, headers)
    if (answer.status !== 200) throw new Error(`${method} ${baseUrl}${path} → ${answer.status}: ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  return {
    answers,
    call,
    ok,
    /** The return page's completion: on 409 (a callback is completing the cart) it tries again. */
    async complete(baseUrl: string, cartId: string, timeoutMs = 60_000): Promise<StoreAnswer> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const answer = await call(baseUrl, "POST", `/store/carts/${cartId}/complete`, {})
        if (answer.status !== 409 || Date.now() > deadline) return answer
        await sleep(250)
      }
    },
  }
}
