import type { ReactNode } from "react";
import { Card, Table, Text } from "@mantine/core";
import { QueryState } from "./QueryState";

/**
 * A list's table in a card: loading, the error with a retry, an empty line, else the table,
 * scrolling sideways below `minWidth` (phones).
 */
export function TableCard(props: {
  query: { isPending: boolean; error: unknown; refetch(): unknown };
  isEmpty: boolean;
  /** The empty line's text. */
  empty: ReactNode;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding={0}>
      <QueryState
        isPending={props.query.isPending}
        error={props.query.error}
        onRetry={() => void props.query.refetch()}
        isEmpty={props.isEmpty}
        empty={
          <Text p="md" c="dimmed" component="span" display="block" data-testid="table-empty">
            {props.empty}
          </Text>
        }
      >
        <Table.ScrollContainer minWidth={props.minWidth}>{props.children}</Table.ScrollContainer>
      </QueryState>
    </Card>
  );
}
