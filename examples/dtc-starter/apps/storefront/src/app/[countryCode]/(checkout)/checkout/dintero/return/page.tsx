import { searchParamsToQuery } from "@lib/dintero"
import DinteroReturn from "@modules/checkout/components/dintero-return"

/*
 * The page Dintero sends the shopper back to. Set the provider's `returnUrl` option to
 * https://your-shop/{country}/checkout/dintero/return?cart_id={cart_id}
 * ({cart_id} is filled in by the plugin; Dintero adds transaction_id, merchant_reference, error).
 */
type Props = {
  params: Promise<{ countryCode: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const metadata = { title: "Confirming your payment" }

export default async function DinteroReturnPage(props: Props) {
  const { countryCode } = await props.params
  return <DinteroReturn countryCode={countryCode} search={searchParamsToQuery(await props.searchParams)} />
}
