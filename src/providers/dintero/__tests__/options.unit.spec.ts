import { DinteroProviderService } from "../service"

const valid = {
  accountId: "T12345678",
  clientId: "client",
  clientSecret: "secret",
  backendUrl: "https://shop.example.com",
  returnUrl: "https://shop.example.com/checkout/dintero/return?cart_id={cart_id}",
}

const validate = (options: Record<string, unknown>) => () => DinteroProviderService.validateOptions(options)

describe("provider options", () => {
  it("accepts a minimal valid configuration and fills the defaults", () => {
    expect(validate(valid)).not.toThrow()
  })

  it.each([
    [{ accountId: undefined }, 'option "accountId" is required (your Dintero account id, e.g. T12345678)'],
    [{ accountId: "12345678" }, 'option "accountId" must be T (test) or P (production) followed by 8 digits'],
    [{ accountId: "X12345678" }, 'option "accountId" must be T (test) or P (production)'],
    [{ clientId: "" }, 'option "clientId" is empty (is its environment variable set but empty?)'],
    [{ accountId: " ", clientSecret: "" }, 'option "accountId" is empty (is its environment variable set but empty?); option "clientSecret" is empty'],
    [{ clientSecret: undefined }, 'option "clientSecret" is required'],
    [{ backendUrl: "not a url" }, 'option "backendUrl" must be an absolute URL'],
    [{ returnUrl: undefined }, 'option "returnUrl" is required'],
    [{ requestTimeoutMs: 10 }, 'option "requestTimeoutMs"'],
    [{ callbackDelaySeconds: 120 }, 'option "callbackDelaySeconds"'],
    [{ accountId: "P12345678", backendUrl: "http://shop.example.com" }, 'option "backendUrl" must be an https:// URL for a production (P) account'],
    [{ clientSecre: "typo" }, 'unknown option "clientSecre"'],
  ])("rejects %j naming the option", (change, message) => {
    expect(validate({ ...valid, ...change })).toThrow(message)
    expect(validate({ ...valid, ...change })).toThrow("Invalid options for the Dintero payment provider")
  })

  it("takes an empty string as unset for an optional option: its default applies", () => {
    expect(DinteroProviderService.validateOptions({ ...valid, profileId: "", signatureSecret: "", apiBaseUrl: "" })).toBeUndefined()
    const provider = new DinteroProviderService({}, { ...valid, profileId: "", signatureSecret: "" })
    expect(provider.pluginOptions.profileId).toBe("default")
    expect(provider.pluginOptions.signatureSecret).toBeUndefined()
  })

  it("accepts an allow-list of storefront return hosts instead of a return URL", () => {
    expect(validate({ ...valid, returnUrl: undefined, allowedReturnUrlHosts: ["shop.example.com"] })).not.toThrow()
  })

  it("never echoes the client secret in its error", () => {
    const attempt = () => DinteroProviderService.validateOptions({ ...valid, accountId: "bad", clientSecret: "super-secret-value" })
    expect(attempt).toThrow()
    try {
      attempt()
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("super-secret-value")
    }
  })
})
