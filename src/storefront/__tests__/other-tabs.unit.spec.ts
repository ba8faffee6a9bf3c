import { announceOrder, listenForOrder } from ".."
import type { StoreApi } from ".."

/** What announceOrder in another tab (another page, so another tab id) broadcasts. */
function announceFromAnotherTab(cartId: string, orderId: string) {
  const channel = new BroadcastChannel("medusa-payment-dintero")
  channel.postMessage({ type: "order", cartId, orderId, tab: "another-tab" })
  channel.close()
}

/* Vipps/MobilePay return in a new tab: the original tab learns of the order. */
describe("announceOrder / listenForOrder", () => {
  it("the tab the shopper started from hears the order announced by the return tab", async () => {
    const heard = new Promise<string>((resolve) => listenForOrder("cart_1", resolve, { pollMs: 0 }))
    announceFromAnotherTab("cart_other", "order_other")
    announceFromAnotherTab("cart_1", "order_1")
    await expect(heard).resolves.toBe("order_1")
  })

  it("a tab does not hear its own announcement (it made the order, it knows)", async () => {
    const orders: string[] = []
    const stop = listenForOrder("cart_4", (id) => orders.push(id), { pollMs: 0 })
    announceOrder("cart_4", "order_4")
    await new Promise((resolve) => setTimeout(resolve, 50))
    stop()
    expect(orders).toEqual([])
  })

  it("without an announcement (the callback made the order), polling the store finds it, once", async () => {
    let calls = 0
    const store: StoreApi = {
      async completeCart() {
        calls++
        return calls < 3 ? { status: 400, type: "error", message: "not authorized" } : { status: 200, type: "order", order: { id: "order_2" } }
      },
    }
    const orders: string[] = []
    await new Promise<void>((resolve) => {
      listenForOrder("cart_2", (id) => {
        orders.push(id)
        resolve()
      }, { store, pollMs: 20 })
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(orders).toEqual(["order_2"])
    expect(calls).toBe(3)
  })

  it("stops listening when asked", async () => {
    const orders: string[] = []
    const stop = listenForOrder("cart_3", (id) => orders.push(id), { pollMs: 0 })
    stop()
    announceFromAnotherTab("cart_3", "order_3")
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(orders).toEqual([])
  })
})
