import { buildPaymentCollectionReturnUrl } from "../checkout-urls"
import { parseDinteroOptions } from "../options"

const base = {
  accountId: "T12345678",
  clientId: "client",
  clientSecret: "secret",
  backendUrl: "https://shop.example.com",
}
const values = { paymentSessionId: "payses_1", paymentCollectionId: "pay_col_1", orderId: "order_1" }

describe("buildPaymentCollectionReturnUrl", () => {
  it("defaults to the payment link's page on the returnUrl's origin", () => {
    const options = parseDinteroOptions({ ...base, returnUrl: "https://store.example.com/checkout/return?cart_id={cart_id}" })
    expect(buildPaymentCollectionReturnUrl(options, values, undefined)).toBe("https://store.example.com/payment-collection/pay_col_1?order_id=order_1")
  })
  it("fills in the paymentCollectionReturnUrl template", () => {
    const options = parseDinteroOptions({
      ...base,
      returnUrl: "https://store.example.com/r",
      paymentCollectionReturnUrl: "https://store.example.com/pay/{payment_collection_id}?o={order_id}&s={payment_session_id}",
    })
    expect(buildPaymentCollectionReturnUrl(options, values, "")).toBe("https://store.example.com/pay/pay_col_1?o=order_1&s=payses_1")
  })
  it("takes the storefront's URL only for an allowed host", () => {
    const options = parseDinteroOptions({ ...base, allowedReturnUrlHosts: ["store.example.com"] })
    expect(buildPaymentCollectionReturnUrl(options, values, "https://store.example.com/p/1")).toBe("https://store.example.com/p/1")
    expect(() => buildPaymentCollectionReturnUrl(options, values, "https://evil.example.com/p")).toThrow(/allowedReturnUrlHosts/)
    // No template and no storefront URL: said clearly.
    expect(() => buildPaymentCollectionReturnUrl(options, values, undefined)).toThrow(/data\.return_url is required/)
  })
  it("refuses a paymentCollectionReturnUrl that is not a URL, naming the option", () => {
    expect(() => parseDinteroOptions({ ...base, returnUrl: "https://store.example.com/r", paymentCollectionReturnUrl: "not a url" })).toThrow(
      /paymentCollectionReturnUrl/
    )
  })
})
