import { currencyExponent } from "../../money/currency"

/** Minor units → "NOK 1,108.77", with the ISO 4217 decimals the provider converted with. */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "-"
  let decimals = 2
  try {
    decimals = currencyExponent(currency)
  } catch {
    return `${minor} (minor units, ${currency})`
  }
  return new Intl.NumberFormat(undefined, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(minor / 10 ** decimals)
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "-"
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(date)
}

type Color = "green" | "orange" | "red" | "grey" | "blue" | "purple"

/** Dintero's transaction statuses, as Medusa's status badges would color them. */
export const TRANSACTION_STATUS_COLOR: Record<string, Color> = {
  INITIATED: "grey",
  AUTHORIZED: "blue",
  PARTIALLY_CAPTURED: "green",
  CAPTURED: "green",
  PARTIALLY_REFUNDED: "orange",
  PARTIALLY_CAPTURED_REFUNDED: "orange",
  REFUNDED: "orange",
  ON_HOLD: "orange",
  AUTHORIZATION_VOIDED: "grey",
  PARTIALLY_VOIDED: "grey",
  DECLINED: "red",
  FAILED: "red",
  UNKNOWN: "grey",
}

/** A transaction event's name in words ("CAPTURE" → "Captured"). */
const EVENT_LABEL: Record<string, string> = {
  INITIALIZE: "Initialized",
  AUTHORIZE: "Authorized",
  CAPTURE: "Captured",
  REFUND: "Refunded",
  VOID: "Voided",
  INITIATE_CAPTURE: "Capture requested",
  INITIATE_REFUND: "Refund requested",
  INITIATE_VOID: "Void requested",
  DECLINE: "Declined",
  FAIL: "Failed",
}

export function eventLabel(event: string, success: boolean): string {
  const label = EVENT_LABEL[event] ?? event.charAt(0) + event.slice(1).toLowerCase().replace(/_/g, " ")
  return success ? label : `${label} (failed)`
}

export function eventColor(event: string, success: boolean): Color {
  if (!success) return "red"
  if (event === "CAPTURE") return "green"
  if (event === "REFUND") return "orange"
  if (event === "VOID") return "grey"
  if (event === "AUTHORIZE") return "blue"
  return "grey"
}
