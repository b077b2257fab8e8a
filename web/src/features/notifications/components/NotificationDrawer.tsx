import { Button, Drawer, Group, Stack } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import { toastError } from "../../../lib/notify";
import { POPOVER_SIZE, useMarkRead, useNotifications } from "../api/notifications";
import { NotificationList } from "./NotificationList";

/** The bell's drawer: the latest notifications, "Mark all read", and the way to all of them and to the settings. */
export function NotificationDrawer({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const intl = useIntl();
  const list = useNotifications(false, undefined, POPOVER_SIZE, opened);
  const mark = useMarkRead();
  const items = list.data?.notifications ?? [];
  const markOne = (id: string) => mark.mutate({ ids: [id] }, { onError: toastError });
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="md"
      title={intl.formatMessage({ id: "notif.title" })}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "notif.close" }) }}
      data-testid="notification-drawer"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Button
            size="xs"
            variant="light"
            loading={mark.isPending}
            onClick={() => mark.mutate({ all: true }, { onError: toastError })}
            data-testid="notifications-mark-all"
          >
            <FormattedMessage id="notif.markAllRead" />
          </Button>
          <Group gap="xs">
            <Button size="xs" variant="subtle" component={Link} to="/notifications" onClick={onClose} data-testid="notifications-see-all">
              <FormattedMessage id="notif.seeAll" />
            </Button>
            <Button size="xs" variant="subtle" component={Link} to="/settings/notifications" onClick={onClose} data-testid="notifications-settings">
              <FormattedMessage id="notif.settings" />
            </Button>
          </Group>
        </Group>
        <QueryState
          isPending={list.isPending}
          error={list.error}
          onRetry={() => void list.refetch()}
          isEmpty={items.length === 0}
          empty={<FormattedMessage id="notif.empty" />}
        >
          <NotificationList items={items} onMarkRead={markOne} onOpen={onClose} />
        </QueryState>
      </Stack>
    </Drawer>
  );
}
