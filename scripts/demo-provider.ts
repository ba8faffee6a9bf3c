/*
 * `npm run demo`: one shopper checkout through the Dintero provider, against the Dintero sandbox
 * started on a free port: session → payment on the sandbox → authorization → capture → partial
 * refund, printing each step and what Dintero received. Needs nothing but Node.
 */
import { startSandbox } from "../src/sandbox"
import { DinteroProviderService } from "../src/providers/dintero"

const print = (step: string, detail?: unknown) =>
  console.log(`\n▸ ${step}${detail === undefined ? "" : `\n${JSON.stringify(detail, null, 2)}`}`)

async function main() {
  const sandbox = await startSandbox({ profiles: "default" })
  print(`Dintero sandbox on ${sandbox.url}`)
  const logger = { warn: console.warn, error: console.error, info: () => {}, debug: () => {} } as never
  const provider = new DinteroProviderService(
    { logger },
    {
      accountId: "T12345678",
      clientId: "sandbox-client",
      clientSecret: "sandbox-secret",
      backendUrl: "http://127.0.0.1:9000",
      returnUrl: "http://localhost:8000/checkout/dintero/return?cart_id={cart_id}",
      apiBaseUrl: `${sandbox.url}/v1`,
      checkoutBaseUrl: `${sandbox.url}/v1`,
    }
  )
  try {
    const paymentSessionId = "payses_01DEMO0000000000000000000"
    const session = await provider.initiatePayment({ amount: 1249.9, currency_code: "nok", data: { session_id: paymentSessionId } })
    const data: Record<string, unknown> = { session_id: paymentSessionId, ...session.data }
    print("1. initiatePayment → payment session data for the storefront", data)

    const paid = await fetch(`${sandbox.url}/_sandbox/sessions/${data.dintero_session_id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "authorize" }),
    }).then((r) => r.json())
    print("2. the shopper pays on the hosted page; Dintero redirects the browser to", paid.redirect_url)

    const authorized = await provider.authorizePayment({ data })
    print(`3. authorizePayment → ${authorized.status}`, authorized.data)

    const captured = await provider.capturePayment({ data: authorized.data, context: { idempotency_key: "capt_demo" } })
    print("4. capturePayment → captured", { transaction_status: captured.data?.transaction_status, captured_amount: captured.data?.captured_amount })

    const refunded = await provider.refundPayment({ data: captured.data, amount: 249.9, context: { idempotency_key: "ref_demo" } })
    print("5. refundPayment(249.90) →", { transaction_status: refunded.data?.transaction_status, refunded_amount: refunded.data?.refunded_amount })

    const requests = (await fetch(`${sandbox.url}/_sandbox/requests`).then((r) => r.json())) as { method: string; path: string; status: number }[]
    print("What Dintero received", requests.map((r) => `${r.method} ${r.path} → ${r.status}`))
    print("Done: authorized 1249.90 NOK, captured 1249.90, refunded 249.90.")
  } finally {
    await sandbox.stop()
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
