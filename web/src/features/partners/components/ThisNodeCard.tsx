import { Paper, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import { useCertificateAuthority } from "../api/partners";
import { Fingerprint } from "./Fingerprint";

/** This node's ID and root CA fingerprint, for the inviter to read out to the partner admin by phone. */
export function ThisNodeCard() {
  const intl = useIntl();
  const ca = useCertificateAuthority();
  return (
    <Paper withBorder p="md" role="region" aria-label={intl.formatMessage({ id: "partners.self.title" })} data-testid="this-node">
      <Stack gap="xs">
        <Title order={3} size="h4">
          <FormattedMessage id="partners.self.title" />
        </Title>
        <QueryState isPending={ca.isPending} error={ca.error} onRetry={() => void ca.refetch()}>
          <Text size="sm">
            <FormattedMessage id="partners.self.node" values={{ node: <b data-testid="this-node-id">{ca.data?.nodeId}</b> }} />
          </Text>
          <Text size="sm">
            <FormattedMessage id="partners.self.fingerprint" />
          </Text>
          <Fingerprint hex={ca.data?.rootFingerprintSha256 ?? ""} testId="this-node-fingerprint" />
          <Text size="xs" c="dimmed">
            <FormattedMessage id="partners.self.hint" />
          </Text>
        </QueryState>
      </Stack>
    </Paper>
  );
}
