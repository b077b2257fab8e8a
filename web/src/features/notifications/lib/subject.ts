/**
 * Where a notification leads: its subject (Notification.subject_kind / subject_id, proto
 * notifications.proto) mapped onto the app's routes, as a path the router takes. Undefined when
 * there is nothing to open (no kind, no ID, or a kind this app does not know yet).
 */
export function subjectHref(kind: string, id: string, eventType = ""): string | undefined {
  if (!id) return undefined;
  const p = encodeURIComponent(id);
  switch (kind) {
    case "event":
      return `/events/${p}`;
    case "quote":
      return `/quotes/${p}`;
    case "subhire":
      return `/subhires/${p}`;
    case "partner":
      return `/partners/${p}`;
    case "asset":
      return `/inventory/assets/${p}`;
    case "crew_assignment":
      // An offer goes to the crew member (their list of offers); an answer to the planners.
      return eventType === "crew.assignment_offered" ? "/my-work" : "/crew";
    case "webhook":
      return `/settings/webhooks?webhook=${p}`;
    case "user":
      // User and security events go to user admins: users are administered under settings.
      return "/settings";
    default:
      return undefined;
  }
}

/** A path with an optional query (from subjectHref) as a router link's `to` and `search`. */
export function linkProps(href: string): { to: "/"; search?: Record<string, string> } {
  const q = href.indexOf("?");
  if (q < 0) return { to: href as "/" };
  return { to: href.slice(0, q) as "/", search: Object.fromEntries(new URLSearchParams(href.slice(q + 1))) };
}
