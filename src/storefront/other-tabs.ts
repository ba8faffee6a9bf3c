/**
 * Vipps and MobilePay open the return URL in a new tab on mobile: the order is made there (or by
 * Dintero's callback, whatever happens), and the tab the shopper started from must learn about
 * it. The return tab announces the order; the original tab listens (BroadcastChannel, with a
 * `storage` event fallback) and, to be sure, also asks the store now and then.
 */
import type { StoreApi } from "./store-api"

const CHANNEL = "medusa-payment-dintero"
const STORAGE_KEY = "medusa-payment-dintero:order"

type Announcement = { type: "order"; cartId: string; orderId: string; tab?: string }

/** This tab's id: a tab does not hear its own announcements (it made the order, it knows). */
const THIS_TAB = Math.random().toString(36).slice(2)

/** In the return tab, once the order exists. */
export function announceOrder(cartId: string, orderId: string): void {
  const message: Announcement = { type: "order", cartId, orderId, tab: THIS_TAB }
  if (typeof BroadcastChannel !== "undefined") {
    const channel = new BroadcastChannel(CHANNEL)
    channel.postMessage(message)
    channel.close()
  }
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ ...message, at: Date.now() }))
  } catch {
    // storage can be unavailable (private mode): the broadcast and the polling remain
  }
}

/**
 * In the original tab: calls `onOrder` once with the order id of `cartId`, from another tab's
 * announcement or, every `pollMs` (default 5 s, 0 to disable), from the store (completing a paid
 * cart again returns its order). Returns a function that stops listening.
 */
export function listenForOrder(
  cartId: string,
  onOrder: (orderId: string) => void,
  options: { store?: StoreApi; pollMs?: number } = {}
): () => void {
  let done = false
  const finish = (orderId: string) => {
    if (done) return
    done = true
    stop()
    onOrder(orderId)
  }
  const accept = (data: unknown) => {
    const message = data as Partial<Announcement> | null
    if (message?.tab === THIS_TAB) return
    if (message?.type === "order" && message.cartId === cartId && typeof message.orderId === "string") finish(message.orderId)
  }
  const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(CHANNEL) : undefined
  channel?.addEventListener("message", (event) => accept(event.data))
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY || !event.newValue) return
    try {
      accept(JSON.parse(event.newValue))
    } catch {
      // not ours
    }
  }
  globalThis.addEventListener?.("storage", onStorage as EventListener)
  const pollMs = options.pollMs ?? 5_000
  const timer =
    options.store && pollMs > 0
      ? setInterval(async () => {
          const answer = await options.store!.completeCart(cartId)
          if (answer.type === "order") finish(answer.order.id)
        }, pollMs)
      : undefined
  function stop() {
    channel?.close()
    globalThis.removeEventListener?.("storage", onStorage as EventListener)
    if (timer) clearInterval(timer)
  }
  return () => {
    done = true
    stop()
  }
}
