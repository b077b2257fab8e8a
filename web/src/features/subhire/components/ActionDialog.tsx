import type { FormEvent, ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import { useIntl } from "react-intl";

/** A dialog around one action's form: the API's error inline, the submit disabled while sending. */
export function ActionDialog(props: {
  opened: boolean;
  onClose(): void;
  title: string;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit(): void;
  danger?: boolean;
  testId: string;
  size?: string;
  children?: ReactNode;
}) {
  const intl = useIntl();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!props.pending) props.onSubmit();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      size={props.size ?? "lg"}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
    >
      <form onSubmit={submit} noValidate data-testid={props.testId}>
        <Stack gap="sm">
          {props.error && (
            <Alert color="red" role="alert" data-testid={`${props.testId}-error`}>
              {props.error}
            </Alert>
          )}
          {props.children}
          <Group justify="end">
            <Button variant="default" onClick={props.onClose} disabled={props.pending}>
              {intl.formatMessage({ id: "subhire.back" })}
            </Button>
            <Button type="submit" color={props.danger ? "red.9" : undefined} loading={props.pending} disabled={props.pending} data-testid={`${props.testId}-submit`}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
