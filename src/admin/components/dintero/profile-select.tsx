import { Select } from "@medusajs/ui"
import type { DinteroProfile } from "../../lib/dintero-api"

/**
 * A Select of the account's payment profiles. A value Dintero no longer lists (deleted in
 * Backoffice) stays visible, marked, so the admin sees what a checkout would send.
 */
export const ProfileSelect = ({
  value,
  onChange,
  profiles,
  disabled,
  testId,
  invalid,
  placeholder = "Choose a profile",
}: {
  value: string | undefined
  onChange: (profileId: string) => void
  profiles: DinteroProfile[] | undefined
  disabled?: boolean
  testId?: string
  invalid?: boolean
  placeholder?: string
}) => {
  const known = profiles ?? []
  const unknownValue = value && !known.some((profile) => profile.id === value) ? value : undefined
  return (
    <Select size="small" value={value ?? ""} onValueChange={onChange} disabled={disabled}>
      <Select.Trigger data-testid={testId} aria-invalid={invalid ? true : undefined} className="min-w-[220px]">
        <Select.Value placeholder={placeholder} />
      </Select.Trigger>
      <Select.Content>
        {known.map((profile) => (
          <Select.Item key={profile.id} value={profile.id} data-testid="dintero-profile-option" data-profile-id={profile.id}>
            {profile.description ? `${profile.description} (${profile.id})` : profile.id}
          </Select.Item>
        ))}
        {unknownValue && (
          <Select.Item value={unknownValue} disabled>
            {profiles ? `${unknownValue} (not listed by Dintero)` : unknownValue}
          </Select.Item>
        )}
      </Select.Content>
    </Select>
  )
}
