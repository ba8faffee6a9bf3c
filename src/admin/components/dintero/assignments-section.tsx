import { Trash } from "@medusajs/icons"
import { Alert, Badge, Button, Container, Heading, IconButton, Label, Select, Skeleton, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import {
  type ApiError,
  type DinteroProfile,
  type DinteroStatus,
  errorMessage,
  isDinteroUnavailable,
  type ProfileAssignment,
  useDeleteAssignment,
  useSaveAssignment,
} from "../../lib/dintero-api"
import { ProfileSelect } from "./profile-select"
import { fieldOfError, scopeBody, scopeKey, scopeLabel, type Scopes, sortAssignments } from "./scopes"

type Props = {
  providerId: string
  profiles: DinteroProfile[] | undefined
  profilesUnavailable: boolean
  assignments: { data?: ProfileAssignment[]; isPending: boolean; isError: boolean; error: unknown }
  scopes: Scopes | undefined
  status: DinteroStatus | undefined
}

/** The message of a failed save: Dintero unreachable is said plainly (and nothing was saved). */
function saveErrorText(error: ApiError): string {
  const message = errorMessage(error)
  if (isDinteroUnavailable(error) && !/could not be reached/i.test(message)) return `Dintero could not be reached, nothing was saved: ${message}`
  return message
}

/**
 * Which payment profile a checkout uses: the one of its sales channel, else of its region, else
 * the provider's default. Each row saves as soon as its profile is changed; new region or sales
 * channel assignments are added below the table.
 */
export const AssignmentsSection = ({ providerId, profiles, profilesUnavailable, assignments, scopes, status }: Props) => {
  const list = assignments.data ?? []
  const defaultAssignment = list.find((a) => !a.region_id && !a.sales_channel_id)
  const overrides = sortAssignments(
    list.filter((a) => a.region_id || a.sales_channel_id),
    scopes
  )
  const editable = !!profiles && !profilesUnavailable

  return (
    <Container className="divide-y p-0" data-testid="dintero-assignments">
      <div className="px-6 py-4">
        <Heading level="h2">Profile assignments</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          A checkout uses the profile assigned to its sales channel, else the one of its region, else the default. Changes apply to
          new payment sessions. Express: the shopper gives the address and picks the shipping in Dintero's checkout (one click with
          Vipps, Apple Pay or Google Pay).
        </Text>
      </div>
      {!editable && !assignments.isPending && (
        <div className="px-6 py-4">
          <Alert variant="warning" data-testid="dintero-assignments-readonly">
            The payment profiles could not be read from Dintero, so no profile can be chosen right now. Checkouts keep using the
            profiles below.
          </Alert>
        </div>
      )}
      {assignments.isPending && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-full" />
        </div>
      )}
      {assignments.isError && (
        <div className="px-6 py-4">
          <Alert variant="error">Could not load the profile assignments: {errorMessage(assignments.error)}</Alert>
        </div>
      )}
      {assignments.data && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Applies to</Table.HeaderCell>
              <Table.HeaderCell>Payment profile</Table.HeaderCell>
              <Table.HeaderCell>Express</Table.HeaderCell>
              <Table.HeaderCell className="w-px" />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {overrides.map((assignment) => (
              <AssignmentRow
                key={assignment.id}
                providerId={providerId}
                assignment={assignment}
                profiles={profiles}
                editable={editable}
                scopes={scopes}
              />
            ))}
            <DefaultRow
              providerId={providerId}
              assignment={defaultAssignment}
              profiles={profiles}
              editable={editable}
              status={status}
            />
          </Table.Body>
        </Table>
      )}
      {assignments.data && editable && (
        <AddAssignment providerId={providerId} profiles={profiles ?? []} assigned={new Set(overrides.map(scopeKey))} scopes={scopes} />
      )}
    </Container>
  )
}

const ScopeCell = ({ kind, name, missing, hint }: { kind: string; name: string; missing?: boolean; hint?: string }) => (
  <div className="flex flex-col gap-y-0.5 py-2">
    <div className="flex items-center gap-x-2">
      <Badge size="2xsmall" color={kind === "Sales channel" ? "purple" : kind === "Region" ? "blue" : "grey"}>
        {kind}
      </Badge>
      <Text size="small" leading="compact" weight="plus">
        {name}
      </Text>
      {missing && (
        <Badge size="2xsmall" color="red">
          deleted
        </Badge>
      )}
    </div>
    {hint && (
      <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
        {hint}
      </Text>
    )}
  </div>
)

const RowError = ({ error }: { error: ApiError | null }) =>
  error ? (
    <Text size="xsmall" leading="compact" className="text-ui-fg-error mt-1 max-w-[360px]" data-testid="dintero-row-error">
      {saveErrorText(error)}
    </Text>
  ) : null

function useRemove(providerId: string) {
  const prompt = usePrompt()
  const remove = useDeleteAssignment(providerId)
  const run = async (assignment: ProfileAssignment, title: string, description: string) => {
    const confirmed = await prompt({ title, description, confirmText: "Remove", cancelText: "Cancel", variant: "danger" })
    if (!confirmed) return
    remove.mutate(assignment.id, {
      onSuccess: () => toast.success("Assignment removed"),
      onError: (error) => toast.error("Could not remove the assignment", { description: errorMessage(error) }),
    })
  }
  return { run, isPending: remove.isPending }
}

const AssignmentRow = ({
  providerId,
  assignment,
  profiles,
  editable,
  scopes,
}: {
  providerId: string
  assignment: ProfileAssignment
  profiles: DinteroProfile[] | undefined
  editable: boolean
  scopes: Scopes | undefined
}) => {
  const save = useSaveAssignment(providerId)
  const remove = useRemove(providerId)
  const label = scopeLabel(assignment, scopes)
  const value = save.isPending ? save.variables?.profile_id : assignment.profile_id

  return (
    <Table.Row data-testid="dintero-assignment-row" data-scope={scopeKey(assignment)} data-profile-id={assignment.profile_id}>
      <Table.Cell>
        <ScopeCell kind={label.kind} name={label.name} missing={label.missing} />
      </Table.Cell>
      <Table.Cell>
        <div className="py-2">
          <ProfileSelect
            value={value}
            profiles={profiles}
            disabled={!editable || save.isPending}
            invalid={save.isError}
            testId="dintero-assignment-profile"
            onChange={(profileId) =>
              save.mutate(
                { provider_id: providerId, profile_id: profileId, ...scopeBody(scopeKey(assignment)) },
                { onSuccess: () => toast.success("Profile saved", { description: `${label.name} now uses "${profileId}".` }) }
              )
            }
          />
          <RowError error={save.error} />
        </div>
      </Table.Cell>
      <Table.Cell>
        <ExpressSwitch
          label={label.name}
          checked={assignment.express}
          disabled={!editable}
          onSave={(express, options) =>
            save.mutate({ provider_id: providerId, profile_id: assignment.profile_id, express, ...scopeBody(scopeKey(assignment)) }, options)
          }
        />
      </Table.Cell>
      <Table.Cell>
        <IconButton
          size="small"
          variant="transparent"
          aria-label={`Remove the assignment of ${label.name}`}
          data-testid="dintero-assignment-remove"
          disabled={remove.isPending}
          onClick={() =>
            remove.run(
              assignment,
              `Remove the assignment of ${label.name}?`,
              `New checkouts of ${label.name} will use the ${assignment.region_id ? "default" : "region's or the default"} profile.`
            )
          }
        >
          <Trash />
        </IconButton>
      </Table.Cell>
    </Table.Row>
  )
}

const DefaultRow = ({
  providerId,
  assignment,
  profiles,
  editable,
  status,
}: {
  providerId: string
  assignment: ProfileAssignment | undefined
  profiles: DinteroProfile[] | undefined
  editable: boolean
  status: DinteroStatus | undefined
}) => {
  const save = useSaveAssignment(providerId)
  const remove = useRemove(providerId)
  const current = assignment?.profile_id ?? status?.default_profile_id
  const value = save.isPending ? save.variables?.profile_id : current

  return (
    <Table.Row data-testid="dintero-assignment-row" data-scope="default" data-profile-id={current}>
      <Table.Cell>
        <ScopeCell
          kind="Default"
          name="All other carts"
          hint={assignment ? "Assigned here" : "From medusa-config.ts (profileId option)"}
        />
      </Table.Cell>
      <Table.Cell>
        <div className="py-2">
          <ProfileSelect
            value={value}
            profiles={profiles}
            disabled={!editable || save.isPending}
            invalid={save.isError}
            testId="dintero-assignment-profile"
            onChange={(profileId) =>
              save.mutate(
                { provider_id: providerId, profile_id: profileId },
                { onSuccess: () => toast.success("Default profile saved", { description: `Other carts now use "${profileId}".` }) }
              )
            }
          />
          <RowError error={save.error} />
        </div>
      </Table.Cell>
      <Table.Cell>
        <ExpressSwitch
          label="Other carts"
          checked={assignment?.express ?? false}
          disabled={!editable || !current}
          onSave={(express, options) => current && save.mutate({ provider_id: providerId, profile_id: current, express }, options)}
        />
      </Table.Cell>
      <Table.Cell>
        {assignment && (
          <IconButton
            size="small"
            variant="transparent"
            aria-label="Remove the default assignment"
            data-testid="dintero-assignment-remove"
            disabled={remove.isPending}
            onClick={() =>
              remove.run(
                assignment,
                "Remove the default assignment?",
                "Carts with no region or sales channel assignment will use the profileId option of medusa-config.ts."
              )
            }
          >
            <Trash />
          </IconButton>
        )}
      </Table.Cell>
    </Table.Row>
  )
}

/** The Express switch of one row: saves at once, shows the saved state (and the pending one while it saves). */
const ExpressSwitch = ({
  label,
  checked,
  disabled,
  onSave,
}: {
  label: string
  checked: boolean
  disabled: boolean
  onSave: (express: boolean, options: { onSuccess: () => void; onError: (error: ApiError) => void }) => void
}) => {
  const [pending, setPending] = useState<boolean | null>(null)
  return (
    <Switch
      data-testid="dintero-assignment-express"
      aria-label={`Express Checkout for ${label}`}
      checked={pending ?? checked}
      disabled={disabled || pending !== null}
      onCheckedChange={(express) => {
        setPending(express)
        onSave(express, {
          onSuccess: () => {
            setPending(null)
            toast.success(express ? "Express Checkout on" : "Express Checkout off", { description: `${label}: new checkouts.` })
          },
          onError: (error) => {
            setPending(null)
            toast.error("Could not save Express Checkout", { description: saveErrorText(error) })
          },
        })
      }}
    />
  )
}

const AddAssignment = ({
  providerId,
  profiles,
  assigned,
  scopes,
}: {
  providerId: string
  profiles: DinteroProfile[]
  assigned: Set<string>
  scopes: Scopes | undefined
}) => {
  const [scope, setScope] = useState<string>("")
  const [profileId, setProfileId] = useState<string>("")
  const save = useSaveAssignment(providerId)
  const regions = (scopes?.regions ?? []).filter((region) => !assigned.has(`region:${region.id}`))
  const channels = (scopes?.salesChannels ?? []).filter((channel) => !assigned.has(`sales_channel:${channel.id}`))
  const error = save.error ? fieldOfError(saveErrorText(save.error)) : undefined
  const unavailable = save.error ? isDinteroUnavailable(save.error) : false

  const submit = () => {
    save.mutate(
      { provider_id: providerId, profile_id: profileId, ...scopeBody(scope) },
      {
        onSuccess: (saved) => {
          const label = scopeLabel(saved, scopes)
          toast.success("Profile assigned", { description: `${label.name} now uses "${saved.profile_id}".` })
          setScope("")
          setProfileId("")
        },
      }
    )
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="dintero-add-assignment">
      <div>
        <Text size="small" weight="plus" leading="compact">
          Assign a profile to a region or a sales channel
        </Text>
        <Text size="small" leading="compact" className="text-ui-fg-subtle">
          E.g. an auto-capture profile for a sales channel that sells gift cards, or a profile with Swish for Sweden.
        </Text>
      </div>
      <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-[1fr_1fr_auto]">
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall" weight="plus" htmlFor={`${providerId}-scope`}>
            Region or sales channel
          </Label>
          <Select size="small" value={scope} onValueChange={setScope}>
            <Select.Trigger id={`${providerId}-scope`} data-testid="dintero-new-scope" aria-invalid={error?.field === "scope" ? true : undefined}>
              <Select.Value placeholder="Choose a region or sales channel" />
            </Select.Trigger>
            <Select.Content>
              {regions.length > 0 && (
                <Select.Group>
                  <Select.Label>Regions</Select.Label>
                  {regions.map((region) => (
                    <Select.Item key={region.id} value={`region:${region.id}`}>
                      {region.name}
                      {region.currency_code ? ` (${region.currency_code.toUpperCase()})` : ""}
                    </Select.Item>
                  ))}
                </Select.Group>
              )}
              {regions.length > 0 && channels.length > 0 && <Select.Separator />}
              {channels.length > 0 && (
                <Select.Group>
                  <Select.Label>Sales channels</Select.Label>
                  {channels.map((channel) => (
                    <Select.Item key={channel.id} value={`sales_channel:${channel.id}`}>
                      {channel.name}
                      {channel.is_disabled ? " (disabled)" : ""}
                    </Select.Item>
                  ))}
                </Select.Group>
              )}
            </Select.Content>
          </Select>
          {error?.field === "scope" && <FieldError message={error.message} />}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall" weight="plus">
            Payment profile
          </Label>
          <ProfileSelect value={profileId || undefined} onChange={setProfileId} profiles={profiles} testId="dintero-new-profile" invalid={error?.field === "profile"} />
          {error?.field === "profile" && <FieldError message={error.message} />}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall" weight="plus" className="invisible">
            Save
          </Label>
          <Button size="small" onClick={submit} disabled={!scope || !profileId} isLoading={save.isPending} data-testid="dintero-save-assignment">
            Save
          </Button>
        </div>
      </div>
      {error && error.field === null && (
        <Alert variant={unavailable ? "warning" : "error"} data-testid="dintero-assignment-error" data-unavailable={unavailable ? "true" : "false"}>
          {error.message}
        </Alert>
      )}
    </div>
  )
}

const FieldError = ({ message }: { message: string }) => (
  <Text size="xsmall" leading="compact" className="text-ui-fg-error" data-testid="dintero-assignment-error">
    {message}
  </Text>
)
