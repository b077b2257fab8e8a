import { Table, Text } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useIntl } from "react-intl";
import type { Quote } from "../../../gen/eventkit/v1/quotes_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { formatMoney } from "../../../lib/money";
import { QuoteStateBadge } from "./QuoteStateBadge";

/** Quotes as a dense table; the number opens the editor. */
export function QuoteTable({ quotes, testId = "quote-table", showClient = true }: { quotes: Quote[]; testId?: string; showClient?: boolean }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("quotes.number")}</Table.Th>
            <Table.Th>{t("quotes.titleField")}</Table.Th>
            {showClient && <Table.Th>{t("quotes.client")}</Table.Th>}
            <Table.Th>{t("quotes.event")}</Table.Th>
            <Table.Th>{t("quotes.stateCol")}</Table.Th>
            <Table.Th style={{ textAlign: "end" }}>{t("quotes.total")}</Table.Th>
            <Table.Th>{t("quotes.validUntil")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {quotes.map((q) => (
            <Table.Tr key={q.id} data-testid="quote-row">
              <Table.Td>
                <AnchorLink to="/quotes/$quoteId" params={{ quoteId: q.id }} size="sm">
                  {q.number}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{q.title}</Text>
              </Table.Td>
              {showClient && (
                <Table.Td>
                  <Text size="sm">{q.companyName}</Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">{q.eventName}</Text>
              </Table.Td>
              <Table.Td>
                <QuoteStateBadge state={q.state} />
              </Table.Td>
              <Table.Td style={{ textAlign: "end", whiteSpace: "nowrap" }}>{formatMoney(intl, q.totals?.total)}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{q.validUntil ? intl.formatDate(timestampDate(q.validUntil), { dateStyle: "medium" }) : ""}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
