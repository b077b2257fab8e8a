import { Card, Group, Loader, Stack, Table, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { QuoteTotals } from "../../../gen/eventkit/v1/quotes_pb";
import { formatMoney } from "../../../lib/money";
import { basisPointsText } from "../lib/amounts";

/** The draft's totals as the node computed them, with the tax per code; marked as updating while changes are in flight. */
export function TotalsPanel({ totals, pending }: { totals: QuoteTotals | undefined; pending: boolean }) {
  const intl = useIntl();
  const row = (id: string, value: Parameters<typeof formatMoney>[1], testId?: string, strong = false) => (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" fw={strong ? 700 : undefined}>
        <FormattedMessage id={id} />
      </Text>
      <Text size="sm" fw={strong ? 700 : undefined} data-testid={testId} style={{ fontVariantNumeric: "tabular-nums" }}>
        {formatMoney(intl, value)}
      </Text>
    </Group>
  );
  return (
    <Card withBorder padding="sm" data-testid="quote-totals" aria-busy={pending} style={{ opacity: pending ? 0.6 : 1 }}>
      <Stack gap={4}>
        <Group justify="space-between">
          <Text fw={700}>
            <FormattedMessage id="quotes.totals" />
          </Text>
          {pending && <Loader size="xs" aria-label={intl.formatMessage({ id: "quotes.updating" })} />}
        </Group>
        {row("quotes.subtotal", totals?.subtotal)}
        {(totals?.lineDiscounts?.minorUnits ?? 0n) !== 0n && row("quotes.lineDiscounts", totals?.lineDiscounts)}
        {(totals?.quoteDiscount?.minorUnits ?? 0n) !== 0n && row("quotes.quoteDiscount", totals?.quoteDiscount)}
        {row("quotes.net", totals?.net, "quote-net")}
        {(totals?.taxes.length ?? 0) > 0 && (
          <Table verticalSpacing={2} fz="xs">
            <Table.Tbody>
              {totals!.taxes.map((t) => (
                <Table.Tr key={t.taxCode}>
                  <Table.Td>{t.label || `${t.taxCode} (${basisPointsText(t.rateBp)} %)`}</Table.Td>
                  <Table.Td style={{ textAlign: "end" }}>
                    <FormattedMessage id="quotes.taxOn" values={{ base: formatMoney(intl, t.base) }} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: "end" }}>{formatMoney(intl, t.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {row("quotes.tax", totals?.tax, "quote-tax")}
        {row("quotes.total", totals?.total, "quote-total", true)}
      </Stack>
    </Card>
  );
}
