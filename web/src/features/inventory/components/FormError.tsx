import { Alert } from "@mantine/core";
import type { UiError } from "../../../lib/errors";

/** What of a failed save belongs to no field: the API's message, above the form. */
export function FormError({ error, testId }: { error: UiError | null; testId?: string }) {
  if (!error?.message) return null;
  return (
    <Alert color="red" role="alert" data-testid={testId ?? "form-error"}>
      {error.message}
    </Alert>
  );
}
