/**
 * Registers the Workbox service worker (offline scanning, web push) once the first screen is drawn
 * and the browser is idle. Its install precaches the whole app, several hundred files: registered
 * at the page's load event, those downloads shared the browser's six connections to the node with
 * the first screen's API calls and made a cold dashboard wait behind them. A reload while offline
 * still works once a first visit has lasted a few seconds.
 */
export function registerServiceWorkerWhenIdle(delayMs = 3000): void {
  if (!("serviceWorker" in navigator)) return;
  // A chunk of its own: workbox-window stays out of the initial JavaScript.
  const register = () => void import("virtual:pwa-register").then((m) => m.registerSW({ immediate: true }));
  const whenIdle = () =>
    "requestIdleCallback" in window ? window.requestIdleCallback(register, { timeout: 10_000 }) : register();
  const start = () => window.setTimeout(whenIdle, delayMs);
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
}
