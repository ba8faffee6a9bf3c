import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A label/value row of a detail section, as the dashboard's own sections draw them. */
export const SectionRow = ({
  title,
  value,
  testId,
  className,
}: {
  title: string
  value?: ReactNode
  testId?: string
  className?: string
}) => {
  const plain = typeof value === "string" || value === undefined || value === null
  return (
    <div className={clx("text-ui-fg-subtle grid w-full grid-cols-2 items-start gap-4 px-6 py-4", className)} data-testid={testId}>
      <Text size="small" weight="plus" leading="compact">
        {title}
      </Text>
      {plain ? (
        <Text size="small" leading="compact" className="whitespace-pre-line break-all text-pretty">
          {value ?? "-"}
        </Text>
      ) : (
        <div className="txt-compact-small flex min-w-0 flex-wrap items-center gap-2">{value}</div>
      )}
    </div>
  )
}
