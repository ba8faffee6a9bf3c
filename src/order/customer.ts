import type { DinteroOrderAddress, DinteroSessionCustomer } from "../dintero/schemas"
import type { CartAddressInput, CartInput } from "./cart-input"

/**
 * Country calling codes for the markets Dintero serves and their neighbours, with the national
 * trunk prefix that is dropped when the country code is added ("070…" in Sweden → "+4670…").
 * A national number from a country not listed here is omitted rather than guessed.
 */
const CALLING_CODES: Readonly<Record<string, { code: string; trunk?: string }>> = {
  NO: { code: "47" },
  SE: { code: "46", trunk: "0" },
  DK: { code: "45" },
  FI: { code: "358", trunk: "0" },
  IS: { code: "354" },
  DE: { code: "49", trunk: "0" },
  GB: { code: "44", trunk: "0" },
  IE: { code: "353", trunk: "0" },
  NL: { code: "31", trunk: "0" },
  BE: { code: "32", trunk: "0" },
  FR: { code: "33", trunk: "0" },
  AT: { code: "43", trunk: "0" },
  CH: { code: "41", trunk: "0" },
  PL: { code: "48" },
  ES: { code: "34" },
  IT: { code: "39" },
  EE: { code: "372" },
  US: { code: "1", trunk: "1" },
  CA: { code: "1", trunk: "1" },
}

/** E.164 limits: a country code 1–3 digits, at most 15 digits in all; anything under 7 is not a phone. */
const INTERNATIONAL = /^\+[1-9]\d{6,14}$/

/**
 * A phone number in E.123 international notation with a leading "+" and no spaces, as Dintero
 * wants it, or undefined when that cannot be done reliably (sending an invalid number makes
 * some payment products reject the session).
 *
 * Spaces, dashes, dots, slashes and parentheses are dropped ("(0)" in "+44 (0)20 …" too); a "00"
 * prefix becomes "+"; a national number gets the calling code of `countryCode`, if known.
 */
export function toE123Phone(raw: string | null | undefined, countryCode?: string | null): string | undefined {
  let phone = raw?.trim()
  if (!phone) {
    return undefined
  }
  phone = phone.replace(/\(0\)/g, "").replace(/[\s\u00a0\-./()]/g, "")
  if (phone.startsWith("00")) {
    phone = `+${phone.slice(2)}`
  }
  if (!phone.startsWith("+")) {
    phone = withCallingCode(phone, countryCode)
  }
  return INTERNATIONAL.test(phone) ? phone : undefined
}

function withCallingCode(national: string, countryCode: string | null | undefined): string {
  const country = countryCode ? CALLING_CODES[countryCode.trim().toUpperCase()] : undefined
  if (!country || !/^\d+$/.test(national)) {
    return ""
  }
  const number = country.trunk && national.startsWith(country.trunk) ? national.slice(country.trunk.length) : national
  return `+${country.code}${number}`
}

/** Medusa cart address → Dintero `OrderAddress`, without empty fields; undefined when there is none. */
export function toOrderAddress(
  address: CartAddressInput | null | undefined,
  email?: string,
): DinteroOrderAddress | undefined {
  if (!address) {
    return undefined
  }
  const country = countryOf(address)
  const mapped: DinteroOrderAddress = {
    first_name: text(address.first_name),
    last_name: text(address.last_name),
    address_line: text(address.address_1),
    address_line_2: text(address.address_2),
    business_name: text(address.company),
    postal_code: text(address.postal_code),
    postal_place: text(address.city),
    country,
    phone_number: toE123Phone(address.phone, country),
  }
  const present = withoutUndefined(mapped)
  if (Object.keys(present).length === 0) {
    return undefined
  }
  return email ? { ...present, email } : present
}

/**
 * Dintero's `customer`: the cart email (else the customer's), a phone number (the account's, else
 * the billing then the shipping address's, each with its own country for national numbers), and
 * `customer_id` for customers with an account. Medusa also creates a customer record for guests
 * (`has_account: false`, shared by every cart with that email): its id is not sent, so nothing
 * Dintero keeps per customer id (such as saved cards) is tied to an unverified email.
 */
export function toSessionCustomer(cart: CartInput): DinteroSessionCustomer | undefined {
  const fallbackCountry = countryOf(cart.billing_address) ?? countryOf(cart.shipping_address)
  const phone =
    toE123Phone(cart.customer?.phone, fallbackCountry) ??
    toE123Phone(cart.billing_address?.phone, countryOf(cart.billing_address)) ??
    toE123Phone(cart.shipping_address?.phone, countryOf(cart.shipping_address))
  const customerId = text(cart.customer_id) ?? text(cart.customer?.id)
  const customer = withoutUndefined<DinteroSessionCustomer>({
    customer_id: customerId && cart.customer?.has_account !== false ? customerId : undefined,
    email: cartEmail(cart),
    phone_number: phone,
  })
  return Object.keys(customer).length > 0 ? customer : undefined
}

/** The cart email, else the customer's; trimmed, and only if it looks like an address. */
export function cartEmail(cart: CartInput): string | undefined {
  for (const candidate of [cart.email, cart.customer?.email]) {
    const email = text(candidate)
    if (email && /^[^\s@]+@[^\s@]+$/.test(email)) {
      return email
    }
  }
  return undefined
}

function countryOf(address: CartAddressInput | null | undefined): string | undefined {
  const country = text(address?.country_code)?.toUpperCase()
  return country && /^[A-Z]{2}$/.test(country) ? country : undefined
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
