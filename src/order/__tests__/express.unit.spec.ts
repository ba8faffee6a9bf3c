import { expressAnswer, expressShippingOptions, toMedusaAddress, type CartInput } from ".."

const mva = [{ rate: 25, code: "MVA25" }]
const cart: CartInput & { total: number } = {
  currency_code: "nok",
  total: 748.75 + 61.25,
  items: [{ id: "cali_1", title: "Wool sweater", quantity: 1, unit_price: 599, tax_lines: mva, adjustments: [] }],
  shipping_methods: [{ id: "casm_1", shipping_option_id: "so_home", name: "Home delivery", amount: 49, tax_lines: mva, adjustments: [] }],
}
const offers = [
  { id: "so_home", name: "Home delivery", amount: 49, is_tax_inclusive: false, tax_lines: mva },
  { id: "so_pickup", name: "Pickup point", amount: 29, is_tax_inclusive: false, tax_lines: mva, fulfillment_type: "pickup" },
  { id: "so_incl", name: "Courier", amount: 125, is_tax_inclusive: true, tax_lines: mva },
]

describe("Express shipping options and answers", () => {
  it("prices every option as the cart's shipping line would be with it (VAT added or included), pickup as pick_up", () => {
    const options = expressShippingOptions(cart, offers, "NOK")
    expect(options.map((o) => [o.id, o.line_id, o.amount, o.vat_amount, o.delivery_method])).toEqual([
      ["so_home", "so_home", 6125, 1225, undefined],
      ["so_pickup", "so_pickup", 3625, 725, "pick_up"],
      ["so_incl", "so_incl", 12500, 2500, undefined],
    ])
  })

  it("answers the cart total, the items without the shipping, so that items + the chosen option is the total", () => {
    const answer = expressAnswer(cart, expressShippingOptions(cart, offers, "NOK"), "NOK", ["TENOFF"])
    expect(answer.order!.amount).toBe(81000)
    expect(answer.order!.items!.map((item) => item.line_id)).toEqual(["cali_1"])
    const chosen = answer.shipping_options.find((o) => o.id === "so_home")!
    expect(answer.order!.items!.reduce((sum, item) => sum + item.amount, 0) + chosen.amount).toBe(answer.order!.amount)
    expect(answer.order!.discount_codes).toEqual(["TENOFF"])
  })

  it("takes the option on the cart from its own line, shipping promotions included", () => {
    const discounted = { ...cart, total: 748.75 + 61.25 - 12.25, shipping_methods: [{ ...cart.shipping_methods![0]!, adjustments: [{ amount: 9.8 }] }] }
    const [home] = expressShippingOptions(discounted, offers, "NOK")
    expect(home!.amount).toBe(6125 - 1225)
  })

  it("turns a Dintero address into a Medusa address, the organization number into metadata", () => {
    expect(toMedusaAddress({ country: "NO", postal_code: "0155", address_line: "Storgata 1", postal_place: "Oslo", business_name: "AS", organization_number: "987654321" })).toEqual({
      first_name: undefined,
      last_name: undefined,
      address_1: "Storgata 1",
      address_2: undefined,
      company: "AS",
      postal_code: "0155",
      city: "Oslo",
      country_code: "no",
      phone: undefined,
      metadata: { organization_number: "987654321" },
    })
    expect(toMedusaAddress({ postal_code: "0155" })).toBeUndefined()
  })
})
