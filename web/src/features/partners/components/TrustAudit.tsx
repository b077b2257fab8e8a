import { useState } from "react";
import { Stack, Table, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useTrustAudit } from "../api/partners";
import { DateCell } from "./HealthCells";

/** This partner's trust audit entries (AUDIT_READ), newest first as the API lists them. */
export function TrustAudit({ nodeId }: { nodeId: string }) {
  const intl = useIntl();
  const [page, setPage] = useState<string | undefined>();
  const audit = useTrustAudit(nodeId, page, true);
  const rows = audit.data?.entries ?? [];
  return (
    <Stack role="region" aria-label={intl.formatMessage({ id: "partners.audit.title" })} data-testid="partner-audit">
      <Title order={3} size="h4">
        <FormattedMessage id="partners.audit.title" />
      </Title>
      <QueryState
        isPending={audit.isPending}
        error={audit.error}
        onRetry={() => void audit.refetch()}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id="partners.audit.empty" />}
      >
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "partners.audit.at" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.audit.action" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.audit.actor" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.audit.detail" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={String(e.id)} data-testid="audit-row" data-action={e.action}>
                  <Table.Td>
                    <DateCell at={e.at} withTime />
                  </Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td title={e.actorAddress || undefined}>{e.actor}</Table.Td>
                  <Table.Td style={{ overflowWrap: "anywhere" }}>{e.detail}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {(page || audit.data?.nextPageToken) && <Pager page={page} next={audit.data?.nextPageToken} onPage={setPage} />}
      </QueryState>
    </Stack>
  );
}
