/**
 * One running sandbox: its options, its memory, its faults, its timers and its callback sender,
 * handed to every handler. Holds no HTTP code; server.ts does the serving.
 */
import { CallbackDispatcher } from "./callbacks"
import { FaultRegistry } from "./faults"
import type { ResolvedOptions, SandboxProfile } from "./options"
import { Scheduler } from "./scheduler"
import { Store } from "./store"
import { sessionView } from "./views"

export class Sandbox {
  readonly store = new Store()
  readonly faults = new FaultRegistry()
  readonly scheduler = new Scheduler()
  readonly callbacks: CallbackDispatcher
  /** The base URL handed out in session URLs; set once the server listens. */
  baseUrl = ""
  /** When the sandbox started: the creation time of its payment profiles (they exist from the start). */
  readonly startedAt = new Date().toISOString()

  constructor(readonly options: ResolvedOptions) {
    this.callbacks = new CallbackDispatcher({
      options,
      scheduler: this.scheduler,
      store: this.store,
      sessionView,
    })
  }

  profile(id: string): SandboxProfile | undefined {
    return this.options.profiles.find((profile) => profile.id === id)
  }

  log(line: string): void {
    this.options.log(line)
  }

  /** Forgets everything and cancels pending callbacks and 202 completions; the server keeps running. */
  reset(): void {
    this.scheduler.cancelAll()
    this.callbacks.forgetHeld()
    this.store.reset()
    this.faults.clear()
  }
}
