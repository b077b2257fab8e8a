import type { ReactNode } from "react";
import { Button, Table } from "@mantine/core";
import { useIntl } from "react-intl";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";

/** First/next page buttons, shown once there is more than one page. */
export function MorePages({ page, next, onPage }: { page?: string; next?: string; onPage(token: string | undefined): void }) {
  return page || next ? <Pager page={page} next={next} onPage={onPage} /> : null;
}

/** The columns, with the actions column last for those who may act. */
export function withActions(columns: readonly string[], canWrite: boolean): readonly string[] {
  return canWrite ? [...columns, "partners.mapping.actions"] : columns;
}

/**
 * A striped table in its query's loading, error and empty states: column headers from message ids,
 * the rows as children, and a footer (the pager) under the table once there are rows.
 */
export function PagedTable(props: {
  query: { isPending: boolean; refetch(): unknown };
  error: unknown;
  isEmpty: boolean;
  empty: ReactNode;
  minWidth: number;
  testId: string;
  columns: readonly string[];
  footer?: ReactNode;
  children: ReactNode;
}) {
  const intl = useIntl();
  return (
    <QueryState isPending={props.query.isPending} error={props.error} onRetry={() => void props.query.refetch()} isEmpty={props.isEmpty} empty={props.empty}>
      <Table.ScrollContainer minWidth={props.minWidth}>
        <Table striped data-testid={props.testId}>
          <Table.Thead>
            <Table.Tr>
              {props.columns.map((id) => (
                <Table.Th key={id}>{intl.formatMessage({ id })}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{props.children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {props.footer}
    </QueryState>
  );
}

/** A product's cells: name, manufacturer, model, the category where given, and GTIN ("—" for none). */
export function ProductCells({ p, category }: { p: { name: string; manufacturer: string; model: string; gtin: string }; category?: string }) {
  return (
    <>
      <Table.Td>{p.name}</Table.Td>
      <Table.Td>{p.manufacturer}</Table.Td>
      <Table.Td>{p.model}</Table.Td>
      {category !== undefined && <Table.Td>{category}</Table.Td>}
      <Table.Td>{p.gtin || "—"}</Table.Td>
    </>
  );
}

/** The actions cell with one button: `label` shown, `ariaLabel` naming the row it acts on. */
export function ButtonCell({ label, ariaLabel, onClick }: { label: string; ariaLabel: string; onClick(): void }) {
  return (
    <Table.Td>
      <Button size="xs" variant="default" onClick={onClick} aria-label={ariaLabel}>
        {label}
      </Button>
    </Table.Td>
  );
}
