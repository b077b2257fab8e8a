/**
 * The unread count's query key. The shell's bell imports only this (no generated code), and loads
 * the call itself (./unread) on demand, so NotificationService stays out of the shell's chunk.
 */
export const UNREAD_KEY = ["notifications", "unread"] as const;

/** How often the bell asks while the tab is visible (TanStack Query pauses it while hidden). */
export const UNREAD_POLL_MS = 30_000;
