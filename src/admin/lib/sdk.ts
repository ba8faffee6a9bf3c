import Medusa from "@medusajs/js-sdk"

/**
 * The Medusa JS SDK as the dashboard itself uses it: same origin by default, the admin's session
 * cookie (Medusa Admin logs in with `auth.type: "session"`). `VITE_BACKEND_URL` points elsewhere
 * when the dashboard is served apart from the server.
 */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
