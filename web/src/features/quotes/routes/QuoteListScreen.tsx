import { Group, Loader, MultiSelect, Stack, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { QuoteState } from "../../../gen/eventkit/v1/quotes_pb";
import { ListSearch } from "../../../components/ListSearch";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useShortcut } from "../../../lib/shortcuts";
import { useQuotes } from "../api/quotes";
import { QuoteTable } from "../components/QuoteTable";

const route = getRouteApi("/_app/quotes/");
const STATES = ["DRAFT", "SENT", "ACCEPTED", "DECLINED", "EXPIRED"] as const;

/** Quotes, newest first, filtered on the server by state and text (number, title, client); filters in the URL. */
export function QuoteListScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // "/" focuses the search (ux-brief).
  useShortcut("/", () => document.querySelector<HTMLInputElement>('[data-testid="quote-search"]')?.focus());
  const states = (search.state ?? "").split(",").filter((s): s is (typeof STATES)[number] => (STATES as readonly string[]).includes(s));
  const list = useQuotes({ states: states.map((s) => QuoteState[s]), q: search.q, page: search.page });
  const rows = list.data?.quotes ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="quotes.title" />
        </Title>
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "quotes.refreshing" })} />}
      </Group>
      <Group align="end" wrap="wrap">
        <ListSearch q={search.q} onQuery={(q) => void navigate({ search: (s) => ({ ...s, q, page: undefined }) })} label={intl.formatMessage({ id: "quotes.search" })} testId="quote-search" />
        <MultiSelect
          aria-label={intl.formatMessage({ id: "quotes.stateFilter" })}
          placeholder={states.length ? undefined : intl.formatMessage({ id: "quotes.anyState" })}
          w={320}
          clearable
          value={states}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, state: v.join(",") || undefined, page: undefined }) })}
          data={STATES.map((s) => ({ value: s, label: intl.formatMessage({ id: `quotes.state.${s}` }) }))}
          data-testid="quote-state-filter"
        />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="quotes.empty" />}>
        <QuoteTable quotes={rows} />
        <Pager page={search.page} next={list.data?.page?.nextPageToken || undefined} onPage={(t) => void navigate({ search: (s) => ({ ...s, page: t }) })} />
      </QueryState>
    </Stack>
  );
}
