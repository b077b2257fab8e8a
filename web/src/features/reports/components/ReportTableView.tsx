import type { ReactNode } from "react";
import { Badge, Table, VisuallyHidden } from "@mantine/core";
import { useIntl } from "react-intl";
import { AnchorLink } from "../../../components/AnchorLink";
import { formatCell, type ReportTable, type TableRow } from "../lib/table";

/** Where a cell links, if anywhere: the event, the asset. */
function CellLink({ row, column, children }: { row: TableRow; column: string; children: ReactNode }) {
  if (column === "event" && row.ref?.eventId) {
    return (
      <AnchorLink to="/events/$eventId" params={{ eventId: row.ref.eventId }} size="sm">
        {children}
      </AnchorLink>
    );
  }
  if (column === "barcode" && row.ref?.assetId) {
    return (
      <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: row.ref.assetId }} size="sm">
        {children}
      </AnchorLink>
    );
  }
  return <>{children}</>;
}

const numeric = new Set(["number", "percent", "money", "minutes", "days"]);

/**
 * A report's rows as a table: the readable form of every chart, and the whole display of the
 * list reports. `actions` renders a row's actions (a shortage's "Find partners", a repair).
 */
export function ReportTableView({
  table,
  caption,
  hiddenCaption,
  actions,
  testId = "report-table",
  plain,
}: {
  table: ReportTable;
  caption: string;
  hiddenCaption?: boolean;
  actions?: (row: TableRow) => ReactNode;
  testId?: string;
  /** No scroll container (the visually hidden text alternative: a scroll region there would be a focus trap for nobody). */
  plain?: boolean;
}) {
  const intl = useIntl();
  const t = (
      <Table striped verticalSpacing={4} data-testid={testId}>
        <caption style={hiddenCaption ? { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" } : { textAlign: "start", fontWeight: 600 }}>
          {caption}
        </caption>
        <Table.Thead>
          <Table.Tr>
            {table.columns.map((c) => (
              <Table.Th key={c.id} ta={numeric.has(c.type) ? "end" : undefined}>
                {intl.formatMessage({ id: c.label })}
              </Table.Th>
            ))}
            {actions && (
              <Table.Th>
                <VisuallyHidden>{intl.formatMessage({ id: "report.actions" })}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((r) => (
            <Table.Tr key={r.key} data-testid="report-row">
              {r.cells.map((v, i) => {
                const c = table.columns[i];
                const text = formatCell(intl, v, c.type);
                return (
                  <Table.Td key={c.id} ta={numeric.has(c.type) ? "end" : undefined} style={c.type === "day" ? { whiteSpace: "nowrap" } : undefined}>
                    {c.id === "shortfall" ? (
                      <Badge color="red" variant="filled">
                        {text}
                      </Badge>
                    ) : c.id === "status" && typeof v === "string" ? (
                      intl.formatMessage({ id: `report.status.${v}`, defaultMessage: v })
                    ) : v instanceof Date ? (
                      <span title={intl.formatDate(v, { dateStyle: "full" })}>{text}</span>
                    ) : (
                      <CellLink row={r} column={c.id}>
                        {text}
                      </CellLink>
                    )}
                  </Table.Td>
                );
              })}
              {actions && <Table.Td>{actions(r)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
  );
  return plain ? t : <Table.ScrollContainer minWidth={Math.min(900, table.columns.length * 110)}>{t}</Table.ScrollContainer>;
}
