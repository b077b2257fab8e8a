import { Suspense, lazy, useState } from "react";
import { Badge, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useIntl } from "react-intl";
import { UNREAD_KEY, UNREAD_POLL_MS } from "../../features/notifications/api/keys";

// The call and the drawer load on demand: the shell carries only this button.
const NotificationDrawer = lazy(() => import("./NotificationDrawer"));
const fetchUnread = () => import("../../features/notifications/api/unread").then((m) => m.fetchUnread());

/**
 * The header's bell: the unread count (GetUnreadCount every 30 s and when the window gets focus,
 * not while the tab is hidden), opening the latest notifications in a drawer.
 */
export function NotificationBell() {
  const intl = useIntl();
  const [opened, setOpened] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: fetchUnread,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
  const count = unread.data ?? 0;
  return (
    <>
      <UnstyledButton
        onClick={() => {
          setLoaded(true);
          setOpened(true);
        }}
        aria-label={intl.formatMessage({ id: "shell.notifications" }, { count })}
        aria-haspopup="dialog"
        data-testid="bell"
        data-unread={count}
        pos="relative"
        p={6}
        style={{ display: "flex", borderRadius: 4 }}
      >
        <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.9 1.9 0 0 0 3.4 0" />
        </svg>
        {count > 0 && (
          <Badge size="xs" circle={count < 10} color="red.9" pos="absolute" top={-2} right={-4} data-testid="bell-count" aria-hidden>
            {count > 99 ? "99+" : count}
          </Badge>
        )}
      </UnstyledButton>
      {loaded && (
        <Suspense fallback={null}>
          <NotificationDrawer opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
