/**
 * The HTML of the sandbox's checkout, shared by the hosted page (`/v1/view/{id}`, the redirect flow)
 * and the embedded page the Web SDK loads in its iframe: one rendering, so both variants show the
 * same order and keep the same stable hooks for browser tests and users' automation:
 * #merchant-reference, #order-lines, #shipping-line, #vat-total, #total,
 * select#payment_product_type, buttons #pay, #decline, #cancel, #fail, #on-hold, and #lock-notice.
 *
 * Plain HTML with inline CSS and no external asset, so it works offline and in any headless browser.
 */
import { escapeHtml, formatMinorUnits } from "./format"
import { html, type SandboxResponse } from "./http"
import { DEFAULT_PAYMENT_PRODUCT_TYPE, preferredPaymentType } from "./payment"
import { OFFERED_METHODS } from "./payment-methods"
import { discountCodesUrl, expressOf, expressPayRefusal } from "./express-rules"
import type { JsonObject, StoredSession } from "./types"

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#1b1f24;margin:0}
main{max-width:36rem;margin:2rem auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 .25rem}.notice{color:#8a5a00;background:#fff4d6;padding:.4rem .6rem;border-radius:4px;font-size:.9rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}th,td{padding:.35rem .25rem;border-bottom:1px solid #e3e5e8;text-align:left}
td.num,th.num{text-align:right}tfoot th{font-weight:normal}tfoot tr:last-child th,tfoot tr:last-child td{font-weight:bold;border-bottom:none}
label{display:block;margin:.75rem 0 .25rem}select,input{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}label.shipping-option input{width:auto;margin-right:.5rem}
.actions{display:flex;gap:.5rem;margin-top:1rem}button{font-size:1rem;padding:.55rem 1rem;border-radius:4px;border:1px solid #9aa1a9;background:#fff;cursor:pointer}
button#pay{background:#0a6b3f;border-color:#0a6b3f;color:#fff;flex:1}details{margin-top:1rem;font-size:.9rem}details button{font-size:.9rem}
button:disabled,select:disabled{opacity:.5;cursor:not-allowed}[hidden]{display:none!important}
body.embedded{display:flow-root;background:transparent}body.embedded main{margin:0 auto;box-shadow:none}
`

export interface PageOptions {
  /** The embedded variant: no outer margin, and a body whose height includes its content's margins (HeightChanged). */
  embedded?: boolean
  /** Dintero's `hide_test_message=true`: leave out the "no real payment" notice. */
  hideNotice?: boolean
  /** Markup after <main>: the embedded page's scripts. */
  tail?: string
}

export function page(title: string, content: string, options: PageOptions = {}): string {
  const notice = options.hideNotice ? "" : `<p class="notice">Local emulator of Dintero Checkout. No real payment is made.</p>\n`
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Dintero sandbox</title><style>${STYLE}</style></head>
<body${options.embedded ? ' class="embedded"' : ""}><main>
<h1>Dintero sandbox checkout</h1>
${notice}${content}
</main>${options.tail ?? ""}</body>
</html>
`
}

export function messageBody(title: string, message: string, link?: string): string {
  const back = link ? `<p><a id="return-link" href="${escapeHtml(link)}" target="_top">Return to the store</a></p>` : ""
  return `<h2 id="message-title">${escapeHtml(title)}</h2><p id="message">${escapeHtml(message)}</p>${back}`
}

export function messagePage(status: number, title: string, message: string, link?: string): SandboxResponse {
  return html(status, page(title, messageBody(title, message, link)))
}

function vatLabel(vat: unknown): string {
  return typeof vat === "number" ? `${vat} %` : ""
}

function orderTable(stored: StoredSession): string {
  const order = stored.data.order
  const currency = order.currency
  const money = (amount: unknown) => (typeof amount === "number" ? formatMinorUnits(amount, currency) : "")
  const rows = (order.items ?? []).map(
    (item) => `<tr class="line" data-line-id="${escapeHtml(item.line_id)}">
<td class="description">${escapeHtml(item.description ?? item.id ?? item.line_id ?? "Item")}</td>
<td class="quantity num">${escapeHtml(item.quantity ?? "")}</td>
<td class="vat num">${escapeHtml(vatLabel(item.vat))}</td>
<td class="amount num">${escapeHtml(money(item.amount))}</td></tr>`,
  )
  const shipping = order.shipping_option
  if (shipping) {
    const operator = shipping.operator ? ` (${shipping.operator})` : ""
    rows.push(`<tr class="shipping" id="shipping-line" data-line-id="${escapeHtml(shipping.line_id)}">
<td class="description">Shipping: ${escapeHtml(shipping.title + operator)}</td>
<td class="quantity num">1</td>
<td class="vat num">${escapeHtml(vatLabel(shipping.vat))}</td>
<td class="amount num">${escapeHtml(money(shipping.amount))}</td></tr>`)
  }
  const lineVats = [...(order.items ?? []).map((item) => item.vat_amount), shipping?.vat_amount].filter(
    (vat): vat is number => typeof vat === "number",
  )
  const vatTotal = order.vat_amount ?? (lineVats.length > 0 ? lineVats.reduce((sum, vat) => sum + vat, 0) : undefined)
  return `<table id="order-lines">
<thead><tr><th>Item</th><th class="num">Qty</th><th class="num">VAT</th><th class="num">Amount</th></tr></thead>
<tbody>${rows.join("\n")}</tbody>
<tfoot>
<tr><th colspan="3">VAT included</th><td class="num" id="vat-total">${escapeHtml(vatTotal === undefined ? "—" : money(vatTotal))}</td></tr>
<tr><th colspan="3">Total</th><td class="num" id="total">${escapeHtml(money(order.amount))}</td></tr>
</tfoot>
</table>`
}

/**
 * The order and the payment form. Buttons post to `/v1/view/{id}/pay` (303 to the return_url); the
 * embedded page intercepts the submit and speaks the Web SDK's protocol instead. While the session
 * is locked the controls are disabled, as Dintero disables paying during a merchant's update.
 */
export function checkoutBody(stored: StoredSession): string {
  const session = stored.data
  const locked = stored.payLockId !== undefined
  const off = locked ? " disabled" : ""
  const preferred = preferredPaymentType(stored)
  // Bambora's card is not among the page's methods, but a session that asked for its token needs it.
  const offered: ReadonlyArray<[string, string]> =
    preferred === "bambora.creditcard" ? [...OFFERED_METHODS, ["bambora.creditcard", "Card (Bambora)"]] : OFFERED_METHODS
  // A preloaded saved card is offered first, by its card (the customer confirms it by paying).
  const saved = stored.savedCard ? savedCardLabel(stored.savedCard.card) : undefined
  const methods: ReadonlyArray<[string, string]> = saved
    ? [[preferred, saved], ...offered.filter(([type]) => type !== preferred)]
    : offered
  const selected = methods.some(([type]) => type === preferred) ? preferred : DEFAULT_PAYMENT_PRODUCT_TYPE
  const options = methods.map(
    ([type, label]) =>
      `<option value="${escapeHtml(type)}"${type === selected ? " selected" : ""}>${escapeHtml(label)}</option>`,
  ).join("")
  const expressRefusal = expressPayRefusal(stored)
  const payOff = off || (expressRefusal ? " disabled" : "")
  return `<p>Order <strong id="merchant-reference">${escapeHtml(session.order.merchant_reference)}</strong></p>
${orderTable(stored)}
${expressForms(stored, off)}${expressRefusal ? `<p id="express-notice" class="notice">${escapeHtml(expressRefusal)}</p>\n` : ""}
<p id="lock-notice" class="notice"${locked ? "" : " hidden"}>The store is updating this order. Paying is disabled until the checkout is refreshed.</p>
<form id="checkout" method="post" action="/v1/view/${encodeURIComponent(session.id)}/pay">
<label for="payment_product_type">Payment method</label>
<select id="payment_product_type" name="payment_product_type"${off}>${options}</select>
<div class="actions">
<button id="pay" type="submit" name="outcome" value="authorize"${payOff}>Pay</button>
<button id="decline" type="submit" name="outcome" value="decline"${off}>Decline</button>
<button id="cancel" type="submit" name="outcome" value="cancel"${off}>Cancel</button>
</div>
<details><summary>More outcomes</summary>
<button id="fail" type="submit" name="outcome" value="fail"${off}>Fail (technical error)</button>
<button id="on-hold" type="submit" name="outcome" value="on_hold"${off}>Put on hold</button>
</details>
</form>`
}

const ADDRESS_FIELDS: readonly [string, string][] = [
  ["first_name", "First name"],
  ["last_name", "Last name"],
  ["address_line", "Address"],
  ["postal_code", "Postal code"],
  ["postal_place", "City"],
  ["country", "Country (ISO code)"],
  ["email", "Email"],
  ["phone_number", "Phone (+47…)"],
  ["business_name", "Company name"],
  ["organization_number", "Organization number"],
]

/**
 * Express Checkout's steps (express.ts): the address form (or a one-click wallet's country and
 * postal code), the options the store answered, and discount codes when enabled. Hooks:
 * form#express-address, #express-wallet, form#express-shipping with input#shipping-option-{line_id},
 * form#express-discounts with input#discount-codes.
 */
function expressForms(stored: StoredSession, off: string): string {
  const express = expressOf(stored)
  if (!express) return ""
  const session = stored.data
  const id = encodeURIComponent(session.id)
  const current = (session.order.shipping_address ?? {}) as JsonObject
  const b2b = (express.customer_types ?? ["b2c", "b2b"]).includes("b2b")
  const fields = ADDRESS_FIELDS.filter(([name]) => b2b || (name !== "organization_number" && name !== "business_name"))
    .map(([name, label]) => {
      const value = current[name] ?? (name === "country" ? "NO" : "")
      return `<label for="address-${name}">${escapeHtml(label)}</label><input id="address-${name}" name="${name}" value="${escapeHtml(value)}"${off}>`
    })
    .join("\n")
  const money = (amount: number) => formatMinorUnits(amount, session.order.currency)
  const selected = session.order.shipping_option?.line_id
  const options = express.shipping_options
    .map(
      (option) => `<label class="shipping-option"><input type="radio" name="line_id" id="shipping-option-${escapeHtml(option.line_id)}" value="${escapeHtml(option.line_id)}"${option.line_id === selected ? " checked" : ""}${off}>
${escapeHtml(option.title)}${option.operator ? ` (${escapeHtml(option.operator)})` : ""}${option.delivery_method === "pick_up" ? " · pick-up point" : ""} · ${escapeHtml(money(option.amount))}</label>`,
    )
    .join("\n")
  const asked = session.order.shipping_address !== undefined
  const shipping = asked
    ? `<form id="express-shipping" data-express="shipping_option" method="post" action="/v1/view/${id}/express/shipping_option">
<h3>Shipping</h3>${options || `<p id="no-shipping-options">The store cannot ship to this address.</p>`}
${options ? `<button id="express-shipping-submit" type="submit"${off}>Choose shipping</button>` : ""}
</form>`
    : ""
  const codes = Array.isArray(session.order.discount_codes) ? (session.order.discount_codes as string[]).join(", ") : ""
  const discounts =
    discountCodesUrl(stored)
      ? `<form id="express-discounts" data-express="discount_codes" method="post" action="/v1/view/${id}/express/discount_codes">
<label for="discount-codes">Discount codes (comma-separated; empty removes them)</label><input id="discount-codes" name="discount_codes" value="${escapeHtml(codes)}"${off}>
<button id="express-discount-submit" type="submit"${off}>Apply</button>
</form>`
      : ""
  return `<section id="express">
<form id="express-address" data-express="shipping_address" method="post" action="/v1/view/${id}/express/shipping_address">
<h3>Shipping address</h3>
${fields}
<div class="actions"><button id="express-address-submit" type="submit"${off}>Use this address</button>
<button id="express-wallet" type="submit" name="wallet" value="true"${off}>Express wallet (country and postal code only)</button></div>
</form>
${shipping}
${discounts}
</section>
`
}

/** "Saved card: VISA 400000******0002 (12/2030)". */
function savedCardLabel(card: JsonObject): string {
  const brand = typeof card.brand === "string" ? card.brand.toUpperCase() : "Card"
  const expiry = typeof card.expiry_date === "string" ? ` (${card.expiry_date})` : ""
  return `Saved card: ${brand} ${String(card.masked_pan ?? "")}${expiry}`
}
