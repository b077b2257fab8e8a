import { Anchor, Box, Button, Group, Stack, Text, VisuallyHidden } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Notification } from "../../../gen/eventkit/v1/notifications_pb";
import { linkProps, subjectHref } from "../lib/subject";

/**
 * Notifications, newest first. Opening one (its link, or "Mark read" when it has nothing to open)
 * marks it read; `onOpen` also lets a drawer close.
 */
export function NotificationList({
  items,
  onMarkRead,
  onOpen,
}: {
  items: readonly Notification[];
  onMarkRead(id: string): void;
  onOpen?(): void;
}) {
  return (
    <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: "none" }} data-testid="notification-list">
      {items.map((n) => (
        <NotificationItem key={n.id} n={n} onMarkRead={onMarkRead} onOpen={onOpen} />
      ))}
    </Stack>
  );
}

function NotificationItem({ n, onMarkRead, onOpen }: { n: Notification; onMarkRead(id: string): void; onOpen?(): void }) {
  const intl = useIntl();
  const unread = !n.readAt;
  const href = subjectHref(n.subjectKind, n.subjectId, n.eventType);
  const when = n.createdAt ? intl.formatDate(timestampDate(n.createdAt), { dateStyle: "medium", timeStyle: "short" }) : "";
  const open = () => {
    if (unread) onMarkRead(n.id);
    onOpen?.();
  };
  const title = (
    <Text fw={unread ? 700 : 400} size="sm" component="span">
      {unread && (
        <>
          <Box component="span" aria-hidden w={8} h={8} me={6} bg="indigo.8" style={{ display: "inline-block", borderRadius: "50%" }} />
          <VisuallyHidden>
            <FormattedMessage id="notif.unread" />:{" "}
          </VisuallyHidden>
        </>
      )}
      {n.title || n.eventType}
    </Text>
  );
  return (
    <Box
      component="li"
      py="xs"
      px="xs"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
      bg={unread ? "var(--mantine-color-indigo-0)" : undefined}
      data-testid="notification"
      data-unread={unread || undefined}
      data-event-type={n.eventType}
    >
      <Group justify="space-between" wrap="nowrap" align="start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          {href ? (
            // A path from subjectHref: the router matches it like a typed link.
            <Anchor component={Link} {...(linkProps(href) as { to: "/" })} onClick={open} c="inherit" data-testid="notification-link">
              {title}
            </Anchor>
          ) : (
            title
          )}
          {n.body && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {n.body}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {when}
          </Text>
        </Stack>
        {unread && !href && (
          <Button size="compact-xs" variant="subtle" onClick={open} data-testid="notification-mark-read">
            <FormattedMessage id="notif.markRead" />
          </Button>
        )}
      </Group>
    </Box>
  );
}

