import type { ReactNode } from "react";
import { Badge, Table, VisuallyHidden } from "@mantine/core";
import { AnchorLink } from "../../../components/AnchorLink";
import { useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Shortage } from "../../../gen/eventkit/v1/planning_pb";
import { useProducts } from "../api/events";

/**
 * Shortages, each a task: the event (click through to its pull list), the product and how many.
 * `lineExtra` renders other features' actions for a row (the route composes them).
 */
export function ShortageTable({ shortages, lineExtra }: { shortages: Shortage[]; lineExtra?: (s: Shortage, productName?: string) => ReactNode }) {
  const intl = useIntl();
  const products = useProducts(shortages.map((s) => s.productId));
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing={4} data-testid="shortage-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "shortages.from" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.name" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "pull.product" })}</Table.Th>
            <Table.Th ta="end">{intl.formatMessage({ id: "shortages.short" })}</Table.Th>
            {lineExtra && (
              <Table.Th>
                <VisuallyHidden>{intl.formatMessage({ id: "pull.actions" })}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortages.map((s) => (
            <Table.Tr key={`${s.eventId}/${s.productId}`}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {s.startsAt && intl.formatDate(timestampDate(s.startsAt), { weekday: "short", day: "numeric", month: "short" })}
              </Table.Td>
              <Table.Td>
                <AnchorLink to="/events/$eventId" params={{ eventId: s.eventId }} size="sm">
                  {s.eventName}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{products.get(s.productId)?.name ?? "…"}</Table.Td>
              <Table.Td ta="end">
                <Badge color="red" variant="filled">
                  {intl.formatMessage({ id: "shortages.ofRequested" }, { short: s.shortfall, requested: s.requested })}
                </Badge>
              </Table.Td>
              {lineExtra && <Table.Td>{lineExtra(s, products.get(s.productId)?.name)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
