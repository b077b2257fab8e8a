import { notifications } from "@mantine/notifications";
import { toUiError } from "./errors";

/** A failed call that belongs to no form field: a toast with the API's message. */
export function toastError(e: unknown): void {
  notifications.show({ color: "red", message: toUiError(e).message, autoClose: 8000 });
}

export function toastInfo(message: string): void {
  notifications.show({ color: "teal", message });
}
