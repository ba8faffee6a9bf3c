#!/usr/bin/env node
/*
 * Applies the Dintero example to a copy of Medusa's dtc-starter:
 *   node apply.mjs <path to dtc-starter (or to its apps/storefront)>
 * Copies the new files under apps/storefront/src and makes the two edits the README describes
 * (src/lib/constants.tsx, src/modules/checkout/components/payment-button/index.tsx). Running it
 * again changes nothing; when the starter's code no longer looks as expected it stops and says
 * which edit to make by hand.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const target = process.argv[2]
if (!target) fail("usage: node apply.mjs <path to dtc-starter>")
const storefront = existsSync(join(target, "apps/storefront/package.json")) ? resolve(target, "apps/storefront") : resolve(target)
if (!existsSync(join(storefront, "src/lib/constants.tsx"))) fail(`${storefront} is not dtc-starter's storefront (no src/lib/constants.tsx)`)

cpSync(join(here, "apps/storefront/src"), join(storefront, "src"), { recursive: true })
console.log(`copied the Dintero files into ${join(storefront, "src")}`)

edit("src/lib/constants.tsx", "dinteroPaymentInfo", (source) => {
  const anchor = "  // Add more payment providers here"
  if (!source.includes(anchor)) return undefined
  const withEntry = source.replace(anchor, `  ...dinteroPaymentInfo,\n${anchor}`)
  return `${withImports(withEntry, [`import { dinteroPaymentInfo } from "@lib/dintero"`])}\nexport { isDintero } from "@lib/dintero"\n`
})

edit("src/modules/checkout/components/payment-button/index.tsx", "DinteroPaymentButton", (source) => {
  const anchor = /(\n\s*)default:\n\s*return <Button disabled>Select a payment method<\/Button>/
  const match = anchor.exec(source)
  if (!match) return undefined
  const indent = match[1]
  const dinteroCase = `${indent}case isDintero(paymentSession?.provider_id):${indent}  return (${indent}    <DinteroPaymentButton notReady={notReady} cart={cart} data-testid={dataTestId} />${indent}  )`
  return withImports(`${source.slice(0, match.index)}${dinteroCase}${source.slice(match.index)}`, [
    `import { isDintero } from "@lib/dintero"`,
    `import { DinteroPaymentButton } from "./dintero"`,
  ])
})

// Imports go after a "use client" directive, which must stay the file's first statement.
function withImports(source, imports) {
  const directive = /^\s*["']use client["'];?\n/.exec(source)
  const at = directive ? directive[0].length : 0
  return `${source.slice(0, at)}${imports.join("\n")}\n${source.slice(at)}`
}

console.log(`
Next, in ${storefront}:
  pnpm add medusa-payment-dintero @dintero/checkout-web-sdk
  .env.local: NEXT_PUBLIC_DINTERO_CHECKOUT_MODE=embedded (or redirect)
and on the Medusa server the provider's returnUrl:
  https://<your storefront>/<country>/checkout/dintero/return?cart_id={cart_id}`)

function edit(file, marker, change) {
  const path = join(storefront, file)
  const source = readFileSync(path, "utf8")
  if (source.includes(marker)) return console.log(`${file}: already has ${marker}`)
  const changed = change(source)
  if (changed === undefined) fail(`${file} does not look as expected: make its edit by hand (README, step 3)`)
  writeFileSync(path, changed)
  console.log(`${file}: edited`)
}

function fail(message) {
  console.error(message)
  process.exit(1)
}
