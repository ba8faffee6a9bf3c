import { createServer, Server } from "node:http"
import { AddressInfo } from "node:net"
import { completeDinteroReturn, fetchStoreApi, jsSdkStoreApi, readReturnParams } from ".."
import type { CompletionAnswer, ExpressAnswer, StoreApi } from ".."

/** A store that answers the scripted completions in turn, then keeps the last one. */
function scriptedStore(answers: CompletionAnswer[]): StoreApi & { calls: number } {
  const store = {
    calls: 0,
    async completeCart() {
      return answers[Math.min(store.calls++, answers.length - 1)]
    },
  }
  return store
}

const order = { status: 200, type: "order", order: { id: "order_1" } } as const
const conflict = { status: 409, type: "error", message: "Cart is already being completed" } as const
const notAuthorized = { status: 400, type: "error", message: "Session: payses_1 was not authorized with the provider." } as const
const fast = { sleep: async () => undefined }

describe("completeDinteroReturn", () => {
  describe("an Express session's return", () => {
    const expressStore = (answers: ExpressAnswer[]) => {
      const store = scriptedStore([order]) as ReturnType<typeof scriptedStore> & { express: string[] }
      store.express = []
      store.settleExpress = async (cartId: string, transactionId: string) => {
        store.express.push(`${cartId}:${transactionId}`)
        return answers[Math.min(store.express.length - 1, answers.length - 1)]
      }
      return store
    }
    const params = readReturnParams("?cart_id=cart_1&transaction_id=T1&merchant_reference=cart_1&dintero_express=1")

    it("reads the Express mark of the return URL", () => {
      expect(params).toMatchObject({ cartId: "cart_1", transactionId: "T1", express: true })
      expect(readReturnParams("?cart_id=cart_1").express).toBeUndefined()
    })

    it("writes the choices to the cart first (waiting out a busy store), then completes it", async () => {
      const store = expressStore([{ status: 503, type: "error", message: "busy" }, { status: 200, type: "express", state: "applied" }])
      expect(await completeDinteroReturn(params, store, fast)).toEqual({ kind: "order", order: { id: "order_1" } })
      expect(store.express).toEqual(["cart_1:T1", "cart_1:T1"])
      expect(store.calls).toBe(1)
    })

    it("a released payment (Medusa's total changed) is a failure with the store's message, and the cart is not completed", async () => {
      const store = expressStore([{ status: 409, type: "express", state: "released", message: "The order total changed while you paid" }])
      expect(await completeDinteroReturn(params, store, fast)).toEqual({ kind: "failed", message: "The order total changed while you paid" })
      expect(store.calls).toBe(0)
    })

    it("a store API without settleExpress says so instead of completing a cart without the shopper's address", async () => {
      const store = scriptedStore([order])
      expect((await completeDinteroReturn(params, store, fast)).kind).toBe("error")
      expect(store.calls).toBe(0)
    })
  })

  it("waits out a 409 while the callback completes the cart, then returns the order", async () => {
    const store = scriptedStore([conflict, conflict, order])
    expect(await completeDinteroReturn({ cartId: "cart_1" }, store, fast)).toEqual({ kind: "order", order: { id: "order_1" } })
    expect(store.calls).toBe(3)
  })

  it("waits out a 400 'not authorized yet', then returns the order", async () => {
    const store = scriptedStore([notAuthorized, order])
    expect((await completeDinteroReturn({ cartId: "cart_1" }, store, fast)).kind).toBe("order")
  })

  it("returns the order the callback created first (completion is idempotent once the order exists)", async () => {
    const store = scriptedStore([order])
    expect(await completeDinteroReturn({ cartId: "cart_1", transactionId: "T1" }, store, fast)).toMatchObject({ kind: "order" })
    expect(store.calls).toBe(1)
  })

  it.each([
    ["cancelled", "cancelled", /cancelled the payment/],
    ["authorization", "declined", /declined/],
    ["failed", "failed", /could not be completed/],
    ["something_new", "failed", /could not be completed/],
  ])("error=%s is %s, and the cart is not touched", async (error, kind, message) => {
    const store = scriptedStore([order])
    const outcome = await completeDinteroReturn({ cartId: "cart_1", error }, store, fast)
    expect(outcome).toMatchObject({ kind, message: expect.stringMatching(message) })
    expect(store.calls).toBe(0)
  })

  it("gives up after its budget with a clear message (the order will still appear: callback)", async () => {
    let clock = 0
    const store = scriptedStore([conflict])
    const outcome = await completeDinteroReturn({ cartId: "cart_1" }, store, {
      budgetMs: 10_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms
      },
    })
    expect(outcome).toEqual({ kind: "pending", message: expect.stringMatching(/being processed.*order will appear/) })
    expect(clock).toBeLessThanOrEqual(10_000)
    expect(store.calls).toBeGreaterThan(3)
  })

  it("backs off: the pauses double up to the cap", async () => {
    const pauses: number[] = []
    const store = scriptedStore([conflict, conflict, conflict, conflict, conflict, order])
    await completeDinteroReturn({ cartId: "cart_1" }, store, { baseDelayMs: 100, maxDelayMs: 500, sleep: async (ms) => void pauses.push(ms) })
    expect(pauses).toEqual([100, 200, 400, 500, 500])
  })

  it("does not retry what waiting cannot fix (unknown cart), nor run without a cart id", async () => {
    const store = scriptedStore([{ status: 404, type: "error", message: "Cart id not found" }])
    expect(await completeDinteroReturn({ cartId: "cart_x" }, store, fast)).toEqual({ kind: "error", message: "Cart id not found", status: 404 })
    expect(store.calls).toBe(1)
    expect(await completeDinteroReturn({}, store, fast)).toMatchObject({ kind: "error", message: expect.stringContaining("{cart_id}") })
  })
})

describe("readReturnParams", () => {
  it("reads the cart id the plugin put in the return URL and what Dintero appended", () => {
    expect(readReturnParams("?cart_id=cart_1&transaction_id=T1&merchant_reference=payses_1")).toEqual({
      cartId: "cart_1",
      transactionId: "T1",
      merchantReference: "payses_1",
      error: undefined,
    })
    expect(readReturnParams(new URLSearchParams("cart=c2&error=cancelled"), "cart")).toMatchObject({ cartId: "c2", error: "cancelled" })
  })
})

describe("store adapters", () => {
  let server: Server
  let answers: { status: number; body: unknown }[] = []
  const seen: { path: string; key?: string }[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? "", key: req.headers["x-publishable-api-key"] as string | undefined })
      const answer = answers.shift() ?? { status: 500, body: {} }
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it("fetchStoreApi: the store API over HTTP, 409 then the order", async () => {
    answers = [
      { status: 409, body: { type: "conflict", message: "Cart is already being completed" } },
      { status: 200, body: { type: "order", order: { id: "order_9" } } },
    ]
    const { port } = server.address() as AddressInfo
    const store = fetchStoreApi({ baseUrl: `http://127.0.0.1:${port}/`, publishableKey: "pk_1" })
    expect(await completeDinteroReturn({ cartId: "cart 9" }, store, fast)).toEqual({ kind: "order", order: { id: "order_9" } })
    expect(seen.at(-1)).toEqual({ path: "/store/carts/cart%209/complete", key: "pk_1" })
  })

  it("fetchStoreApi: a store that cannot be reached answers status 0 (which completeDinteroReturn retries)", async () => {
    const store = fetchStoreApi({ baseUrl: "http://127.0.0.1:9", publishableKey: "pk_1" })
    expect(await store.completeCart("cart_1")).toMatchObject({ status: 0, type: "error" })
  })

  it("jsSdkStoreApi: @medusajs/js-sdk's answers and errors", async () => {
    const failing = { store: { cart: { complete: async () => Promise.reject(Object.assign(new Error("Conflict"), { status: 409 })) } } }
    expect(await jsSdkStoreApi(failing).completeCart("c")).toEqual({ status: 409, type: "error", message: "Conflict" })
    const ok = { store: { cart: { complete: async () => ({ type: "order", order: { id: "order_2" } }) } } }
    expect(await jsSdkStoreApi(ok).completeCart("c")).toEqual({ status: 200, type: "order", order: { id: "order_2" } })
    const cart = { store: { cart: { complete: async () => ({ type: "cart", cart: {}, error: { message: "Payment authorization failed" } }) } } }
    expect(await jsSdkStoreApi(cart).completeCart("c")).toEqual({ status: 200, type: "cart", message: "Payment authorization failed" })
  })
})
