import { Alert, Button, CopyButton, Group, Modal, Stack, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";

/**
 * A new signing secret (CreateWebhook, RotateWebhookSecret), shown this once. The parent drops it
 * on close, so it lives nowhere after the dialog.
 */
export function SecretReveal({ secret, onClose }: { secret: string | null; onClose(): void }) {
  const intl = useIntl();
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title={intl.formatMessage({ id: "webhooks.secret.title" })}
      closeOnClickOutside={false}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "webhooks.secret.done" }) }}
      size="lg"
    >
      <Stack data-testid="webhook-secret">
        <Alert color="yellow" role="alert">
          <FormattedMessage id="webhooks.secret.warning" />
        </Alert>
        <Group align="end" wrap="nowrap">
          <TextInput
            label={intl.formatMessage({ id: "webhooks.secret.label" })}
            value={secret ?? ""}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            style={{ flex: 1, minWidth: 0 }}
            data-testid="webhook-secret-value"
          />
          <CopyButton value={secret ?? ""}>
            {({ copied, copy }) => (
              <Button variant={copied ? "light" : "filled"} onClick={copy} data-testid="webhook-secret-copy" aria-live="polite">
                <FormattedMessage id={copied ? "webhooks.secret.copied" : "webhooks.secret.copy"} />
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="end">
          <Button variant="default" onClick={onClose} data-testid="webhook-secret-done">
            <FormattedMessage id="webhooks.secret.done" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
