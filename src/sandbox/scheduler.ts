/**
 * Every timer and outgoing request the sandbox starts goes through here, so stop() can cancel all of
 * them at once: a stopped sandbox must not fire a late callback into the next test.
 */

export interface Cancellable {
  cancel(): void
}

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly cancellables = new Set<Cancellable>()
  private stopped = false

  get isStopped(): boolean {
    return this.stopped
  }

  /** Runs `fn` after `ms`, unless the sandbox stops first. */
  after(ms: number, fn: () => void): void {
    if (this.stopped) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (!this.stopped) fn()
    }, ms)
    this.timers.add(timer)
  }

  /** Resolves after `ms`, or at once when the sandbox stops (callers check isStopped). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        this.cancellables.delete(wake)
        resolve()
      }, ms)
      const wake: Cancellable = {
        cancel: () => {
          clearTimeout(timer)
          resolve()
        },
      }
      this.timers.add(timer)
      this.cancellables.add(wake)
    })
  }

  /** Registers something to cancel on stop (an in-flight callback, a hung response); returns its release. */
  track(item: Cancellable): () => void {
    if (this.stopped) {
      item.cancel()
      return () => undefined
    }
    this.cancellables.add(item)
    return () => {
      this.cancellables.delete(item)
    }
  }

  /** Cancels pending timers and tracked work but keeps the scheduler usable (sandbox reset). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    const items = [...this.cancellables]
    this.cancellables.clear()
    for (const item of items) item.cancel()
  }

  stop(): void {
    this.stopped = true
    this.cancelAll()
  }
}
