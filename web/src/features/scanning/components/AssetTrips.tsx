import { Badge, Table, Title } from "@mantine/core";
import { useQuery } from "@connectrpc/connect-query";
import { FormattedMessage } from "react-intl";
import { ScanningService } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { Condition, When } from "./TripParts";

/** An asset's history of trips out: which event, who scanned it out, when it came back and how. */
export function AssetTrips({ assetId }: { assetId: string }) {
  const trips = useQuery(ScanningService.method.listAssetTrips, { assetId, page: { pageSize: 20 } });
  const rows = trips.data?.trips ?? [];
  return (
    <>
      <Title order={3}>
        <FormattedMessage id="trips.title" />
      </Title>
      <QueryState
        isPending={trips.isPending}
        error={trips.error}
        onRetry={() => void trips.refetch()}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id="trips.empty" />}
      >
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="asset-trips">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>
                  <FormattedMessage id="trips.event" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="returns.outAt" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="returns.outBy" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="returns.backAt" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="returns.condition" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="returns.note" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((t) => (
                <Table.Tr key={`${t.eventId}-${t.outAt?.seconds}`}>
                  <Table.Td>
                    <AnchorLink to="/events/$eventId" params={{ eventId: t.eventId }}>
                      {t.eventName}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <When ts={t.outAt} />
                  </Table.Td>
                  <Table.Td>{t.outBy}</Table.Td>
                  <Table.Td>
                    <When ts={t.closedAt} />
                    {t.late && (
                      <Badge color="orange" variant="light" ms="xs">
                        <FormattedMessage id="returns.late" />
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Condition item={t} />
                  </Table.Td>
                  <Table.Td>{t.note || "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
    </>
  );
}
