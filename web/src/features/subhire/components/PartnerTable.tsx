import { Badge, Button, Table, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { ProductMatch } from "../../../gen/eventkit/v1/federation_query_pb";
import { formatMoney } from "../../../lib/money";
import { useCan } from "../../../lib/session";
import { usePartnerNames } from "../api/subhire";
import { canRequest, type PartnerRow } from "../lib/partners";
import { partnerAnswerKind } from "../lib/subhire";

const KIND_COLOR = { ok: "green", notResponding: "orange", unavailable: "red", noAccess: "gray", busy: "yellow", error: "red" } as const;

/**
 * Partners' answers, one row each: a partner that did not answer shows its status in words
 * ("Not responding", "No access"…), never as 0 available. A partner sends its list price per day
 * only at the trust levels that allow it (SUBHIRE_REQUEST and above); otherwise the price is a
 * dash that says so.
 */
export function PartnerTable({ rows, quantity, onRequest }: { rows: PartnerRow[]; quantity: number; onRequest(row: PartnerRow): void }) {
  const intl = useIntl();
  const canWrite = useCan(Permission.SUBHIRE_WRITE);
  const names = usePartnerNames();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={4} data-testid="partner-availability">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "subhire.partner" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.partnerStatus" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.matchedProduct" })}</Table.Th>
            <Table.Th ta="end">{intl.formatMessage({ id: "subhire.available" })}</Table.Th>
            <Table.Th ta="end">{intl.formatMessage({ id: "subhire.price" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.actions" })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => {
            const kind = partnerAnswerKind(r.status);
            return (
              <Table.Tr key={`${r.partnerNodeId}/${r.product?.id ?? i}`} data-testid="partner-row" data-partner={r.partnerNodeId} data-status={kind}>
                <Table.Td>
                  <PartnerName id={r.partnerNodeId} name={names.get(r.partnerNodeId) || r.partnerName} />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={r.detail || intl.formatMessage({ id: `subhire.partner.${kind}` })} disabled={!r.detail}>
                    <Badge color={KIND_COLOR[kind]} variant="light" c="var(--mantine-color-text)" miw="max-content" data-testid="partner-status" tabIndex={r.detail ? 0 : undefined}>
                      {intl.formatMessage({ id: `subhire.partner.${kind}` })}
                    </Badge>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  {r.product ? (
                    <Text size="sm">
                      {r.product.name}
                      {r.match === ProductMatch.MAPPED && ` (${intl.formatMessage({ id: "subhire.mapped" })})`}
                    </Text>
                  ) : kind === "ok" ? (
                    <Text size="sm">{intl.formatMessage({ id: "subhire.noMatch" })}</Text>
                  ) : (
                    "—"
                  )}
                </Table.Td>
                <Table.Td ta="end" data-testid="partner-available">
                  {/* Only an answer has a number: a silent partner is "—", not 0. */}
                  {kind === "ok" && r.product ? intl.formatNumber(r.available) : "—"}
                </Table.Td>
                <Table.Td ta="end">
                  {r.dailyRate?.currencyCode ? (
                    <Text span size="sm" data-testid="partner-price">
                      {intl.formatMessage({ id: "subhire.perDay" }, { price: formatMoney(intl, r.dailyRate) })}
                    </Text>
                  ) : (
                    <Tooltip label={intl.formatMessage({ id: "subhire.priceNotShared" })}>
                      <Text span size="sm" tabIndex={0} data-testid="partner-price">
                        <span aria-hidden="true">—</span>
                        <VisuallyHidden>{intl.formatMessage({ id: "subhire.priceNotShared" })}</VisuallyHidden>
                      </Text>
                    </Tooltip>
                  )}
                </Table.Td>
                <Table.Td>
                  {canWrite && canRequest(r, quantity) && (
                    <Button size="xs" onClick={() => onRequest(r)} data-testid="partner-request">
                      {intl.formatMessage({ id: "subhire.requestSubHire" })}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A partner by its company name when known, with its node ID under it. */
export function PartnerName({ id, name }: { id: string; name?: string }) {
  if (!name) return <Text size="sm">{id}</Text>;
  return (
    <>
      <Text size="sm">{name}</Text>
      <Text size="xs" c="dimmed">
        {id}
      </Text>
    </>
  );
}
