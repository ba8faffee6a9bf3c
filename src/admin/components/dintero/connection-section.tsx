import { Alert, Badge, Button, Container, Copy, Heading, Skeleton, StatusBadge, Text } from "@medusajs/ui"
import { errorMessage, useDinteroStatus } from "../../lib/dintero-api"
import { SectionRow } from "../section-row"

/** The provider's connection to Dintero: account, credentials, callback signature and URL. */
export const ConnectionSection = ({ providerId }: { providerId: string }) => {
  const status = useDinteroStatus(providerId)
  const data = status.data

  return (
    <Container className="divide-y p-0" data-testid="dintero-status">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading level="h2">Connection</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            The Dintero account of <span className="font-mono">{providerId}</span>, as configured in medusa-config.ts.
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={() => status.refetch()}
          isLoading={status.isFetching}
          data-testid="dintero-status-refresh"
        >
          Check again
        </Button>
      </div>
      {status.isPending && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-2/3" />
        </div>
      )}
      {status.isError && (
        <div className="px-6 py-4">
          <Alert variant="error" data-testid="dintero-status-error">
            Could not read the connection status: {errorMessage(status.error)}
          </Alert>
        </div>
      )}
      {data && (
        <>
          <SectionRow
            title="Account"
            testId="dintero-status-account"
            value={
              <>
                <Text size="small" leading="compact" className="font-mono">
                  {data.account_id}
                </Text>
                <Badge size="2xsmall" color={data.environment === "production" ? "green" : "orange"} data-testid="dintero-status-environment">
                  {data.environment === "production" ? "Production" : "Test"}
                </Badge>
              </>
            }
          />
          <SectionRow
            title="API credentials"
            testId="dintero-status-token"
            value={
              data.token_ok ? (
                <StatusBadge color="green">Token OK</StatusBadge>
              ) : (
                <div className="flex flex-col gap-y-1">
                  <StatusBadge color="red">No token</StatusBadge>
                  <Text size="small" leading="compact" className="text-ui-fg-error break-all">
                    {data.token_error ?? "Dintero refused the client credentials"}
                  </Text>
                </div>
              )
            }
          />
          <SectionRow
            title="Callback signature"
            testId="dintero-status-signature"
            value={
              data.signature_secret_configured ? (
                <StatusBadge color="green">Secret configured</StatusBadge>
              ) : (
                <div className="flex flex-col gap-y-1">
                  <StatusBadge color="orange">Not configured</StatusBadge>
                  <Text size="small" leading="compact">
                    Callbacks are not checked for a Dintero-Signature. Set the signatureSecret option in production.
                  </Text>
                </div>
              )
            }
          />
          <SectionRow
            title="Callback URL"
            testId="dintero-status-callback"
            value={
              <>
                <Text size="small" leading="compact" className="font-mono break-all">
                  {data.callback_url}
                </Text>
                <Copy content={data.callback_url} />
              </>
            }
          />
          <SectionRow
            title="Default profile"
            testId="dintero-status-default-profile"
            value={
              <Text size="small" leading="compact" className="font-mono">
                {data.default_profile_id}
              </Text>
            }
          />
        </>
      )}
    </Container>
  )
}
