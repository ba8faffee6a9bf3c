import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { seedNorwegianStore } from "./norwegian-store"

/**
 * `medusa exec ./demo/seed.ts`: the demo store (NOK, 25 % VAT, products, shipping, Dintero enabled
 * in the region) and an admin user. Prints one line `DEMO_SEED <json>` for demo/run.mjs.
 * DEMO_PAYMENT_PROVIDERS (comma-separated provider ids, default pp_dintero_dintero) says which
 * payment providers the region offers, for apps configured with more than one.
 */
export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const email = process.env.DEMO_ADMIN_EMAIL ?? "admin@example.com"
  const password = process.env.DEMO_ADMIN_PASSWORD ?? "supersecret"

  const providers = (process.env.DEMO_PAYMENT_PROVIDERS || "pp_dintero_dintero").split(",").map((id) => id.trim()).filter(Boolean)
  const store = await seedNorwegianStore(container, providers)

  const { result: [user] } = await createUsersWorkflow(container).run({ input: { users: [{ email, first_name: "Demo", last_name: "Admin" }] } })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (error || !authIdentity) throw new Error(`Could not create the admin login: ${error}`)
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })

  logger.info("Demo store seeded")
  console.log(
    `DEMO_SEED ${JSON.stringify({
      publishableKey: store.publishableKey,
      regionId: store.region.id,
      salesChannelId: store.salesChannel.id,
      shippingOptionId: store.shippingOption.id,
      variants: { sweater: store.sweater.id, coffee: store.coffee.id },
      admin: { email, password },
    })}`
  )
}
