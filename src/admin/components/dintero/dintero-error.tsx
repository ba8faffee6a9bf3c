import { Alert, Button, Text } from "@medusajs/ui"
import { errorMessage, isDinteroUnavailable } from "../../lib/dintero-api"

/** A failed read: "Dintero could not be reached" (503) or the API's message, with a retry. */
export const DinteroError = ({
  error,
  what,
  onRetry,
  retrying,
  testId,
}: {
  error: unknown
  what: string
  onRetry?: () => void
  retrying?: boolean
  testId?: string
}) => {
  const unavailable = isDinteroUnavailable(error)
  return (
    <Alert variant={unavailable ? "warning" : "error"} data-testid={testId} data-unavailable={unavailable ? "true" : "false"}>
      <div className="flex flex-col gap-y-2">
        <Text size="small" weight="plus" leading="compact">
          {unavailable ? `Dintero could not be reached: ${what} cannot be read right now.` : `Could not load ${what}.`}
        </Text>
        <Text size="small" leading="compact" className="break-words">
          {errorMessage(error)}
        </Text>
        {onRetry && (
          <div>
            <Button size="small" variant="secondary" onClick={onRetry} isLoading={retrying}>
              Try again
            </Button>
          </div>
        )}
      </div>
    </Alert>
  )
}
