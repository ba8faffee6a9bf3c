import { buildDinteroOrder, toE123Phone, toOrderAddress, toSessionCustomer, type CartInput } from ".."
import { lineItem } from "./fixtures"

describe("toE123Phone", () => {
  it.each([
    ["+47 912 34 567", undefined, "+4791234567"],
    ["912 34 567", "no", "+4791234567"],
    ["0047 91234567", undefined, "+4791234567"],
    ["+46 70-123 45 67", undefined, "+46701234567"],
    ["070-123 45 67", "SE", "+46701234567"],
    ["0046 70 123 45 67", "de", "+46701234567"],
    ["040 123 456", "fi", "+35840123456"],
    ["+44 (0)20 7946 0958", undefined, "+442079460958"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["(555) 123-4567", "us", "+15551234567"],
    ["1 555 123 4567", "US", "+15551234567"],
    ["0151 12345678", "DE", "+4915112345678"],
    ["20 12 34 56", "DK", "+4520123456"],
  ])("%s (country %s) → %s", (raw, country, expected) => {
    expect(toE123Phone(raw, country)).toBe(expected)
  })

  it.each([
    ["91234567", undefined], // national number, country unknown
    ["91234567", "ZZ"], // country without a known calling code
    ["", "NO"],
    [null, "NO"],
    ["+47 12", undefined], // too short
    ["+47 1234 5678 9012 3456", undefined], // longer than E.164 allows
    ["call me", "NO"],
    ["+0 123 456 789", undefined],
  ])("omits %p (country %s) rather than sending an invalid number", (raw, country) => {
    expect(toE123Phone(raw, country)).toBeUndefined()
  })
})

describe("addresses and customer", () => {
  const oslo = {
    first_name: " Kari ",
    last_name: "Nordmann",
    company: null,
    address_1: "Storgata 1",
    address_2: "",
    city: "Oslo",
    postal_code: "0155",
    province: null,
    country_code: "no",
    phone: "912 34 567",
  }

  it("maps a guest cart: cart email and addresses, no customer id for Medusa's guest customer", () => {
    const cart: CartInput = {
      currency_code: "nok",
      email: " kari@example.no ",
      customer_id: "cus_guest",
      customer: { id: "cus_guest", email: "kari@example.no", phone: null, has_account: false },
      items: [lineItem("a", 100, 1, [25])],
      shipping_address: oslo,
      billing_address: null,
    }

    const { order, customer } = buildDinteroOrder(cart, { amount: 12500, currency: "NOK" })

    expect(customer).toEqual({ email: "kari@example.no", phone_number: "+4791234567" })
    expect(order.shipping_address).toEqual({
      first_name: "Kari",
      last_name: "Nordmann",
      address_line: "Storgata 1",
      postal_code: "0155",
      postal_place: "Oslo",
      country: "NO",
      phone_number: "+4791234567",
      email: "kari@example.no",
    })
    expect(order.billing_address).toBeUndefined()
  })

  it("maps a logged-in customer: customer id, account phone, business billing address", () => {
    const cart: CartInput = {
      currency_code: "sek",
      email: "anna@example.se",
      customer_id: "cus_01",
      customer: { id: "cus_01", email: "anna@example.se", phone: "070-123 45 67", has_account: true },
      items: [lineItem("a", 100, 1, [25])],
      shipping_address: { ...oslo, first_name: "Anna", last_name: "Svensson", country_code: "se", phone: null },
      billing_address: {
        first_name: "Anna",
        last_name: "Svensson",
        company: "Svensson AB",
        address_1: "Drottninggatan 5",
        address_2: "3 tr",
        city: "Stockholm",
        postal_code: "111 51",
        country_code: "se",
        phone: "08-123 456 78",
      },
    }

    const { customer, order } = buildDinteroOrder(cart, { amount: 12500, currency: "SEK" })

    expect(customer).toEqual({ customer_id: "cus_01", email: "anna@example.se", phone_number: "+46701234567" })
    expect(order.billing_address).toEqual({
      first_name: "Anna",
      last_name: "Svensson",
      business_name: "Svensson AB",
      address_line: "Drottninggatan 5",
      address_line_2: "3 tr",
      postal_code: "111 51",
      postal_place: "Stockholm",
      country: "SE",
      phone_number: "+46812345678",
      email: "anna@example.se",
    })
    expect(order.shipping_address).not.toHaveProperty("phone_number")
  })

  it("falls back to the billing then the shipping address phone, and the customer email", () => {
    expect(
      toSessionCustomer({
        customer_id: "cus_01",
        customer: { email: "per@example.no" },
        shipping_address: { country_code: "no", phone: "+47 41 00 00 00" },
        billing_address: { country_code: "no", phone: "not a phone" },
      }),
    ).toEqual({ customer_id: "cus_01", email: "per@example.no", phone_number: "+4741000000" })
  })

  it("omits what is empty or invalid, and the whole customer when nothing is known", () => {
    expect(toSessionCustomer({})).toBeUndefined()
    expect(toSessionCustomer({ email: "not-an-email", shipping_address: { phone: "91234567" } })).toBeUndefined()
    expect(toOrderAddress({ first_name: " ", country_code: "norway", phone: "" }, "a@example.com")).toBeUndefined()
    expect(toOrderAddress(null, "a@example.com")).toBeUndefined()
    expect(toOrderAddress({ city: "Bergen", country_code: "NOR" })).toEqual({ postal_place: "Bergen" })
  })
})
