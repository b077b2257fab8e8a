import { useState } from "react";
import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import { toastError } from "../../../lib/notify";
import { useCalendarFeed, useResetCalendarFeed, useRevokeCalendarFeed } from "../api/crew";

/**
 * The caller's calendar feed: active or not; "Get calendar link" makes a new secret URL, shown once
 * with a copy button (the old one stops working); revoke turns it off.
 */
export function CalendarFeedCard() {
  const intl = useIntl();
  const feed = useCalendarFeed();
  const reset = useResetCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState("");
  const active = feed.data?.active ?? false;
  return (
    <Card withBorder padding="md" data-testid="calendar-feed">
      <Stack gap="sm">
        <Title order={3} size="h4">
          <FormattedMessage id="crew.feed.title" />
        </Title>
        <QueryState isPending={feed.isPending} error={feed.error} onRetry={() => void feed.refetch()}>
          <Text size="sm" data-testid="calendar-feed-state" data-active={active}>
            {active && feed.data?.createdAt ? (
              <FormattedMessage id="crew.feed.active" values={{ date: intl.formatDate(timestampDate(feed.data.createdAt), { dateStyle: "medium" }) }} />
            ) : (
              <FormattedMessage id="crew.feed.inactive" />
            )}
          </Text>
          {url && (
            <Alert color="blue" role="status" title={intl.formatMessage({ id: "crew.feed.once" })}>
              <Stack gap="xs">
                <TextInput readOnly value={url} aria-label={intl.formatMessage({ id: "crew.feed.url" })} onFocus={(e) => e.currentTarget.select()} data-testid="calendar-feed-url" />
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button size="md" color={copied ? "teal" : undefined} onClick={copy} data-testid="calendar-feed-copy">
                      <FormattedMessage id={copied ? "crew.feed.copied" : "crew.feed.copy"} />
                    </Button>
                  )}
                </CopyButton>
              </Stack>
            </Alert>
          )}
          {active && !url && (
            <Text size="xs" c="dimmed">
              <FormattedMessage id="crew.feed.replaceHint" />
            </Text>
          )}
          <Group grow>
            <Button size="md" loading={reset.isPending} onClick={() => reset.mutate({ crewMemberId: "" }, { onSuccess: (f) => setUrl(f.url), onError: toastError })} data-testid="calendar-feed-reset">
              <FormattedMessage id={active ? "crew.feed.newLink" : "crew.feed.getLink"} />
            </Button>
            {active && (
              <Button
                size="md"
                variant="default"
                color="red"
                loading={revoke.isPending}
                onClick={() => revoke.mutate({ crewMemberId: "" }, { onSuccess: () => setUrl(""), onError: toastError })}
                data-testid="calendar-feed-revoke"
              >
                <FormattedMessage id="crew.feed.revoke" />
              </Button>
            )}
          </Group>
        </QueryState>
      </Stack>
    </Card>
  );
}
