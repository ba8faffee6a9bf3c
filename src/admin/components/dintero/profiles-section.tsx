import { Badge, Container, Heading, Skeleton, Table, Text } from "@medusajs/ui"
import type { DinteroProfile, ProfileAssignment } from "../../lib/dintero-api"
import { DinteroError } from "./dintero-error"
import { scopeLabel, type Scopes } from "./scopes"

type ProfilesQuery = {
  data?: DinteroProfile[]
  error: unknown
  isPending: boolean
  isError: boolean
  isFetching: boolean
  refetch: () => unknown
}

/** The account's payment profiles, live from Dintero, with where each one is used. */
export const ProfilesSection = ({
  profiles,
  assignments,
  scopes,
  effectiveDefault,
}: {
  profiles: ProfilesQuery
  assignments: ProfileAssignment[] | undefined
  scopes: Scopes | undefined
  effectiveDefault: string | undefined
}) => {
  const usedFor = (profileId: string) => {
    const labels = (assignments ?? [])
      .filter((a) => a.profile_id === profileId && (a.region_id || a.sales_channel_id))
      .map((a) => scopeLabel(a, scopes).name)
    return effectiveDefault === profileId ? ["Default", ...labels] : labels
  }

  return (
    <Container className="divide-y p-0" data-testid="dintero-profiles">
      <div className="px-6 py-4">
        <Heading level="h2">Payment profiles</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          The payment profiles of the Dintero account (Backoffice → Settings → Payment profiles). A profile decides the payment
          methods the checkout offers and whether payments are captured at once.
        </Text>
      </div>
      {profiles.isPending && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-full" />
        </div>
      )}
      {profiles.isError && (
        <div className="px-6 py-4">
          <DinteroError
            error={profiles.error}
            what="the payment profiles"
            onRetry={() => profiles.refetch()}
            retrying={profiles.isFetching}
            testId="dintero-profiles-error"
          />
        </div>
      )}
      {profiles.data && profiles.data.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          The account has no payment profile. Create one in Dintero Backoffice.
        </Text>
      )}
      {profiles.data && profiles.data.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Profile id</Table.HeaderCell>
              <Table.HeaderCell>Description</Table.HeaderCell>
              <Table.HeaderCell>Used for</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {profiles.data.map((profile) => (
              <Table.Row key={profile.id} data-testid="dintero-profile-row" data-profile-id={profile.id}>
                <Table.Cell className="font-mono">{profile.id}</Table.Cell>
                <Table.Cell>{profile.description ?? "-"}</Table.Cell>
                <Table.Cell>
                  <div className="flex flex-wrap gap-1 py-2">
                    {usedFor(profile.id).map((label) => (
                      <Badge key={label} size="2xsmall">
                        {label}
                      </Badge>
                    ))}
                  </div>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}
