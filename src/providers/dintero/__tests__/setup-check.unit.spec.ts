import { asValue, createContainer } from "@medusajs/framework/awilix"
import { defineConfig } from "@medusajs/framework/utils"
import checkDinteroSetup from "../../../modules/dintero-settings/loaders/check-setup"
import { dinteroSetupProblems } from "../setup-check"

const dintero = {
  accountId: "T12345678",
  clientId: "client",
  clientSecret: "secret",
  backendUrl: "https://shop.example.com",
  returnUrl: "https://shop.example.com/checkout/dintero/return?cart_id={cart_id}",
}

/** medusa-config.ts as Medusa normalizes it (defineConfig), with this payment module entry. */
function configWith(payment: { dependencies?: string[]; providers: { resolve: string; id?: string; options?: Record<string, unknown> }[] }) {
  return defineConfig({
    projectConfig: { databaseUrl: "postgres://localhost/shop", http: { jwtSecret: "x", cookieSecret: "x" } as never },
    modules: [{ resolve: "@medusajs/medusa/payment", dependencies: payment.dependencies, options: { providers: payment.providers } }],
  })
}

const dinteroEntry = { resolve: "medusa-payment-dintero/providers/dintero", id: "dintero", options: dintero }

describe("the set-up check at boot", () => {
  it("finds nothing wrong with the README's configuration", () => {
    expect(dinteroSetupProblems(configWith({ dependencies: ["query", "locking", "dintero_saved_cards"], providers: [dinteroEntry] }))).toEqual([])
  })

  it("names what is missing without query, the Locking Module or the saved-cards module, and the fix", () => {
    const fix = 'dependencies: ["query", "locking", "dintero_saved_cards"]'
    const [withoutQuery, ...none] = dinteroSetupProblems(configWith({ dependencies: ["locking", "dintero_saved_cards"], providers: [dinteroEntry] }))
    expect(none).toEqual([])
    expect(withoutQuery).toMatch(/no access to "query".*captures and refunds are refused/)
    expect(withoutQuery).toContain(fix)
    expect(withoutQuery).toContain("{cart_id}")
    const [withoutLocking] = dinteroSetupProblems(configWith({ dependencies: ["query", "dintero_saved_cards"], providers: [dinteroEntry] }))
    expect(withoutLocking).toMatch(/Locking Module/)
    expect(withoutLocking).toContain(fix)
    const [withoutCards] = dinteroSetupProblems(configWith({ dependencies: ["query", "locking"], providers: [dinteroEntry] }))
    expect(withoutCards).toMatch(/dintero_saved_cards module: customers cannot save cards/)
    expect(withoutCards).toContain(fix)
    expect(dinteroSetupProblems(configWith({ providers: [dinteroEntry] }))).toHaveLength(3)
  })

  it("says so when the plugin is registered but no Dintero provider is (or only one with another provider's options)", () => {
    const stripe = { resolve: "@medusajs/medusa/payment-stripe", id: "stripe", options: { apiKey: "sk_test" } }
    const [problem] = dinteroSetupProblems(configWith({ dependencies: ["query", "locking"], providers: [stripe] }))
    expect(problem).toContain('add { resolve: "medusa-payment-dintero/providers/dintero"')
  })

  it("is reported by the plugin module's loader through Medusa's logger", async () => {
    const warnings: string[] = []
    const container = createContainer()
    container.register({
      configModule: asValue(configWith({ dependencies: ["locking", "dintero_saved_cards"], providers: [dinteroEntry] })),
      logger: asValue({ warn: (message: string) => warnings.push(message) }),
    })
    await checkDinteroSetup({ container } as never)
    expect(warnings).toEqual([expect.stringMatching(/^Dintero: the payment module has no access to "query"/)])
  })
})
