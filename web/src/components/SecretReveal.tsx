import type { ReactNode } from "react";
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";

/**
 * A new secret (a webhook's signing secret, an API key), shown this once. The parent drops it on
 * close, so it lives nowhere after the dialog. Texts come from the feature; `testId` names the
 * dialog, and `-value`, `-copy` and `-done` its parts.
 */
export function SecretReveal(props: {
  secret: string | null;
  title: string;
  warning: string;
  label: string;
  copy: string;
  copied: string;
  done: string;
  note?: ReactNode;
  testId: string;
  onClose(): void;
}) {
  return (
    <Modal
      opened={props.secret !== null}
      onClose={props.onClose}
      title={props.title}
      closeOnClickOutside={false}
      closeButtonProps={{ "aria-label": props.done }}
      size="lg"
    >
      <Stack data-testid={props.testId}>
        <Alert color="yellow" role="alert">
          {props.warning}
        </Alert>
        <Group align="end" wrap="nowrap">
          <TextInput
            label={props.label}
            value={props.secret ?? ""}
            readOnly
            dir="ltr"
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            style={{ flex: 1, minWidth: 0 }}
            data-testid={`${props.testId}-value`}
          />
          <CopyButton value={props.secret ?? ""}>
            {({ copied, copy }) => (
              <Button variant={copied ? "light" : "filled"} onClick={copy} data-testid={`${props.testId}-copy`} aria-live="polite">
                {copied ? props.copied : props.copy}
              </Button>
            )}
          </CopyButton>
        </Group>
        {props.note && (
          <Text size="sm" c="dimmed">
            {props.note}
          </Text>
        )}
        <Group justify="end">
          <Button variant="default" onClick={props.onClose} data-testid={`${props.testId}-done`}>
            {props.done}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
