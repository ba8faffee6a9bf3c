/**
 * Client-credentials tokens, cached per (account, client id) for the whole process: every
 * provider instance and request with the same credentials shares one token, and concurrent
 * callers that find no valid token share **one** token request (single flight).
 *
 * A token is refreshed at half its lifetime (Dintero's own Node SDK does the same; the lifetime
 * is 4 or 24 hours depending on the account, so it is always read from `expires_in`).
 */
type CachedToken = { accessToken: string; refreshAt: number }

type Entry = { token?: CachedToken; inFlight?: Promise<CachedToken> }

const entries = new Map<string, Entry>()

export type FetchToken = () => Promise<{ accessToken: string; expiresInSeconds: number }>

export class TokenCache {
  constructor(
    private readonly key: string,
    private readonly fetchToken: FetchToken,
    private readonly now: () => number = Date.now
  ) {}

  async get(): Promise<string> {
    const entry = this.entry()
    if (entry.token && this.now() < entry.token.refreshAt) {
      return entry.token.accessToken
    }
    return (await this.refresh(entry)).accessToken
  }

  /**
   * Drop the token after Dintero refused it (401), unless another caller already replaced it:
   * fifty requests failing with the same stale token must lead to one new token, not fifty.
   */
  invalidate(rejectedToken: string): void {
    const entry = this.entry()
    if (entry.token?.accessToken === rejectedToken) {
      entry.token = undefined
    }
  }

  private refresh(entry: Entry): Promise<CachedToken> {
    if (!entry.inFlight) {
      const requestedAt = this.now()
      entry.inFlight = this.fetchToken()
        .then(({ accessToken, expiresInSeconds }) => {
          const token = { accessToken, refreshAt: requestedAt + (expiresInSeconds * 1000) / 2 }
          entry.token = token
          return token
        })
        .finally(() => {
          entry.inFlight = undefined
        })
    }
    return entry.inFlight
  }

  private entry(): Entry {
    let entry = entries.get(this.key)
    if (!entry) {
      entry = {}
      entries.set(this.key, entry)
    }
    return entry
  }
}

/** Forget every cached token (tests that restart the Dintero sandbox with new credentials). */
export function clearTokenCache(): void {
  entries.clear()
}
