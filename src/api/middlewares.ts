import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { CreateAssignmentBody, ListAssignmentsQuery, ProviderQuery } from "./admin/dintero/validators"

/** Admin routes of the plugin: Medusa's admin authentication applies to /admin; zod validates. */
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
  ],
})
