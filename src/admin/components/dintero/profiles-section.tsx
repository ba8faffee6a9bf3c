import { Alert, Badge, Container, Heading, Select, Skeleton, Table, Text, toast } from "@medusajs/ui"
import {
  type ApiError,
  type CaptureOnShipmentSetting,
  type DinteroProfile,
  errorMessage,
  isDinteroUnavailable,
  type ProfileAssignment,
  type ProfileSettings,
  useSaveProfileSetting,
} from "../../lib/dintero-api"
import { DinteroError } from "./dintero-error"
import { scopeLabel, type Scopes } from "./scopes"

type CaptureMode = Exclude<CaptureOnShipmentSetting, "inherit">

type SettingsQuery = {
  data?: ProfileSettings
  error: unknown
  isPending: boolean
  isError: boolean
}

/** A capture mode in words, as the provider option's label and the toasts say it. */
const MODE_WORDS: Record<CaptureMode, string> = {
  off: "off",
  fulfillment: "when a fulfillment is created",
  shipment: "when shipped",
}

/** What the payments of a profile do with the mode, for the toast of a save. */
const MODE_EFFECT: Record<CaptureMode, string> = {
  off: "are captured from the admin only",
  fulfillment: "capture each fulfillment's lines at Dintero when the fulfillment is created",
  shipment: "capture each fulfillment's lines at Dintero when it is marked as shipped",
}

/** The message of a failed save: Dintero unreachable is said plainly (and nothing was saved). */
function saveErrorText(error: ApiError): string {
  const message = errorMessage(error)
  if (isDinteroUnavailable(error) && !/could not be reached/i.test(message)) return `Dintero could not be reached, nothing was saved: ${message}`
  return message
}

type ProfilesQuery = {
  data?: DinteroProfile[]
  error: unknown
  isPending: boolean
  isError: boolean
  isFetching: boolean
  refetch: () => unknown
}

/**
 * The account's payment profiles, live from Dintero, with where each one is used and when its
 * payments are captured on shipment (saved as soon as it is changed).
 */
export const ProfilesSection = ({
  providerId,
  profiles,
  settings,
  assignments,
  scopes,
  effectiveDefault,
}: {
  providerId: string
  profiles: ProfilesQuery
  settings: SettingsQuery
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
          methods the checkout offers and whether payments are captured at once. Capture on shipment: whether the payments made
          with a profile capture each fulfillment&apos;s lines at Dintero when it is created or shipped, or only from the admin.
        </Text>
      </div>
      {settings.isError && (
        <div className="px-6 py-4">
          <Alert variant="error" data-testid="dintero-profile-settings-error">
            Could not load the capture on shipment settings: {errorMessage(settings.error)}
          </Alert>
        </div>
      )}
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
              <Table.HeaderCell>Capture on shipment</Table.HeaderCell>
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
                <Table.Cell>
                  <CaptureOnShipmentSelect providerId={providerId} profileId={profile.id} settings={settings} />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

/** One profile's capture on shipment: its own setting, or "inherit" (the provider's option). */
const CaptureOnShipmentSelect = ({ providerId, profileId, settings }: { providerId: string; profileId: string; settings: SettingsQuery }) => {
  const save = useSaveProfileSetting(providerId)
  const option = settings.data?.option_capture_on_shipment
  const stored = settings.data?.profile_settings.find((setting) => setting.profile_id === profileId)?.capture_on_shipment ?? "inherit"
  const value = save.isPending ? save.variables?.capture_on_shipment : settings.data ? stored : undefined
  const providerOption = option ? `Provider option (${MODE_WORDS[option]})` : "Provider option"

  const onChange = (next: string) =>
    save.mutate(
      { provider_id: providerId, profile_id: profileId, capture_on_shipment: next as CaptureOnShipmentSetting },
      {
        onSuccess: (saved) =>
          toast.success("Capture on shipment saved", {
            description: `Payments made with "${profileId}" ${MODE_EFFECT[saved.effective_capture_on_shipment]}${
              saved.capture_on_shipment === "inherit" ? " (the provider option)" : ""
            }.`,
          }),
      }
    )

  return (
    <div className="py-2">
      <Select size="small" value={value ?? ""} onValueChange={onChange} disabled={!settings.data || save.isPending}>
        <Select.Trigger
          data-testid="dintero-capture-on-shipment"
          data-profile-id={profileId}
          aria-label={`Capture on shipment of ${profileId}`}
          aria-invalid={save.isError ? true : undefined}
          className="min-w-[240px]"
        >
          <Select.Value placeholder={settings.isError ? "Unavailable" : "Loading…"} />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value="inherit">{providerOption}</Select.Item>
          <Select.Item value="off">Off (capture in the admin)</Select.Item>
          <Select.Item value="fulfillment">When a fulfillment is created</Select.Item>
          <Select.Item value="shipment">When shipped</Select.Item>
        </Select.Content>
      </Select>
      {save.error && (
        <Text
          size="xsmall"
          leading="compact"
          className="text-ui-fg-error mt-1 max-w-[360px]"
          data-testid="dintero-capture-on-shipment-error"
          data-unavailable={isDinteroUnavailable(save.error) ? "true" : "false"}
        >
          {saveErrorText(save.error)}
        </Text>
      )}
    </div>
  )
}
