import type { ReactNode } from "react";
import { Alert, Button, Center, Loader, Text } from "@mantine/core";
import { FormattedMessage } from "react-intl";
import { Code } from "@connectrpc/connect";
import { toUiError } from "../lib/errors";

/**
 * The loading, error and empty states every data screen shows, with the API's error message. A
 * detail screen passes `notFound`, shown instead of the error when the record is not there
 * (NOT_FOUND, or INVALID_ARGUMENT for an ID that is no ID at all, when `invalidIsNotFound`).
 */
export function QueryState(props: {
  isPending: boolean;
  error: unknown;
  isEmpty?: boolean;
  empty?: ReactNode;
  notFound?: ReactNode;
  invalidIsNotFound?: boolean;
  onRetry?: () => void;
  children: ReactNode;
}) {
  if (props.error && props.notFound !== undefined) {
    const code = toUiError(props.error).code;
    if (code === Code.NotFound || (props.invalidIsNotFound && code === Code.InvalidArgument)) {
      return <>{props.notFound}</>;
    }
  }
  if (props.isPending) {
    return (
      <Center p="xl" role="status" aria-live="polite">
        <Loader size="sm" me="sm" />
        <Text>
          <FormattedMessage id="state.loading" />
        </Text>
      </Center>
    );
  }
  if (props.error) {
    return (
      <Alert color="red" role="alert">
        <FormattedMessage id="state.error" values={{ message: toUiError(props.error).message }} />
        {props.onRetry && (
          <Button variant="light" color="red" size="xs" ms="md" onClick={props.onRetry}>
            <FormattedMessage id="state.retry" />
          </Button>
        )}
      </Alert>
    );
  }
  if (props.isEmpty) {
    return <Text c="dimmed">{props.empty ?? <FormattedMessage id="state.empty" />}</Text>;
  }
  return <>{props.children}</>;
}
