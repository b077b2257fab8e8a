import { useState, type FormEvent } from "react";
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useRevokePartner } from "../api/partners";

/** "Revoke": a confirmation that names the consequence (final, certificates revoked) and needs a reason. */
export function RevokeButton({ nodeId, name }: { nodeId: string; name: string }) {
  const intl = useIntl();
  const [opened, dialog] = useDisclosure(false);
  const revoke = useRevokePartner();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (revoke.isPending) return;
    dialog.close();
    setReason("");
    setReasonError(null);
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (reason.trim() === "") {
      setReasonError(intl.formatMessage({ id: "partners.revoke.needReason" }));
      return;
    }
    try {
      await revoke.mutateAsync({ nodeId, reason: reason.trim() });
      toastInfo(intl.formatMessage({ id: "partners.revoke.done" }, { name }));
      dialog.close();
      setReason("");
    } catch (err) {
      setError(toUiError(err).message);
    }
  };

  return (
    <>
      <Button color="red" variant="outline" onClick={dialog.open} data-testid="partner-revoke">
        <FormattedMessage id="partners.revoke.open" />
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={intl.formatMessage({ id: "partners.revoke.title" }, { name })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" data-testid="revoke-consequence">
              <FormattedMessage id="partners.revoke.consequence" values={{ name }} />
            </Text>
            <Textarea
              label={intl.formatMessage({ id: "partners.revoke.reason" })}
              description={intl.formatMessage({ id: "partners.revoke.reasonHint" })}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonError(null);
              }}
              error={reasonError}
              required
              rows={3}
              maxLength={500}
              data-autofocus
              data-testid="revoke-reason"
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={revoke.isPending}>
                <FormattedMessage id="partners.cancel" />
              </Button>
              <Button type="submit" color="red" loading={revoke.isPending} disabled={revoke.isPending} data-testid="revoke-submit">
                <FormattedMessage id="partners.revoke.submit" />
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
