/** A Dintero order for sandbox tests: 29990 + 9980 for two lines, 3900 shipping: amount 43870, VAT 25 %. */
export const SAMPLE_ORDER = {
  amount: 43870,
  currency: "NOK",
  merchant_reference: "order-1",
  vat_amount: 8774,
  items: [
    { id: "sku-chair", line_id: "1", description: "Chair", quantity: 1, amount: 29990, vat_amount: 5998, vat: 25 },
    { id: "sku-cup", line_id: "2", description: "Cup", quantity: 2, amount: 9980, vat_amount: 1996, vat: 25 },
  ],
  shipping_option: { id: "standard", line_id: "shipping", amount: 3900, vat_amount: 780, vat: 25, title: "Standard", operator: "Bring" },
}
