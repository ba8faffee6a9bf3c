import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  // The plugin: Dintero's callback route, the reconciliation job, the payment profile settings
  // (Settings → Dintero) and the Dintero panel on the order page.
  plugins: [{ resolve: "medusa-payment-dintero", options: {} }],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      // query: the provider reads the cart behind a payment session (order lines, addresses) and
      // the amounts of Medusa's captures and refunds. locking: captures, refunds and voids run
      // under the same per-payment lock as the settlement of Dintero's callbacks.
      // dintero_saved_cards (the plugin's module): customers' saved cards. All three required.
      dependencies: ["query", "locking", "dintero_saved_cards"],
      options: {
        providers: [
          {
            resolve: "medusa-payment-dintero/providers/dintero",
            id: "dintero", // → provider id pp_dintero_dintero
            options: {
              accountId: process.env.DINTERO_ACCOUNT_ID,
              clientId: process.env.DINTERO_CLIENT_ID,
              clientSecret: process.env.DINTERO_CLIENT_SECRET,
              profileId: process.env.DINTERO_PROFILE_ID,
              backendUrl: process.env.MEDUSA_BACKEND_URL,
              returnUrl: process.env.DINTERO_RETURN_URL,
              signatureSecret: process.env.DINTERO_SIGNATURE_SECRET,
              // Unset in production; the sandbox's URL in development ("The Dintero sandbox").
              apiBaseUrl: process.env.DINTERO_API_BASE_URL,
              checkoutBaseUrl: process.env.DINTERO_CHECKOUT_BASE_URL,
            },
          },
        ],
      },
    },
  ],
})
