import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Alert, Container, Heading, Skeleton, Text } from "@medusajs/ui"
import { AssignmentsSection } from "../../../components/dintero/assignments-section"
import { ConnectionSection } from "../../../components/dintero/connection-section"
import { ProfilesSection } from "../../../components/dintero/profiles-section"
import {
  errorMessage,
  useDinteroProfiles,
  useDinteroProviders,
  useDinteroStatus,
  useProfileAssignments,
  useProfileSettings,
  useScopes,
} from "../../../lib/dintero-api"

/**
 * Settings → Dintero: for each Dintero payment provider, its connection, the account's payment
 * profiles (read live from Dintero) with when their payments are captured on shipment, and which
 * profile each region and sales channel uses.
 */
const DinteroSettingsPage = () => {
  const providers = useDinteroProviders()

  return (
    <div className="flex flex-col gap-y-3" data-testid="dintero-settings">
      <Container className="px-6 py-4">
        <Heading level="h1">Dintero</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Dintero Checkout: the connection of each Dintero payment provider, the payment profile its checkouts use, per
          region and sales channel, and whether each profile&apos;s payments are captured when an order is fulfilled or shipped.
        </Text>
      </Container>
      {providers.isPending && (
        <Container className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-1/2" />
        </Container>
      )}
      {providers.isError && <Alert variant="error">Could not list the payment providers: {errorMessage(providers.error)}</Alert>}
      {providers.data && providers.data.length === 0 && (
        <Container className="px-6 py-4" data-testid="dintero-no-provider">
          <Text size="small">
            No Dintero payment provider is registered. Add <span className="font-mono">medusa-payment-dintero/providers/dintero</span> to
            the payment module&apos;s providers in medusa-config.ts.
          </Text>
        </Container>
      )}
      {providers.data?.map((provider) => (
        <ProviderSettings key={provider.id} providerId={provider.id} enabled={provider.is_enabled} showTitle={providers.data.length > 1} />
      ))}
    </div>
  )
}

const ProviderSettings = ({ providerId, enabled, showTitle }: { providerId: string; enabled: boolean; showTitle: boolean }) => {
  const status = useDinteroStatus(providerId)
  const profiles = useDinteroProfiles(providerId)
  const assignments = useProfileAssignments(providerId)
  const settings = useProfileSettings(providerId)
  const scopes = useScopes()

  return (
    <div className="flex flex-col gap-y-3" data-testid="dintero-provider" data-provider-id={providerId}>
      {showTitle && (
        <Heading level="h2" className="px-1 pt-3">
          <span className="font-mono">{providerId}</span>
        </Heading>
      )}
      {!enabled && (
        <Alert variant="warning">
          The provider <span className="font-mono">{providerId}</span> is disabled in Medusa: no region offers it.
        </Alert>
      )}
      <ConnectionSection providerId={providerId} />
      <ProfilesSection
        providerId={providerId}
        profiles={profiles}
        settings={settings}
        assignments={assignments.data}
        scopes={scopes.data}
        effectiveDefault={status.data?.default_profile_id}
      />
      <AssignmentsSection
        providerId={providerId}
        profiles={profiles.data}
        profilesUnavailable={profiles.isError}
        assignments={assignments}
        scopes={scopes.data}
        status={status.data}
      />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Dintero",
  icon: CreditCard,
})

export const handle = {
  breadcrumb: () => "Dintero",
}

export default DinteroSettingsPage
