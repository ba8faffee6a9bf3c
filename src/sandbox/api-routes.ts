/**
 * The Dintero API the sandbox serves. One base URL stands for both of Dintero's hosts
 * (checkout.dintero.com/v1 and api.dintero.com/v1); the paths do not overlap.
 */
import { issueToken } from "./auth"
import { lockFromPage, payFromPage, sessionForPage } from "./checkout-page-api"
import { expressForm, expressJson } from "./express-routes"
import { submitPayment, viewSession } from "./hosted-page"
import { getProfile, listProfiles } from "./profiles"
import type { Route } from "./routing"
import { cancelSession, createSession, getSession, updateSession } from "./sessions"
import { createPaymentTokenSession, payWithToken } from "./token-sessions"
import {
  captureTransaction,
  getTransaction,
  listTransactions,
  refundTransaction,
  updateTransaction,
  voidTransaction,
} from "./transactions"

const ID = "([^/]+)"

function route(method: string, path: string, handler: Route["handler"], extra: Partial<Route> = {}): Route {
  return { method, pattern: new RegExp(`^/v1${path}/?$`), auth: true, handler, ...extra }
}

export const apiRoutes: readonly Route[] = [
  route(
    "POST",
    `/accounts/${ID}/auth/token`,
    (ctx) => issueToken(ctx.sandbox, ctx.params[0] ?? "", ctx.headers, ctx.rawBody),
    { auth: false },
  ),
  route("POST", "/sessions-profile", createSession),
  // Card tokens (token-sessions.ts): a token session, and a merchant-initiated payment with a token.
  route("POST", "/sessions/payment-token", createPaymentTokenSession),
  route("POST", "/sessions/pay", payWithToken),
  route("GET", `/sessions/${ID}`, getSession),
  route("PUT", `/sessions/${ID}`, updateSession),
  route("POST", `/sessions/${ID}/cancel`, cancelSession),
  route("GET", "/transactions", listTransactions),
  route("GET", `/transactions/${ID}`, getTransaction),
  route("PUT", `/transactions/${ID}`, updateTransaction),
  route("POST", `/transactions/${ID}/capture`, captureTransaction, { operation: true }),
  route("POST", `/transactions/${ID}/refund`, refundTransaction, { operation: true }),
  route("POST", `/transactions/${ID}/void`, voidTransaction, { operation: true }),
  route("GET", "/admin/session/profiles", listProfiles),
  route("GET", `/admin/session/profiles/${ID}`, getProfile),
  route("GET", `/view/${ID}`, viewSession, { auth: false }),
  route("POST", `/view/${ID}/pay`, submitPayment, { auth: false }),
  // What the embedded page calls from the customer's browser (checkout-page-api.ts).
  route("GET", `/view/${ID}/session`, sessionForPage, { auth: false }),
  route("POST", `/view/${ID}/session/lock`, lockFromPage, { auth: false }),
  route("POST", `/view/${ID}/session/pay`, payFromPage, { auth: false }),
  // Express Checkout: the customer's address, shipping option and discount codes (express-routes.ts).
  route("PUT", `/checkout/${ID}/json/order/shipping_address`, expressJson("shipping_address"), { auth: false }),
  route("PUT", `/checkout/${ID}/json/order/items/shipping_option`, expressJson("shipping_option"), { auth: false }),
  route("PUT", `/checkout/${ID}/json/order/discount_codes`, expressJson("discount_codes"), { auth: false }),
  route("POST", `/view/${ID}/express/shipping_address`, expressForm("shipping_address"), { auth: false }),
  route("POST", `/view/${ID}/express/shipping_option`, expressForm("shipping_option"), { auth: false }),
  route("POST", `/view/${ID}/express/discount_codes`, expressForm("discount_codes"), { auth: false }),
]

