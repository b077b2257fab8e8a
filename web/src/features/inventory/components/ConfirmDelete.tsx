import { useState, type ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { toUiError } from "../../../lib/errors";

/**
 * "Delete X?" with Cancel focused first. A refusal (e.g. FAILED_PRECONDITION: what still uses it)
 * stays in the dialog as the API's message; nothing else happens then.
 */
export function ConfirmDelete(props: {
  opened: boolean;
  onClose(): void;
  title: string;
  body: ReactNode;
  pending: boolean;
  onConfirm(): Promise<void>;
  testId: string;
}) {
  const intl = useIntl();
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    props.onClose();
  };
  const confirm = async () => {
    setError(null);
    try {
      await props.onConfirm();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  return (
    <Modal opened={props.opened} onClose={close} title={props.title} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
      <Stack>
        <Text>{props.body}</Text>
        {error && (
          <Alert color="red" role="alert" data-testid={`${props.testId}-error`}>
            {error}
          </Alert>
        )}
        <Group justify="end">
          <Button variant="default" onClick={close} data-autofocus>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button color="red" loading={props.pending} onClick={() => void confirm()} data-testid={`${props.testId}-confirm`}>
            <FormattedMessage id="form.delete" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
