/**
 * Web push in this browser: the app's service worker (Workbox's /sw.js, which imports
 * /push-sw.js for the push and click handlers) and the Push API. Nothing here talks to the node;
 * the screen passes the VAPID key in and sends the subscription on.
 */

export type PushSupport = "supported" | "no-service-worker" | "no-push" | "no-notifications" | "insecure";

export function pushSupport(w: Window & typeof globalThis = window): PushSupport {
  if (!w.isSecureContext) return "insecure";
  if (!("serviceWorker" in w.navigator)) return "no-service-worker";
  if (!("PushManager" in w)) return "no-push";
  if (!("Notification" in w)) return "no-notifications";
  return "supported";
}

/** A base64url string (the VAPID public key) as bytes, for applicationServerKey. */
export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64Url(b: ArrayBuffer | null): string {
  if (!b) return "";
  let bin = "";
  for (const x of new Uint8Array(b)) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The app's service worker registration. Production builds register /sw.js from index.html; under
 * `npm run dev` there is none, so /push-sw.js (a static file) is registered on its own.
 */
async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration("/");
  if (existing) return existing;
  if (import.meta.env.DEV) return navigator.serviceWorker.register("/push-sw.js", { scope: "/" });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the app's service worker did not start")), 10_000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() !== "supported") return null;
  const reg = await navigator.serviceWorker.getRegistration("/");
  return (await reg?.pushManager.getSubscription()) ?? null;
}

export interface BrowserSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string;
}

/** Asks for permission and subscribes with the node's VAPID key; "denied" when the user said no. */
export async function subscribe(vapidPublicKey: string): Promise<BrowserSubscription | "denied"> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return "denied";
  const reg = await registration();
  const key = base64UrlToBytes(vapidPublicKey);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the node's keys changed) cannot be reused.
  if (sub && bytesToBase64Url(sub.options.applicationServerKey) !== bytesToBase64Url(key.buffer)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  return { endpoint: sub.endpoint, p256dh: bytesToBase64Url(sub.getKey("p256dh")), auth: bytesToBase64Url(sub.getKey("auth")), userAgent: navigator.userAgent };
}

/** Unsubscribes this browser; the endpoint it had (for UnsubscribeWebPush), or undefined. */
export async function unsubscribe(): Promise<string | undefined> {
  const sub = await currentSubscription();
  if (!sub) return undefined;
  await sub.unsubscribe();
  return sub.endpoint;
}
