import { Button, Group } from "@mantine/core";
import { FormattedMessage } from "react-intl";

/** First page / next page over the server's opaque cursor. */
export function Pager({ page, next, onPage }: { page?: string; next?: string; onPage(token: string | undefined): void }) {
  return (
    <Group>
      <Button variant="default" disabled={!page} onClick={() => onPage(undefined)}>
        <FormattedMessage id="products.first" />
      </Button>
      <Button variant="default" disabled={!next} onClick={() => onPage(next)} data-testid="next-page">
        <FormattedMessage id="products.next" />
      </Button>
    </Group>
  );
}
