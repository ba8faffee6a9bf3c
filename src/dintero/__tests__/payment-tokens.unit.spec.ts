import { clearTokenCache, DinteroClient, DinteroError, type DinteroPayWithTokenRequest } from ".."
import { SandboxHandle, startSandbox } from "../../sandbox"
import { sandboxControl } from "../../../test-support/sandbox-control"

/*
 * Saved cards through the client, over real HTTP against the sandbox: the token read back from a
 * paid session that asked for one, and merchant-initiated charges with it, exactly once under a
 * lost answer and a repeat, never retried when Dintero says DO_NOT_RETRY.
 */
let sandbox: SandboxHandle
let control: ReturnType<typeof sandboxControl>

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: "default", callbackRetries: 0 })
  control = sandboxControl(sandbox.url)
})
afterAll(() => sandbox.stop())
beforeEach(async () => {
  clearTokenCache()
  await control.reset()
})

const client = () =>
  new DinteroClient({
    accountId: "T12345678",
    clientId: "sandbox-client",
    clientSecret: "sandbox-secret",
    apiBaseUrl: `${sandbox.url}/v1`,
    checkoutBaseUrl: `${sandbox.url}/v1`,
    timeoutMs: 2_000,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 2_000 },
  })

/** A card saved at checkout: a session asking for a token, paid by card; returns the token. */
async function savedCard(c: DinteroClient): Promise<{ token: string; transactionId: string }> {
  const session = await c.createSession({
    profile_id: "default",
    url: { return_url: "https://shop.example.com/return" },
    order: { amount: 10000, currency: "NOK", merchant_reference: "payses_save1" },
    configuration: { payex: { creditcard: { enabled: true, generate_payment_token: true } } },
  })
  const paid = await control.pay(session.id, "authorize", "payex.creditcard")
  const transaction = await c.getTransaction(paid.transaction_id!, { includePaymentToken: true })
  return { token: transaction.card!.payment_token!, transactionId: transaction.id }
}

const charge = (token: string, reference: string, amount = 19900): DinteroPayWithTokenRequest => ({
  session: {
    order: { amount, currency: "NOK", merchant_reference: reference },
    customer: { email: "kari@example.com", tokens: { "payex.creditcard": { payment_token: token } } },
  },
  payment: { payment_product_type: "payex.creditcard", operation: "unscheduled_purchase" },
})

const payRequests = async () => (await control.requests()).filter((request) => request.method === "POST" && request.path === "/v1/sessions/pay")

it("reads the token of a paid session that asked for one only when asked, with the masked card", async () => {
  const c = client()
  const { token, transactionId } = await savedCard(c)
  expect(token).toEqual(expect.any(String))
  const plain = await c.getTransaction(transactionId)
  expect(plain.card).toEqual(expect.objectContaining({ masked_pan: expect.stringMatching(/\*{4}/), brand: expect.any(String), expiry_date: expect.any(String), payment_token_id: expect.any(String) }))
  expect(plain.card?.payment_token).toBeUndefined()
  expect(JSON.stringify(plain)).not.toContain(token)
})

it("charges a saved card once; a repeat with the same reference is refused by Dintero and answers the first charge", async () => {
  const c = client()
  const { token } = await savedCard(c)
  const result = await c.payWithToken(charge(token, "sub_2026_12"))
  expect(result).toEqual(expect.objectContaining({ paid: true, doNotRetry: false, recovered: false }))
  expect(result.transaction).toEqual(expect.objectContaining({ amount: 19900, status: "AUTHORIZED", merchant_reference: "sub_2026_12" }))

  // A repeat (another instance, a retried job): Dintero says DUPLICATE_MERCHANT_REFERENCE; the client finds the charge.
  const repeat = await c.payWithToken(charge(token, "sub_2026_12"))
  expect(repeat).toEqual(expect.objectContaining({ paid: true, recovered: true }))
  expect(repeat.transaction.id).toBe(result.transaction.id)
  expect(await payRequests()).toHaveLength(2)
  const made = await c.listTransactions({ merchant_reference: "sub_2026_12" })
  expect(made.filter((transaction) => transaction.status === "AUTHORIZED")).toHaveLength(1)
})

it("a lost answer: finds the charge by its reference instead of charging again", async () => {
  const c = client()
  const { token } = await savedCard(c)
  await control.clearRequests()
  // Dintero charges the card, then the answer is lost (500).
  await control.fault({ path: "^/v1/sessions/pay$", method: "POST", status: 500, after: true, times: 1 })
  const result = await c.payWithToken(charge(token, "sub_lost_1"))
  expect(result).toEqual(expect.objectContaining({ paid: true, recovered: true }))
  expect(await payRequests()).toHaveLength(1)
  expect(await c.listTransactions({ merchant_reference: "sub_lost_1" })).toHaveLength(1)
})

it("a refused card: 200 with a FAILED transaction is a failure, DO_NOT_RETRY is reported, and nothing is sent again", async () => {
  const c = client()
  const { token } = await savedCard(c)
  await control.declineToken(token)
  await control.clearRequests()
  const result = await c.payWithToken(charge(token, "sub_declined_1"))
  expect(result.paid).toBe(false)
  expect(result.doNotRetry).toBe(true)
  expect(result.transaction.status).toBe("FAILED")
  expect(result.error).toEqual(expect.objectContaining({ type: "DO_NOT_RETRY" }))
  expect(await payRequests()).toHaveLength(1)
})

it("an unknown token is a DinteroError naming Dintero's code, and the token is not in its message", async () => {
  const c = client()
  const error = await c.payWithToken(charge("not-a-token-0000", "sub_unknown_1")).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(DinteroError)
  expect(error).toMatchObject({ status: 400, code: expect.any(String) })
  expect((error as Error).message).not.toContain("not-a-token-0000")
})
