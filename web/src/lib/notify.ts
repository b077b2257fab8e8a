import { notifications } from "@mantine/notifications";
import { toUiError } from "./errors";

const CLOSE: Record<string, string> = { en: "Close", de: "Schließen", ar: "إغلاق" };

/** The toasts' close button needs a name (axe: button-name), in the page's language. */
function closeButtonProps() {
  const lang = typeof document === "undefined" ? "en" : document.documentElement.lang;
  return { "aria-label": CLOSE[lang] ?? CLOSE.en };
}

/** A failed call that belongs to no form field: a toast with the API's message. */
export function toastError(e: unknown): void {
  notifications.show({ color: "red", message: toUiError(e).message, autoClose: 8000, closeButtonProps: closeButtonProps() });
}

/** Something that went through but needs a look (a shortfall accepted under WARN). */
export function toastWarning(message: string): void {
  notifications.show({ color: "yellow", message, autoClose: 10000, closeButtonProps: closeButtonProps() });
}

export function toastInfo(message: string): void {
  notifications.show({ color: "teal", message, closeButtonProps: closeButtonProps() });
}
