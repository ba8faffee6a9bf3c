import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createProductTypesWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRatesWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

/**
 * A small Norwegian store: NOK, VAT 25 % (15 % for food), two products, flat-rate shipping,
 * a 10 % promotion, Dintero enabled in the region. What a merchant sets up in the admin.
 */
export async function seedNorwegianStore(container: MedusaContainer, paymentProviders: string[] = ["pp_dintero_dintero"]) {
  const link = container.resolve(ContainerRegistrationKeys.LINK)

  const { result: [salesChannel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web shop" }] },
  })
  const { result: [apiKey] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "test" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })

  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Norway", currency_code: "nok", countries: ["no"], automatic_taxes: true, payment_providers: paymentProviders },
      ],
    },
  })

  const { result: [foodType] } = await createProductTypesWorkflow(container).run({
    input: { product_types: [{ value: "food" }] },
  })
  const { result: [taxRegion] } = await createTaxRegionsWorkflow(container).run({
    input: [{ country_code: "no", provider_id: "tp_system", default_tax_rate: { name: "MVA", code: "MVA25", rate: 25 } }],
  })
  await createTaxRatesWorkflow(container).run({
    input: [
      {
        tax_region_id: taxRegion.id,
        name: "MVA food",
        code: "MVA15",
        rate: 15,
        rules: [{ reference: "product_type", reference_id: foodType.id }],
      },
    ],
  })

  const { result: [stockLocation] } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Oslo warehouse", address: { city: "Oslo", country_code: "NO", address_1: "Storgata 1" } }] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: stockLocation.id, add: [salesChannel.id] } })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  const { result: [shippingProfile] } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Oslo delivery",
    type: "shipping",
    service_zones: [{ name: "Norway", geo_zones: [{ country_code: "no", type: "country" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  const { result: [shippingOption] } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Posten home delivery",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: "Standard", description: "2-4 days", code: "standard" },
        prices: [{ currency_code: "nok", amount: 49 }],
        rules: [],
      },
    ],
  })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Wool sweater",
          status: "published",
          shipping_profile_id: shippingProfile.id,
          sales_channels: [{ id: salesChannel.id }],
          options: [{ title: "Size", values: ["M"] }],
          variants: [
            { title: "M", sku: "SWEATER-M", manage_inventory: false, options: { Size: "M" }, prices: [{ currency_code: "nok", amount: 599 }] },
          ],
        },
        {
          title: "Coffee beans",
          status: "published",
          type_id: foodType.id,
          shipping_profile_id: shippingProfile.id,
          sales_channels: [{ id: salesChannel.id }],
          options: [{ title: "Weight", values: ["250 g"] }],
          variants: [
            { title: "250 g", sku: "COFFEE-250", manage_inventory: false, options: { Weight: "250 g" }, prices: [{ currency_code: "nok", amount: 129.9 }] },
          ],
        },
      ],
    },
  })

  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: "TENOFF",
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10, currency_code: "nok" },
        },
      ],
    },
  })

  return {
    region,
    salesChannel,
    publishableKey: apiKey.token,
    shippingOption,
    stockLocation,
    sweater: products[0].variants[0],
    coffee: products[1].variants[0],
  }
}
