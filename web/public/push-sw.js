// Web push for EventKit (issue 23). Imported by the app's Workbox service worker (/sw.js,
// vite.config.ts `workbox.importScripts`); under `npm run dev` registered on its own. Served from
// the root with Cache-Control: no-cache (WebAppServlet), so an update is picked up.
//
// A push's data is JSON from the node: {title, body, url?, subjectKind?, subjectId?, eventType?,
// id?}; a push that is not JSON is shown as its text. A click focuses an open EventKit tab (and
// takes it to the notification's page) or opens one.

/* eslint-env serviceworker */
const SUBJECT_PATHS = {
  event: "/events/",
  quote: "/quotes/",
  subhire: "/subhires/",
  partner: "/partners/",
  asset: "/inventory/assets/",
};

function linkOf(d) {
  if (typeof d.url === "string" && d.url.startsWith("/")) return d.url;
  const kind = d.subjectKind || d.subject_kind;
  const id = d.subjectId || d.subject_id;
  if (kind && id && SUBJECT_PATHS[kind]) return SUBJECT_PATHS[kind] + encodeURIComponent(id);
  if (kind === "webhook" && id) return "/settings/webhooks?webhook=" + encodeURIComponent(id);
  return "/notifications";
}

self.addEventListener("push", (event) => {
  let d = {};
  try {
    d = event.data ? event.data.json() : {};
  } catch {
    d = { body: event.data ? event.data.text() : "" };
  }
  const title = d.title || "EventKit";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: d.body || "",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      tag: d.id || undefined,
      data: { url: linkOf(d) },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/notifications", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin);
      if (!tab) return self.clients.openWindow(url);
      // navigate() works on tabs this worker controls; any other is focused and a new one opened.
      return tab
        .focus()
        .then((c) => c.navigate(url))
        .catch(() => self.clients.openWindow(url));
    }),
  );
});
