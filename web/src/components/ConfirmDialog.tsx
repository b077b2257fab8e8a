import type { ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";

/** "Are you sure?" for an action that cannot be taken back; `error`: the node's refusal, shown inside. */
export function ConfirmDialog(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  loading?: boolean;
  error?: string | null;
  onConfirm(): void;
  onClose(): void;
}) {
  const intl = useIntl();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "form.cancel" }) }}
    >
      <Stack data-testid="confirm-dialog">
        <Text size="sm">{props.children}</Text>
        {props.error && (
          <Alert color="red" role="alert" data-testid="confirm-error">
            {props.error}
          </Alert>
        )}
        <Group justify="end">
          <Button variant="default" onClick={props.onClose}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button color="red.9" loading={props.loading} onClick={props.onConfirm} data-testid="confirm-ok">
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
