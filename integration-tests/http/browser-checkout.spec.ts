import { ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import path from "node:path"
import { Browser, chromium } from "playwright-core"
import { freePort } from "../../test-support/wait"

jest.setTimeout(240_000)

/*
 * A person buying in the demo storefront (`npm run demo -- --serve`) in a real headless Chromium
 * (Debian's package, driven by playwright-core; no browser download): add to cart, pay on the
 * Dintero sandbox's hosted page, see the order confirmation; then the merchant sees the Dintero
 * payment on the order in the admin dashboard.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const root = path.resolve(__dirname, "../..")

let demo: ChildProcess | undefined
let browser: Browser | undefined
let output = ""
let storefrontUrl: string
let backendUrl: string

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  const [port, sandboxPort, storefrontPort] = await Promise.all([freePort(), freePort(), freePort()])
  storefrontUrl = `http://localhost:${storefrontPort}`
  backendUrl = `http://localhost:${port}`
  demo = spawn(
    process.execPath,
    ["demo/run.mjs", "--serve", "--port", String(port), "--sandbox-port", String(sandboxPort), "--storefront-port", String(storefrontPort)],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: "" }, stdio: ["ignore", "pipe", "pipe"] }
  )
  demo.stdout?.on("data", (chunk) => (output += chunk))
  demo.stderr?.on("data", (chunk) => (output += chunk))
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("DEMO_READY")) {
        clearInterval(timer)
        resolve()
      } else if (demo?.exitCode !== null) {
        clearInterval(timer)
        reject(new Error(`the demo exited:\n${output}`))
      }
    }, 200)
  })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
})

afterAll(async () => {
  await browser?.close()
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.once("exit", resolve))
    demo.kill("SIGTERM")
    await exited
  }
})

it("buys a sweater in the storefront and pays on Dintero's hosted page", async () => {
  const page = await browser!.newPage()
  await page.goto(storefrontUrl)

  await page.click('button[data-sku="SWEATER-M"]')
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
  await page.click("#checkout")

  // Dintero's hosted checkout (the sandbox's), with the order lines built by the plugin.
  await page.waitForURL(/\/v1\/view\//)
  await page.waitForSelector("#pay")
  const checkoutText = await page.textContent("body")
  expect(checkoutText).toContain("Wool sweater")
  expect(checkoutText).toContain("Posten home delivery")
  await page.click("#pay")

  // Back on the storefront's return page: the cart is completed (or found completed by the callback).
  await page.waitForURL(/\/return\?/)
  const confirmation = await page.waitForSelector("#order-confirmation", { timeout: 60_000 })
  expect(await confirmation.textContent()).toMatch(/Thank you! Order #\d+ is confirmed\./)
  await page.screenshot({ path: path.join(require("node:os").tmpdir(), "dintero-demo-confirmation.png") })
})

it("shows the cart again when the shopper cancels on the hosted page", async () => {
  const page = await browser!.newPage()
  await page.goto(storefrontUrl)
  await page.click('button[data-sku="COFFEE-250"]')
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
  await page.click("#checkout")
  await page.waitForURL(/\/v1\/view\//)
  await page.click("#cancel")
  await page.waitForURL(/error=cancelled/)
  expect(await (await page.waitForSelector("#payment-error")).textContent()).toContain("cancelled")
  await page.click("text=Back to the cart")
  await page.waitForFunction(() => document.querySelector("#cart-count")?.textContent === "1")
})

it("shows the Dintero payment on the order page of the admin dashboard", async () => {
  const login = await fetch(`${backendUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@example.com", password: "supersecret" }),
  }).then((r) => r.json())
  const { orders } = await fetch(`${backendUrl}/admin/orders?fields=id,display_id&order=-created_at&limit=1`, {
    headers: { authorization: `Bearer ${login.token}` },
  }).then((r) => r.json())
  expect(orders).toHaveLength(1)

  const page = await browser!.newPage()
  await page.goto(`${backendUrl}/app/login`, { timeout: 120_000 })
  await page.fill('input[name="email"]', "admin@example.com", { timeout: 120_000 })
  await page.fill('input[name="password"]', "supersecret")
  await page.click('button[type="submit"]')
  await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
  await page.goto(`${backendUrl}/app/orders/${orders[0].id}`)

  const widget = await page.waitForSelector('[data-testid="dintero-payment"]', { timeout: 120_000 })
  const text = (await widget.textContent()) ?? ""
  expect(text).toContain("pp_dintero_dintero")
  expect(text).toContain("AUTHORIZED")
  expect(text).toMatch(/Transaction\s*T12345678\.[0-9A-Za-z]{22}/)
  expect(text).toContain("dintero_psp.creditcard")
  await page.screenshot({ path: path.join(require("node:os").tmpdir(), "dintero-admin-order.png"), fullPage: true })
})

