import { completeDinteroPaymentCollection, fetchStoreApi, jsSdkStoreApi, readPaymentCollectionParams } from ".."
import type { CompleteReturnOptions, MedusaJsSdkLike, PaymentCollectionAnswer, StoreApi } from ".."

/** A store that answers the scripted collection completions in turn, then keeps the last one. */
function scriptedStore(answers: PaymentCollectionAnswer[]): StoreApi & { calls: [string, string | undefined][] } {
  const calls: [string, string | undefined][] = []
  return {
    calls,
    async completeCart() {
      throw new Error("completeCart must not be called")
    },
    async completePaymentCollection(id, sessionId) {
      calls.push([id, sessionId])
      return answers[Math.min(calls.length - 1, answers.length - 1)]
    },
  }
}

/** A clock that only moves when the helper sleeps: no real waiting. */
function fakeTime(): Required<Pick<CompleteReturnOptions, "sleep" | "now">> & { pauses: number[]; clock: () => number } {
  let clock = 0
  const pauses: number[] = []
  return {
    pauses,
    clock: () => clock,
    now: () => clock,
    sleep: async (ms) => {
      pauses.push(ms)
      clock += ms
    },
  }
}

const collection = { id: "paycol_1", status: "completed" }
const answer = (state: "paid" | "on_hold" | "open" | "failed" | "canceled" | "voided", settled: boolean): PaymentCollectionAnswer => ({
  status: 200,
  type: "payment_collection",
  state,
  settled,
  paymentCollection: state === "paid" && settled ? collection : { id: "paycol_1", status: "not_paid" },
  orderId: "order_1",
})
const paid = answer("paid", true)
const open = answer("open", false)
const params = { paymentCollectionId: "paycol_1", paymentSessionId: "payses_1" }

describe("completeDinteroPaymentCollection", () => {
  it("returns paid at once when the payment is paid and settled", async () => {
    const store = scriptedStore([paid])
    const time = fakeTime()
    expect(await completeDinteroPaymentCollection(params, store, time)).toEqual({ kind: "paid", paymentCollection: collection, orderId: "order_1" })
    expect(store.calls).toEqual([["paycol_1", "payses_1"]])
    expect(time.pauses).toEqual([])
  })

  it("waits out 'open' twice, then returns paid (3 calls, backing off)", async () => {
    const store = scriptedStore([open, open, paid])
    const time = fakeTime()
    expect(await completeDinteroPaymentCollection(params, store, time)).toMatchObject({ kind: "paid", paymentCollection: collection })
    expect(store.calls).toHaveLength(3)
    expect(time.pauses).toEqual([400, 800])
  })

  it("waits out 'paid' that is not settled yet", async () => {
    const store = scriptedStore([answer("paid", false), paid])
    expect(await completeDinteroPaymentCollection(params, store, fakeTime())).toMatchObject({ kind: "paid" })
    expect(store.calls).toHaveLength(2)
  })

  it("answers pending at once for a payment on hold (it settles after review)", async () => {
    const store = scriptedStore([answer("on_hold", false), paid])
    const time = fakeTime()
    expect(await completeDinteroPaymentCollection(params, store, time)).toEqual({ kind: "pending", message: expect.stringMatching(/being processed/) })
    expect(store.calls).toHaveLength(1)
    expect(time.pauses).toEqual([])
  })

  it.each([
    ["canceled", "cancelled"],
    ["voided", "cancelled"],
    ["failed", "failed"],
  ] as const)("Dintero's %s is %s", async (state, kind) => {
    const store = scriptedStore([answer(state, false)])
    expect(await completeDinteroPaymentCollection(params, store, fakeTime())).toMatchObject({ kind, message: expect.any(String) })
    expect(store.calls).toHaveLength(1)
  })

  it.each([
    ["cancelled", "cancelled", /cancelled/],
    ["authorization", "declined", /declined/],
    ["failed", "failed", /could not be completed/],
    ["something_new", "failed", /could not be completed/],
  ])("error=%s is %s, and the store is not called", async (error, kind, message) => {
    const store = scriptedStore([paid])
    expect(await completeDinteroPaymentCollection({ ...params, error }, store, fakeTime())).toMatchObject({
      kind,
      message: expect.stringMatching(message),
    })
    expect(store.calls).toHaveLength(0)
  })

  it("does not retry an unknown collection (404) nor a refused one (400)", async () => {
    const store = scriptedStore([{ status: 404, type: "error", message: "Payment collection paycol_x not found" }])
    expect(await completeDinteroPaymentCollection({ paymentCollectionId: "paycol_x" }, store, fakeTime())).toEqual({
      kind: "error",
      message: "Payment collection paycol_x not found",
      status: 404,
    })
    expect(store.calls).toEqual([["paycol_x", undefined]])

    const refused = scriptedStore([{ status: 400, type: "error", message: "The payment collection has no Dintero payment session" }, paid])
    expect(await completeDinteroPaymentCollection(params, refused, fakeTime())).toMatchObject({ kind: "error", status: 400 })
    expect(refused.calls).toHaveLength(1)
  })

  it("waits out a 503, a 409 and an unreachable store, then returns paid", async () => {
    const store = scriptedStore([
      { status: 503, type: "error", message: "Service Unavailable" },
      { status: 409, type: "error", message: "Being settled" },
      { status: 0, type: "error", message: "The store could not be reached" },
      paid,
    ])
    expect(await completeDinteroPaymentCollection(params, store, fakeTime())).toMatchObject({ kind: "paid" })
    expect(store.calls).toHaveLength(4)
  })

  it("gives up after its budget with pending (the callback settles it later)", async () => {
    const store = scriptedStore([open])
    const time = fakeTime()
    const outcome = await completeDinteroPaymentCollection(params, store, { ...time, budgetMs: 10_000 })
    expect(outcome).toEqual({ kind: "pending", message: expect.stringMatching(/being processed/) })
    expect(time.clock()).toBeLessThanOrEqual(10_000)
    expect(store.calls.length).toBeGreaterThan(3)
    expect(time.pauses.slice(0, 5)).toEqual([400, 800, 1600, 3000, 3000])
  })

  it("uses the default 30 s budget", async () => {
    const store = scriptedStore([{ status: 500, type: "error", message: "boom" }])
    const time = fakeTime()
    expect(await completeDinteroPaymentCollection(params, store, time)).toMatchObject({ kind: "pending" })
    expect(time.clock()).toBeLessThanOrEqual(30_000)
    expect(time.clock()).toBeGreaterThan(25_000)
  })

  it("needs a collection id and a StoreApi with completePaymentCollection", async () => {
    const store = scriptedStore([paid])
    expect(await completeDinteroPaymentCollection({}, store, fakeTime())).toMatchObject({
      kind: "error",
      message: expect.stringContaining("payment collection id"),
    })
    expect(store.calls).toHaveLength(0)

    const older: StoreApi = { completeCart: async () => ({ status: 200, type: "order", order: { id: "order_1" } }) }
    expect(await completeDinteroPaymentCollection(params, older, fakeTime())).toEqual({
      kind: "error",
      message: expect.stringContaining("lacks completePaymentCollection"),
    })
  })
})

describe("readPaymentCollectionParams", () => {
  it("reads the collection id from the page's path and what Dintero appended", () => {
    expect(
      readPaymentCollectionParams(
        "?order_id=order_1&transaction_id=T1&merchant_reference=payses_1&session_id=S1",
        "/dk/payment-collection/paycol_1"
      )
    ).toEqual({ paymentCollectionId: "paycol_1", paymentSessionId: "payses_1", error: undefined })
    expect(readPaymentCollectionParams("error=cancelled", "/payment-collection/pay%20col/")).toEqual({
      paymentCollectionId: "pay col",
      paymentSessionId: undefined,
      error: "cancelled",
    })
  })

  it("reads the collection id from payment_collection_id (before the path), and nothing without either", () => {
    expect(readPaymentCollectionParams(new URLSearchParams("payment_collection_id=paycol_2"))).toMatchObject({ paymentCollectionId: "paycol_2" })
    expect(readPaymentCollectionParams("?payment_collection_id=paycol_2", "/payment-collection/paycol_1")).toMatchObject({
      paymentCollectionId: "paycol_2",
    })
    expect(readPaymentCollectionParams("?merchant_reference=payses_1", "/checkout")).toEqual({
      paymentCollectionId: undefined,
      paymentSessionId: "payses_1",
      error: undefined,
    })
    expect(readPaymentCollectionParams("", "/payment-collection/paycol_1").paymentCollectionId).toBe("paycol_1")
    expect(readPaymentCollectionParams("").paymentCollectionId).toBeUndefined()
  })
})

describe("store adapters for payment collections", () => {
  const routeAnswer = { status: "paid", settled: true, payment_collection: { id: "paycol 1", status: "completed" }, order_id: "order_1" }

  function fakeFetch(responses: { status: number; body: unknown }[]) {
    const requests: { url: string; init: RequestInit }[] = []
    const doFetch = (async (url: string, init: RequestInit) => {
      requests.push({ url, init })
      const next = responses.shift() ?? { status: 500, body: {} }
      return new Response(JSON.stringify(next.body), { status: next.status, headers: { "content-type": "application/json" } })
    }) as unknown as typeof fetch
    return { requests, doFetch }
  }

  it("fetchStoreApi POSTs to the route with the store's headers and credentials, and the session id", async () => {
    const { requests, doFetch } = fakeFetch([{ status: 200, body: routeAnswer }])
    const store = fetchStoreApi({ baseUrl: "https://shop.example/api/", publishableKey: "pk_1", fetch: doFetch, headers: { "x-extra": "1" } })
    expect(await completeDinteroPaymentCollection({ paymentCollectionId: "paycol 1", paymentSessionId: "payses_1" }, store, fakeTime())).toEqual({
      kind: "paid",
      paymentCollection: { id: "paycol 1", status: "completed" },
      orderId: "order_1",
    })
    expect(requests).toEqual([
      {
        url: "https://shop.example/api/store/dintero/payment-collections/paycol%201/complete",
        init: {
          method: "POST",
          credentials: "include",
          headers: { "content-type": "application/json", "x-publishable-api-key": "pk_1", "x-extra": "1" },
          body: JSON.stringify({ payment_session_id: "payses_1" }),
        },
      },
    ])
  })

  it("fetchStoreApi sends {} without a session id, and passes on the route's errors and an unreachable store", async () => {
    const { requests, doFetch } = fakeFetch([
      { status: 400, body: { message: "The payment collection belongs to a cart" } },
      { status: 200, body: { status: "open", settled: false, payment_collection: { id: "paycol_1", status: "not_paid" }, order_id: "order_1" } },
      { status: 200, body: { unexpected: true } },
    ])
    const store = fetchStoreApi({ baseUrl: "https://shop.example", publishableKey: "pk_1", fetch: doFetch })
    expect(await store.completePaymentCollection!("paycol_1")).toEqual({ status: 400, type: "error", message: "The payment collection belongs to a cart" })
    expect(requests[0].init.body).toBe("{}")
    expect(await store.completePaymentCollection!("paycol_1")).toEqual({
      status: 200,
      type: "payment_collection",
      state: "open",
      settled: false,
      paymentCollection: { id: "paycol_1", status: "not_paid" },
      orderId: "order_1",
    })
    expect(await store.completePaymentCollection!("paycol_1")).toMatchObject({ status: 200, type: "error" })

    const unreachable = fetchStoreApi({
      baseUrl: "https://shop.example",
      publishableKey: "pk_1",
      fetch: (async () => Promise.reject(new TypeError("Failed to fetch"))) as unknown as typeof fetch,
    })
    expect(await unreachable.completePaymentCollection!("paycol_1")).toEqual({
      status: 0,
      type: "error",
      message: expect.stringContaining("Failed to fetch"),
    })
  })

  it("fetchStoreApi's completeCart still posts {} to the cart route", async () => {
    const { requests, doFetch } = fakeFetch([{ status: 200, body: { type: "order", order: { id: "order_9" } } }])
    const store = fetchStoreApi({ baseUrl: "https://shop.example", publishableKey: "pk_1", fetch: doFetch })
    expect(await store.completeCart("cart_9")).toEqual({ status: 200, type: "order", order: { id: "order_9" } })
    expect(requests[0]).toMatchObject({ url: "https://shop.example/store/carts/cart_9/complete", init: { method: "POST", body: "{}" } })
  })

  it("jsSdkStoreApi uses sdk.client.fetch (which encodes the body itself) and its errors' status", async () => {
    const seen: { path: string; init?: { method?: string; body?: unknown; headers?: Record<string, string> } }[] = []
    let fail: Error | undefined
    const sdk: MedusaJsSdkLike = {
      store: { cart: { complete: async () => ({}) } },
      client: {
        async fetch<T>(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }) {
          seen.push({ path, init })
          if (fail) throw fail
          return routeAnswer as T
        },
      },
    }
    const store = jsSdkStoreApi(sdk)
    expect(await completeDinteroPaymentCollection({ paymentCollectionId: "paycol 1", paymentSessionId: "payses_1" }, store, fakeTime())).toMatchObject({
      kind: "paid",
      orderId: "order_1",
    })
    expect(seen).toEqual([{ path: "/store/dintero/payment-collections/paycol%201/complete", init: { method: "POST", body: { payment_session_id: "payses_1" } } }])

    await store.completePaymentCollection!("paycol_1")
    expect(seen[1]).toEqual({ path: "/store/dintero/payment-collections/paycol_1/complete", init: { method: "POST", body: {} } })

    fail = Object.assign(new Error("Payment collection not found"), { status: 404 })
    expect(await store.completePaymentCollection!("paycol_x")).toEqual({ status: 404, type: "error", message: "Payment collection not found" })
    fail = new TypeError("Failed to fetch")
    expect(await store.completePaymentCollection!("paycol_x")).toEqual({ status: 0, type: "error", message: "Failed to fetch" })
  })

  it("jsSdkStoreApi without sdk.client has no completePaymentCollection (so the helper says so, without retrying)", async () => {
    const store = jsSdkStoreApi({ store: { cart: { complete: async () => ({}) } } })
    expect(store.completePaymentCollection).toBeUndefined()
    expect(await completeDinteroPaymentCollection(params, store, fakeTime())).toMatchObject({
      kind: "error",
      message: expect.stringContaining("lacks completePaymentCollection"),
    })
  })
})
