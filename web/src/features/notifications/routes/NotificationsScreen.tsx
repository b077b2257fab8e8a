import { useState } from "react";
import { Box, Button, Card, Group, SegmentedControl, Stack, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { toastError, toastInfo } from "../../../lib/notify";
import { useMarkRead, useNotifications } from "../api/notifications";
import { NotificationList } from "../components/NotificationList";

/** Every notification of the caller, newest first, a page at a time; all or only the unread. */
export function NotificationsScreen() {
  const intl = useIntl();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState<string | undefined>();
  const list = useNotifications(unreadOnly, page);
  const mark = useMarkRead();
  const items = list.data?.notifications ?? [];
  const markAll = () =>
    mark.mutate(
      { all: true },
      { onSuccess: (r) => toastInfo(intl.formatMessage({ id: "notif.markedAll" }, { count: r.marked })), onError: toastError },
    );
  return (
    <Stack maw={860}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>
          <FormattedMessage id="notif.title" />
        </Title>
        <Button variant="subtle" component={Link} to="/settings/notifications" data-testid="notifications-settings">
          <FormattedMessage id="notif.settings" />
        </Button>
      </Group>
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "notif.filter" })}
          value={unreadOnly ? "unread" : "all"}
          onChange={(v) => {
            setUnreadOnly(v === "unread");
            setPage(undefined);
          }}
          data={[
            { value: "all", label: intl.formatMessage({ id: "notif.all" }) },
            { value: "unread", label: intl.formatMessage({ id: "notif.unreadOnly" }) },
          ]}
          data-testid="notifications-filter"
        />
        <Button variant="light" onClick={markAll} loading={mark.isPending} data-testid="notifications-mark-all">
          <FormattedMessage id="notif.markAllRead" />
        </Button>
      </Group>
      <Card withBorder padding={0}>
        <QueryState
          isPending={list.isPending}
          error={list.error}
          onRetry={() => void list.refetch()}
          isEmpty={items.length === 0}
          empty={
            // Inside QueryState's paragraph: a span, not a block element.
            <Box component="span" display="block" p="md">
              <FormattedMessage id={unreadOnly ? "notif.emptyUnread" : "notif.empty"} />
            </Box>
          }
        >
          <NotificationList items={items} onMarkRead={(id) => mark.mutate({ ids: [id] }, { onError: toastError })} />
        </QueryState>
      </Card>
      <Pager page={page} next={list.data?.page?.nextPageToken || undefined} onPage={setPage} />
    </Stack>
  );
}
