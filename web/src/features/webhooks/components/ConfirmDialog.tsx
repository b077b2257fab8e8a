import type { ReactNode } from "react";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";

/** "Are you sure?" for an action that cannot be taken back. */
export function ConfirmDialog(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  loading?: boolean;
  onConfirm(): void;
  onClose(): void;
}) {
  const intl = useIntl();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "webhooks.cancel" }) }}
    >
      <Stack data-testid="confirm-dialog">
        <Text size="sm">{props.children}</Text>
        <Group justify="end">
          <Button variant="default" onClick={props.onClose}>
            <FormattedMessage id="webhooks.cancel" />
          </Button>
          <Button color="red.9" loading={props.loading} onClick={props.onConfirm} data-testid="confirm-ok">
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
