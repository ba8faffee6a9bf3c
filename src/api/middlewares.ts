import { authenticate, defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { ChargeSavedCardBody, CreateAssignmentBody, ListAssignmentsQuery, ProfileSettingBody, ProviderQuery, SavedCardsQuery } from "./admin/dintero/validators"
import { CompleteCardSaveBody, CompletePaymentCollectionBody, ExpressReturnBody, PaymentMethodsQuery, StartCardSaveBody } from "./store/dintero/validators"

/**
 * The plugin's routes: Medusa's admin authentication applies to /admin, its publishable key
 * check to /store; zod validates.
 */
export default defineMiddlewares({
  routes: [
    { matcher: "/admin/dintero/profiles", methods: ["GET"], middlewares: [validateAndTransformQuery(ProviderQuery, {})] },
    { matcher: "/admin/dintero/status", methods: ["GET"], middlewares: [validateAndTransformQuery(ProviderQuery, {})] },
    {
      matcher: "/admin/dintero/profile-assignments",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ListAssignmentsQuery, {})],
    },
    {
      matcher: "/admin/dintero/profile-assignments",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(CreateAssignmentBody)],
    },
    { matcher: "/admin/dintero/profile-settings", methods: ["GET"], middlewares: [validateAndTransformQuery(ProviderQuery, {})] },
    { matcher: "/admin/dintero/profile-settings", methods: ["POST"], middlewares: [validateAndTransformBody(ProfileSettingBody)] },
    {
      matcher: "/admin/dintero/payment-collections/:id/charge-saved-card",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(ChargeSavedCardBody)],
    },
    { matcher: "/admin/dintero/saved-cards", methods: ["GET"], middlewares: [validateAndTransformQuery(SavedCardsQuery, {})] },
    {
      matcher: "/store/dintero/payment-collections/:id/complete",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(CompletePaymentCollectionBody)],
    },
    { matcher: "/store/dintero/carts/:id/express", methods: ["POST"], middlewares: [validateAndTransformBody(ExpressReturnBody)] },
    // Saved cards: the logged-in customer's own only.
    {
      matcher: "/store/dintero/payment-methods",
      methods: ["GET"],
      middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformQuery(PaymentMethodsQuery, {})],
    },
    {
      matcher: "/store/dintero/payment-methods",
      methods: ["POST"],
      middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(StartCardSaveBody)],
    },
    {
      matcher: "/store/dintero/payment-methods/complete",
      methods: ["POST"],
      middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(CompleteCardSaveBody)],
    },
    { matcher: "/store/dintero/payment-methods/:id", methods: ["DELETE"], middlewares: [authenticate("customer", ["session", "bearer"])] },
  ],
})
