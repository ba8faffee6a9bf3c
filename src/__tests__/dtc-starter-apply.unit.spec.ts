import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"

/*
 * examples/dtc-starter/apply.mjs on a storefront shaped like dtc-starter's (the two files it edits,
 * written here in their shape: the anchors it looks for). The real starter is proved by
 * examples/dtc-starter/e2e/buy.mjs (README, "Proved on the real starter").
 */
const root = join(__dirname, "..", "..")
const apply = join(root, "examples/dtc-starter/apply.mjs")

const CONSTANTS = `import { CreditCard } from "@medusajs/icons"
import React from "react"

export const paymentInfoMap: Record<string, { title: string; icon: React.JSX.Element }> = {
  pp_system_default: {
    title: "Manual Payment",
    icon: <CreditCard />,
  },
  // Add more payment providers here
}

export const isManual = (providerId?: string) => providerId?.startsWith("pp_system_default")
`

const PAYMENT_BUTTON = `"use client"

import { isManual } from "@lib/constants"
import { Button } from "@modules/common/components/ui"

const PaymentButton = ({ cart, "data-testid": dataTestId }: Props) => {
  const notReady = !cart
  const paymentSession = cart.payment_collection?.payment_sessions?.[0]
  switch (true) {
    case isManual(paymentSession?.provider_id):
      return <ManualTestPaymentButton notReady={notReady} data-testid={dataTestId} />
    default:
      return <Button disabled>Select a payment method</Button>
  }
}
`

let starter: string
const storefront = () => join(starter, "apps/storefront")
const file = (path: string) => readFileSync(join(storefront(), path), "utf8")

beforeEach(() => {
  starter = mkdtempSync(join(tmpdir(), "dtc-starter-"))
  for (const [path, text] of [
    ["package.json", "{}"],
    ["src/lib/constants.tsx", CONSTANTS],
    ["src/modules/checkout/components/payment-button/index.tsx", PAYMENT_BUTTON],
  ]) {
    mkdirSync(dirname(join(storefront(), path)), { recursive: true })
    writeFileSync(join(storefront(), path), text)
  }
})
afterEach(() => rmSync(starter, { recursive: true, force: true }))

it("copies the Dintero files and makes the two edits, keeping \"use client\" first", () => {
  execFileSync(process.execPath, [apply, starter])
  for (const path of [
    "src/lib/dintero.tsx",
    "src/lib/data/dintero.ts",
    "src/modules/checkout/components/payment-button/dintero.tsx",
    "src/app/[countryCode]/(checkout)/checkout/dintero/return/page.tsx",
    "src/app/[countryCode]/(main)/payment-collection/[id]/page.tsx",
  ]) {
    expect([path, existsSync(join(storefront(), path))]).toEqual([path, true])
  }
  const constants = file("src/lib/constants.tsx")
  expect(constants).toContain(`import { dinteroPaymentInfo } from "@lib/dintero"`)
  expect(constants).toMatch(/\.\.\.dinteroPaymentInfo,\n {2}\/\/ Add more payment providers here/)
  expect(constants).toContain(`export { isDintero } from "@lib/dintero"`)

  const button = file("src/modules/checkout/components/payment-button/index.tsx")
  expect(button.startsWith(`"use client"\nimport { isDintero } from "@lib/dintero"\nimport { DinteroPaymentButton } from "./dintero"\n`)).toBe(true)
  // The Dintero case sits before the default, at the switch's indentation.
  expect(button).toMatch(/\n {4}case isDintero\(paymentSession\?\.provider_id\):\n {6}return \(\n {8}<DinteroPaymentButton notReady=\{notReady\} cart=\{cart\} data-testid=\{dataTestId\} \/>\n {6}\)\n {4}default:/)
})

it("changes nothing when run again", () => {
  execFileSync(process.execPath, [apply, starter])
  const once = [file("src/lib/constants.tsx"), file("src/modules/checkout/components/payment-button/index.tsx")]
  const output = execFileSync(process.execPath, [apply, join(starter, "apps/storefront")]).toString()
  expect([file("src/lib/constants.tsx"), file("src/modules/checkout/components/payment-button/index.tsx")]).toEqual(once)
  expect(output).toContain("already has")
})

it("stops, naming the file, when the starter's code no longer has the anchor", () => {
  writeFileSync(join(storefront(), "src/modules/checkout/components/payment-button/index.tsx"), `"use client"\nexport default function PaymentButton() { return null }\n`)
  const run = spawnSync(process.execPath, [apply, starter])
  expect(run.status).toBe(1)
  expect(run.stderr.toString()).toContain("src/modules/checkout/components/payment-button/index.tsx does not look as expected")
})

it("refuses a directory that is not the starter", () => {
  const run = spawnSync(process.execPath, [apply, tmpdir()])
  expect(run.status).toBe(1)
  expect(run.stderr.toString()).toContain("is not dtc-starter's storefront")
})
