import { configuredDinteroProviders, configuredDinteroProvider } from "../configured"

/** The app's configuration as Medusa resolves it (`configModule`), with a logger. */
function appWith(providers: { resolve: string; id?: string; options?: Record<string, unknown> }[]) {
  const registrations: Record<string, unknown> = {
    configModule: { modules: { payment: { options: { providers } } } },
    logger: { warn: () => undefined },
  }
  return { resolve: (key: string) => registrations[key] } as never
}

const dintero = {
  accountId: "T12345678",
  clientId: "client",
  clientSecret: "secret",
  backendUrl: "https://shop.example.com",
  returnUrl: "https://shop.example.com/return?cart_id={cart_id}",
}

describe("the Dintero providers the callback route, the workflows and the job talk to", () => {
  it("are found by id, parsed as the provider parses them: an empty optional option is unset", () => {
    const app = appWith([
      { resolve: "medusa-payment-dintero/providers/dintero", id: "dintero", options: { ...dintero, profileId: "", signatureSecret: "" } },
      { resolve: "@medusajs/medusa/payment-stripe", id: "stripe", options: { apiKey: "sk_test" } },
    ])
    const [provider, ...others] = configuredDinteroProviders(app)
    expect(others).toEqual([])
    expect(provider).toMatchObject({ providerId: "pp_dintero_dintero", options: { profileId: "default" } })
    expect(provider.options.signatureSecret).toBeUndefined()
    expect(configuredDinteroProvider(app, "pp_dintero_dintero")).toBe(provider) // parsed once, then reused
    expect(configuredDinteroProvider(app, "pp_dintero_stripe")).toBeUndefined()
    expect(configuredDinteroProvider(app, "pp_stripe_stripe")).toBeUndefined()
  })
})
