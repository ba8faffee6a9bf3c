#!/usr/bin/env node
/*
 * `npm run demo`: a Medusa store taking a payment with Dintero, on this machine alone.
 *
 * Starts PostgreSQL (embedded, unless DATABASE_URL names one), the Dintero sandbox and a Medusa
 * server with this plugin; seeds a Norwegian store; then checks out as a storefront does, over
 * HTTP: cart → Dintero session → payment on the sandbox → Dintero's callback → order → capture →
 * partial refund, printing each step and what Dintero received. Exits 0 when all went well.
 *
 * `npm run demo -- --serve` keeps everything running and prints the URLs of the admin dashboard,
 * the sandbox and a small storefront where a person can buy and pay in a browser, on Dintero's page
 * or with Dintero's checkout embedded (the plugin's storefront helper and Dintero's Web SDK).
 *   --port N             Medusa server port (default 9000 with --serve, else a free port)
 *   --sandbox-port N     Dintero sandbox port (default 8787 with --serve, else a free port)
 *   --storefront-port N  demo storefront port (default 8000)
 *   --no-admin           do not serve the admin dashboard
 *   --return-url URL     your own storefront's return page instead of the demo storefront's (e.g.
 *                        dtc-starter's http://localhost:8000/no/checkout/dintero/return?cart_id={cart_id}):
 *                        Dintero sends shoppers there, its origin is allowed by STORE_CORS, and the
 *                        demo storefront is not started (the port is your storefront's)
 */
import { spawn } from "node:child_process"
import { createWriteStream, readFileSync } from "node:fs"
import { createServer } from "node:http"
import { createRequire } from "node:module"
import { createServer as createNetServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs"
import { createDatabase } from "../scripts/medusa-servers.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const args = parseArgs(process.argv.slice(2))
const serve = args.serve === true
const started = Date.now()
const cleanups = []
const logFile = join(tmpdir(), `medusa-dintero-demo-${process.pid}.log`)
const log = createWriteStream(logFile)

const say = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`)
const detail = (text) => console.log(`          ${text}`)

main().then(
  async (keepRunning) => {
    if (!keepRunning) {
      await cleanup()
      process.exit(0)
    }
  },
  async (error) => {
    console.error(`\ndemo failed: ${error?.stack ?? error}`)
    console.error(`Medusa's log: ${logFile}`)
    await cleanup()
    process.exit(1)
  }
)

async function main() {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      await cleanup()
      process.exit(0)
    })
  }

  const databaseUrl = await database()
  const sandboxPort = Number(args["sandbox-port"] ?? (serve ? 8787 : await freePort()))
  const port = Number(args.port ?? (serve ? 9000 : await freePort()))
  const storefrontPort = Number(args["storefront-port"] ?? 8000)
  const backendUrl = `http://localhost:${port}`
  // With --return-url, the shopper's storefront is the caller's (dtc-starter, …), not the demo's.
  const ownReturnUrl = typeof args["return-url"] === "string" ? new URL(args["return-url"]).toString().replaceAll("%7B", "{").replaceAll("%7D", "}") : undefined
  const storefrontUrl = ownReturnUrl ? new URL(ownReturnUrl).origin : `http://localhost:${storefrontPort}`
  const signatureSecret = "demo-signature-secret"

  const sandboxUrl = await startSandbox(sandboxPort, signatureSecret)
  say(`Dintero sandbox on ${sandboxUrl} (callbacks signed)`)

  const env = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    DINTERO_SANDBOX_URL: sandboxUrl,
    DINTERO_BACKEND_URL: backendUrl,
    DINTERO_SIGNATURE_SECRET: signatureSecret,
    DINTERO_RETURN_URL: ownReturnUrl ?? `${storefrontUrl}/return?cart_id={cart_id}`,
    STORE_CORS: storefrontUrl,
    MEDUSA_STOREFRONT_URL: storefrontUrl,
    ADMIN_CORS: backendUrl,
    AUTH_CORS: backendUrl,
    MEDUSA_ADMIN_DISABLED: serve && args["no-admin"] !== true ? "false" : "true",
  }

  say("Migrating the database (medusa db:migrate)")
  await medusa(["db:migrate"], env)
  say("Seeding a Norwegian store: NOK, VAT 25 % (15 % food), 2 products, shipping, Dintero in the region")
  const seedOutput = await medusa(["exec", "./demo/seed.ts"], env)
  const seed = JSON.parse(seedOutput.split("\n").find((line) => line.startsWith("DEMO_SEED ")).slice("DEMO_SEED ".length))

  say(`Starting Medusa on ${backendUrl}`)
  await startMedusa(env, backendUrl)
  say("Medusa is ready")

  if (serve) {
    if (!ownReturnUrl) {
      await startStorefront(storefrontPort, { backendUrl, publishableKey: seed.publishableKey, regionId: seed.regionId, shippingOptionId: seed.shippingOptionId })
    }
    console.log(`
  Everything is running. Ctrl-C stops it.

  Storefront         ${ownReturnUrl ? `yours: Dintero returns shoppers to ${ownReturnUrl}` : `${storefrontUrl}            buy a product, pay on Dintero's page or embedded`}
  Admin dashboard    ${env.MEDUSA_ADMIN_DISABLED === "true" ? "(disabled with --no-admin)" : `${backendUrl}/app`}   login ${seed.admin.email} / ${seed.admin.password}
  Medusa store API   ${backendUrl}/store           publishable key ${seed.publishableKey}
  Dintero sandbox    ${sandboxUrl}/_sandbox        requests, callbacks, faults (see docs/sandbox.md)
`)
    console.log("DEMO_READY")
    return true
  }

  await checkout({ backendUrl, sandboxUrl, seed })
  say("Demo finished: one order, paid, captured and partly refunded, in step with Dintero.")
  return false
}

async function checkout({ backendUrl, sandboxUrl, seed }) {
  const storeApi = api(backendUrl, { "x-publishable-api-key": seed.publishableKey })
  const address = { first_name: "Kari", last_name: "Nordmann", address_1: "Karl Johans gate 1", city: "Oslo", postal_code: "0154", country_code: "no", phone: "+47 912 34 567" }

  say("Shopper: cart with a sweater and two bags of coffee, address, home delivery")
  const { cart } = await storeApi.post("/store/carts", {
    region_id: seed.regionId,
    sales_channel_id: seed.salesChannelId,
    email: "kari@example.com",
    items: [
      { variant_id: seed.variants.sweater, quantity: 1 },
      { variant_id: seed.variants.coffee, quantity: 2 },
    ],
    shipping_address: address,
    billing_address: address,
  })
  await storeApi.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: seed.shippingOptionId })
  const { payment_collection } = await storeApi.post("/store/payment-collections", { cart_id: cart.id })
  const { payment_collection: withSession } = await storeApi.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_dintero_dintero",
  })
  const session = withSession.payment_sessions[0]
  say(`Payment session ${session.id} → Dintero session ${session.data.dintero_session_id}`)
  detail(`checkout_url ${session.data.checkout_url}`)

  const sandbox = api(sandboxUrl)
  const created = (await sandbox.get(`/_sandbox/sessions/${session.data.dintero_session_id}`)).create_request.body
  say(`Dintero received POST /v1/sessions-profile (profile "${created.profile_id}"), order ${money(created.order.amount)} NOK:`)
  for (const item of created.order.items) {
    detail(`${item.line_id.padEnd(32)} ${String(item.quantity).padStart(2)} × ${item.description.padEnd(28)} ${money(item.amount).padStart(9)}  VAT ${item.vat} % (${money(item.vat_amount)})`)
  }
  const shipping = created.order.shipping_option
  detail(`${shipping.line_id.padEnd(32)}  1 × ${shipping.title.padEnd(28)} ${money(shipping.amount).padStart(9)}  VAT ${shipping.vat} % (${money(shipping.vat_amount)})`)
  const sum = created.order.items.reduce((total, item) => total + item.amount, 0) + shipping.amount
  detail(`lines + shipping = ${money(sum)} = order.amount ${money(created.order.amount)}; VAT ${money(created.order.vat_amount)}; customer ${created.customer?.email}`)

  say("Shopper pays on the sandbox's hosted page (Pay)")
  const paid = await sandbox.post(`/_sandbox/sessions/${session.data.dintero_session_id}/pay`, { outcome: "authorize" })
  detail(`transaction ${paid.transaction_id}; the browser is sent to ${paid.redirect_url}`)

  const delivered = await until(async () => {
    const attempts = await sandbox.get("/_sandbox/callbacks")
    return attempts.find((attempt) => attempt.status >= 200 && attempt.status < 300)
  })
  const callbackUrl = new URL(delivered.url)
  say(`Dintero called back: ${delivered.method} ${callbackUrl.pathname} → ${delivered.status} (signed, attempt ${delivered.attempt})`)

  say("Shopper returns; the storefront completes the cart")
  const completion = await until(async () => {
    const response = await storeApi.raw("POST", `/store/carts/${cart.id}/complete`, {})
    return response.status === 200 && response.body.type === "order" ? response.body : undefined
  })
  const order = completion.order
  say(`Order #${order.display_id} (${order.id}), total ${order.total} NOK — created once, by whichever came first`)

  const { token } = await api(backendUrl).post("/auth/user/emailpass", { email: seed.admin.email, password: seed.admin.password })
  const adminApi = api(backendUrl, { authorization: `Bearer ${token}` })
  const payment = (await adminApi.get(`/admin/orders/${order.id}?fields=*payment_collections.payments`)).order.payment_collections[0].payments[0]

  say("Merchant captures the payment in the admin")
  await adminApi.post(`/admin/payments/${payment.id}/capture`, {})
  say("Merchant refunds 100 NOK in the admin")
  await adminApi.post(`/admin/payments/${payment.id}/refund`, { amount: 100 })

  const transaction = await sandbox.get(`/_sandbox/transactions/${paid.transaction_id}`)
  const { order: finalOrder } = await adminApi.get(`/admin/orders/${order.id}?fields=payment_status,total`)
  const sumOf = (kind) => transaction.events.filter((e) => e.event === kind && e.success).reduce((total, e) => total + e.amount, 0)
  say("Final states")
  detail(`Medusa  order #${order.display_id}: payment_status ${finalOrder.payment_status}`)
  detail(`Dintero transaction: ${transaction.status}, authorized ${money(transaction.amount)}, captured ${money(sumOf("CAPTURE"))}, refunded ${money(sumOf("REFUND"))} NOK`)
  if (transaction.status !== "PARTIALLY_REFUNDED" || finalOrder.payment_status !== "partially_refunded") {
    throw new Error(`unexpected final state: Dintero ${transaction.status}, Medusa ${finalOrder.payment_status}`)
  }

  const requests = await sandbox.get("/_sandbox/requests")
  say(`Everything Dintero received (${requests.length} API requests):`)
  for (const request of requests) detail(`${request.method.padEnd(5)} ${request.path} → ${request.status}`)
  const callbacks = await sandbox.get("/_sandbox/callbacks")
  say(`Callbacks Dintero made (${callbacks.length}):`)
  for (const attempt of callbacks) {
    const url = new URL(attempt.url)
    detail(`${attempt.method} ${url.pathname}?…${url.searchParams.get("event") ? ` event=${url.searchParams.get("event")}` : ""} → ${attempt.status ?? attempt.error}`)
  }
}

// --- processes ------------------------------------------------------------------------------

async function database() {
  let url
  if (process.env.DATABASE_URL) {
    url = new URL(process.env.DATABASE_URL)
    if (url.pathname.length <= 1) url.pathname = "/medusa_dintero_demo"
    say(`Using the PostgreSQL server of DATABASE_URL, database ${url.pathname.slice(1)}`)
  } else {
    const pg = await startEmbeddedPostgres()
    cleanups.push(() => pg.stop())
    say(`Embedded PostgreSQL on port ${pg.port}`)
    url = new URL(`${pg.url}/medusa_dintero_demo`)
  }
  // Created when missing; an existing database is kept.
  return createDatabase(url.toString(), decodeURIComponent(url.pathname.slice(1)), { keepExisting: true })
}

// The demo account's payment profiles (Settings → Dintero in the admin lists them and assigns them
// to regions and sales channels): `id[:auto-capture][=description]`, comma-separated.
const SANDBOX_PROFILES = "default=Nordic web shop (cards, Vipps),instant:auto-capture=Instant capture (Swish)"

function startSandbox(port, signatureSecret) {
  const child = spawn(process.execPath, [join(root, "bin/dintero-sandbox.js"), "--port", String(port), "--signature-secret", signatureSecret, "--profiles", SANDBOX_PROFILES], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  })
  cleanups.push(() => stop(child))
  child.stderr.pipe(log, { end: false })
  return new Promise((resolve, reject) => {
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
      const match = output.match(/dintero-sandbox listening on (\S+)/)
      if (match) resolve(match[1])
    })
    child.on("exit", (code) => reject(new Error(`the sandbox exited (${code}); is port ${port} free?`)))
  })
}

function medusa(commandArgs, env) {
  const child = spawn(join(root, "node_modules/.bin/medusa"), commandArgs, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
  let stdout = ""
  child.stdout.on("data", (chunk) => {
    stdout += chunk
    log.write(chunk)
  })
  child.stderr.pipe(log, { end: false })
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`medusa ${commandArgs.join(" ")} exited with ${code}`))))
  })
}

async function startMedusa(env, backendUrl) {
  const child = spawn(join(root, "node_modules/.bin/medusa"), ["start", "--port", env.PORT], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  cleanups.push(() => stop(child, true))
  child.stdout.pipe(log, { end: false })
  child.stderr.pipe(log, { end: false })
  let exited = false
  child.on("exit", () => (exited = true))
  await until(async () => {
    if (exited) throw new Error("Medusa exited while starting")
    const response = await fetch(`${backendUrl}/health`).catch(() => undefined)
    return response?.ok ? true : undefined
  }, 120_000)
}

/**
 * The demo storefront: its page (demo/storefront/index.html, also at /return), its configuration,
 * the plugin's storefront helper (src/storefront, bundled for the browser with esbuild at start:
 * `window.DinteroStorefront`) and Dintero's Web SDK (the UMD bundle from node_modules:
 * `window.dintero`). Nothing is fetched from the internet.
 */
async function startStorefront(port, config) {
  const { build } = await import("esbuild")
  const helper = await build({
    entryPoints: [join(root, "src/storefront/index.ts")],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "DinteroStorefront",
    target: "es2020",
    write: false,
    logLevel: "silent",
  })
  const webSdk = join(dirname(createRequire(import.meta.url).resolve("@dintero/checkout-web-sdk/package.json")), "dist/dintero-checkout-web-sdk.umd.min.js")
  const script = "text/javascript; charset=utf-8"
  const files = {
    "/": ["text/html; charset=utf-8", readFileSync(join(root, "demo/storefront/index.html"))],
    "/config.js": [script, `window.DEMO = ${JSON.stringify(config)}`],
    "/storefront.js": [script, helper.outputFiles[0].contents],
    "/dintero-checkout-web-sdk.js": [script, readFileSync(webSdk)],
  }
  const server = createServer((req, res) => {
    // Any other path (/return?cart_id=… among them) is the page: it reads location itself.
    const [type, body] = files[new URL(req.url, "http://storefront").pathname] ?? files["/"]
    res.writeHead(200, { "content-type": type })
    res.end(body)
  })
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  return new Promise((resolve, reject) => {
    server.on("error", reject)
    server.listen(port, "127.0.0.1", resolve)
  })
}

function stop(child, group = false) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const signal = (name) => (group ? process.kill(-child.pid, name) : child.kill(name))
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        signal("SIGKILL")
      } catch {
        // already gone
      }
      resolve()
    }, 10_000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    try {
      signal("SIGTERM")
    } catch {
      clearTimeout(timer)
      resolve()
    }
  })
}

async function cleanup() {
  while (cleanups.length) {
    await Promise.resolve(cleanups.pop()()).catch(() => undefined)
  }
}

// --- helpers --------------------------------------------------------------------------------

function api(baseUrl, headers = {}) {
  const raw = async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }
  const call = async (method, path, body) => {
    const response = await raw(method, path, body)
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(response.body)}`)
    return response.body
  }
  return { raw, get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) }
}

async function until(probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error("timed out waiting")
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const money = (minor) => (minor / 100).toFixed(2)

function parseArgs(argv) {
  const parsed = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith("--")) continue
    const name = arg.slice(2)
    if (name === "serve" || name === "no-admin") parsed[name] = true
    else parsed[name] = argv[++i]
  }
  return parsed
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}
