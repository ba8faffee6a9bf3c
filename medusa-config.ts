import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/*
 * The development and test app of this repository: a Medusa server with the Dintero provider
 * registered from source. It talks to the Dintero sandbox unless DINTERO_API_BASE_URL says
 * otherwise. In your own app, see the README ("Configure") instead: there the provider is
 * `medusa-payment-dintero/providers/dintero`.
 */
const sandboxUrl = process.env.DINTERO_SANDBOX_URL ?? "http://127.0.0.1:8787"

const dinteroOptions = {
  accountId: process.env.DINTERO_ACCOUNT_ID ?? "T12345678",
  clientId: process.env.DINTERO_CLIENT_ID ?? "sandbox-client",
  clientSecret: process.env.DINTERO_CLIENT_SECRET ?? "sandbox-secret",
  profileId: process.env.DINTERO_PROFILE_ID ?? "default",
  backendUrl: process.env.DINTERO_BACKEND_URL ?? "http://127.0.0.1:9000",
  returnUrl: process.env.DINTERO_RETURN_URL ?? "http://localhost:8000/checkout/dintero/return?cart_id={cart_id}",
  // Where a customer comes back after saving a card without a purchase (README, "Saved cards").
  savedCardReturnUrl: process.env.DINTERO_SAVED_CARD_RETURN_URL ?? "http://localhost:8000/account/saved-cards",
  signatureSecret: process.env.DINTERO_SIGNATURE_SECRET || undefined,
  apiBaseUrl: process.env.DINTERO_API_BASE_URL ?? `${sandboxUrl}/v1`,
  checkoutBaseUrl: process.env.DINTERO_CHECKOUT_BASE_URL ?? `${sandboxUrl}/v1`,
}

/*
 * Several Medusa instances behind a load balancer share Redis: Dintero's callbacks and the
 * shopper's return land on any instance, so the payment lock, the events (the recheck after a lost
 * answer, the admin notices), the workflows' state and the cache must be shared, not per process.
 * MEDUSA_REDIS_URL switches those four modules to Redis (the two-instance test and bench set it).
 */
const redisUrl = process.env.MEDUSA_REDIS_URL || undefined
const sharedModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ]
  : []

export default defineConfig({
  // The demo (demo/run.mjs) serves the dashboard only with --serve.
  // storefrontUrl: where Medusa Admin's "Copy payment link" points ({storefront}/payment-collection/{id}).
  admin: { disable: process.env.MEDUSA_ADMIN_DISABLED === "true", storefrontUrl: process.env.MEDUSA_STOREFRONT_URL },
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // Shared sessions (admin login cookies) when several instances run behind a load balancer.
    redisUrl,
    http: {
      storeCors: process.env.STORE_CORS ?? "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS ?? "http://localhost:9000",
      authCors: process.env.AUTH_CORS ?? "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  modules: [
    ...sharedModules,
    // The plugin's own module (profile assignments). In your app it comes with the plugin entry.
    { resolve: "./src/modules/dintero-settings" },
    // Saved cards (Dintero payment tokens). In your app it comes with the plugin entry too.
    { resolve: "./src/modules/dintero-saved-cards" },
    {
      resolve: "@medusajs/medusa/payment",
      // query: the provider reads the cart behind a payment session (order lines, addresses) and
      // the amounts of Medusa's captures and refunds. locking: captures, refunds and voids run
      // under the same per-payment lock as the settlement of Dintero's callbacks.
      // dintero_saved_cards: the provider stores and removes customers' saved cards.
      dependencies: ["query", "locking", "dintero_saved_cards"],
      options: {
        providers: [
          { resolve: "./src/providers/dintero", id: "dintero", options: dinteroOptions },
          // A second Dintero provider on another payment profile (e.g. one that captures at once):
          // each provider id gets its own callback URL.
          ...(process.env.DINTERO_SECOND_PROFILE_ID
            ? [
                {
                  resolve: "./src/providers/dintero",
                  id: "second",
                  options: {
                    ...dinteroOptions,
                    profileId: process.env.DINTERO_SECOND_PROFILE_ID,
                    ...(process.env.DINTERO_SECOND_CAPTURE_ON_SHIPMENT
                      ? { captureOnShipment: process.env.DINTERO_SECOND_CAPTURE_ON_SHIPMENT }
                      : {}),
                  },
                },
              ]
            : []),
        ],
      },
    },
  ],
})
