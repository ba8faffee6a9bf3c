// Waits for Dintero's callbacks of a checkout to be answered. A Dintero checkout is finished only
// when the sandbox's callbacks for it (the payment, and the capture's event) got a 2xx from
// Medusa: until then the server is still working for that checkout.

import { setTimeout as sleep } from "node:timers/promises"
import { StepError } from "./http.mjs"

const POLL_MS = 20
const TIMEOUT_MS = 30_000

/**
 * One poller of the sandbox's callback log for all waiting checkouts: at concurrency 8, eight
 * pollers would steal CPU from the server being measured on a small machine. The time a callback
 * was answered is the sandbox's own `at`, not when the poller saw it, so the poll interval does not
 * lengthen the measured checkout.
 */
export function callbackWatcher(sandbox) {
  const waiters = new Set()
  let polling = false

  async function poll() {
    polling = true
    try {
      while (waiters.size > 0) {
        const log = await sandbox.get("callbacks", "/_sandbox/callbacks")
        for (const waiter of waiters) settle(waiter, log)
        if (waiters.size > 0) await sleep(POLL_MS)
      }
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error)
      waiters.clear()
    } finally {
      polling = false
    }
  }

  function settle(waiter, log) {
    const own = log.filter((entry) => entry.session_id === waiter.sessionId)
    const refused = own.find((entry) => entry.status >= 400 && entry.status < 500)
    if (refused) {
      // Dintero (and the sandbox) never retry after a 4xx: this payment would stay unsettled.
      return finish(waiter, new StepError("callbacks", { method: refused.method, url: refused.url, status: refused.status, body: "Medusa refused Dintero's callback" }))
    }
    const answered = waiter.kinds.map((kind) => own.find((entry) => entry.kind === kind && entry.status >= 200 && entry.status < 300))
    if (answered.every(Boolean)) return finish(waiter, undefined, Math.max(...answered.map((entry) => Date.parse(entry.at))))
    if (Date.now() > waiter.deadline) {
      const seen = own.map((entry) => `${entry.kind} attempt ${entry.attempt} → ${entry.status ?? entry.error}`).join("; ") || "none"
      finish(waiter, new Error(`checkout step "callbacks" failed: Dintero's ${waiter.kinds.join(" and ")} callbacks for session ${waiter.sessionId} were not answered 2xx within ${TIMEOUT_MS / 1000} s (attempts: ${seen})`))
    }
  }

  function finish(waiter, error, answeredAt) {
    waiters.delete(waiter)
    if (error) waiter.reject(error)
    else waiter.resolve(answeredAt)
  }

  return {
    /** Resolves with the epoch ms at which the last of these callback kinds was answered 2xx. */
    answered(sessionId, kinds) {
      return new Promise((resolve, reject) => {
        waiters.add({ sessionId, kinds, resolve, reject, deadline: Date.now() + TIMEOUT_MS })
        if (!polling) void poll()
      })
    },
  }
}
