import { useMemo, useState, type FormEvent } from "react";
import { Alert, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import type { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import type { Partner } from "../../../gen/eventkit/v1/trust_pb";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useAcceptInvitation } from "../api/partners";
import { decodeInvitation } from "../lib/invitation";
import { partnerName } from "../lib/partners";
import { Fingerprint } from "./Fingerprint";
import { LevelRadios, useLevelLabel } from "./LevelRadios";

/** "Accept an invitation": a button and its dialog. */
export function AcceptButton({ thisNodeId, onAccepted }: { thisNodeId?: string; onAccepted?(p: Partner): void }) {
  const intl = useIntl();
  const [opened, dialog] = useDisclosure(false);
  return (
    <>
      <Button variant="default" onClick={dialog.open} data-testid="partner-accept">
        <FormattedMessage id="partners.accept.open" />
      </Button>
      <Modal
        opened={opened}
        onClose={dialog.close}
        size="lg"
        title={intl.formatMessage({ id: "partners.accept.title" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        {opened && (
          <AcceptForm
            thisNodeId={thisNodeId}
            onCancel={dialog.close}
            onAccepted={(p) => {
              dialog.close();
              onAccepted?.(p);
            }}
          />
        )}
      </Modal>
    </>
  );
}

/**
 * Pastes an invitation, decodes it here (nothing is sent), shows who invites and the root CA
 * fingerprint to compare by phone, and only then offers "Accept and connect" (after the admin ticks
 * that the fingerprint matches). A malformed, expired or misaddressed code is refused with no call.
 */
export function AcceptForm({ thisNodeId, onCancel, onAccepted }: { thisNodeId?: string; onCancel(): void; onAccepted(p: Partner): void }) {
  const intl = useIntl();
  const levelLabel = useLevelLabel();
  const accept = useAcceptInvitation();
  const [text, setText] = useState("");
  const [touched, setTouched] = useState(false);
  const [compared, setCompared] = useState(false);
  const [level, setLevel] = useState<TrustLevel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decoded = useMemo(() => decodeInvitation(text), [text]);
  const inv = decoded.ok ? decoded.invitation : null;
  const wrongNode = !!inv && !!thisNodeId && inv.partnerNodeId !== thisNodeId;
  const codeError = !decoded.ok
    ? touched || text.trim() !== ""
      ? intl.formatMessage({ id: `partners.code.${decoded.problem}` })
      : null
    : wrongNode
      ? intl.formatMessage({ id: "partners.code.wrongNode" }, { for: inv.partnerNodeId, self: thisNodeId })
      : null;
  const usable = !!inv && !wrongNode;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    setError(null);
    // Checked again at submit: the code may have expired while the admin was on the phone.
    const now = decodeInvitation(text);
    if (!now.ok || wrongNode || !compared) return;
    try {
      const r = await accept.mutateAsync({ invitation: text.trim(), level: level ?? now.invitation.offeredLevel });
      const p = r.partner;
      toastInfo(intl.formatMessage({ id: "partners.accept.done" }, { name: p ? partnerName(p) : now.invitation.issuerNodeId }));
      if (p) onAccepted(p);
      else onCancel();
    } catch (err) {
      setError(toUiError(err).message);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Textarea
          label={intl.formatMessage({ id: "partners.accept.code" })}
          description={intl.formatMessage({ id: "partners.accept.codeHint" })}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setCompared(false);
            setLevel(null);
            setError(null);
          }}
          onBlur={() => setTouched(true)}
          error={codeError}
          rows={4}
          spellCheck={false}
          autoComplete="off"
          styles={{ input: { fontFamily: "monospace", wordBreak: "break-all" } }}
          data-autofocus
          data-testid="accept-code"
        />
        {usable && inv && decoded.ok && (
          <Paper withBorder p="md" role="region" aria-label={intl.formatMessage({ id: "partners.accept.details" })} data-testid="accept-details">
            <Stack gap="sm">
              <Table variant="vertical" withTableBorder={false}>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={200}>{intl.formatMessage({ id: "partners.accept.issuer" })}</Table.Th>
                    <Table.Td data-testid="accept-issuer">{inv.issuerNodeId}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{intl.formatMessage({ id: "partners.accept.endpoint" })}</Table.Th>
                    <Table.Td data-testid="accept-endpoint">{inv.enrollmentEndpoint}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{intl.formatMessage({ id: "partners.accept.offered" })}</Table.Th>
                    <Table.Td data-testid="accept-offered">{levelLabel(inv.offeredLevel)}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{intl.formatMessage({ id: "partners.accept.expires" })}</Table.Th>
                    <Table.Td data-testid="accept-expires">{intl.formatDate(decoded.expiresAt, { dateStyle: "medium", timeStyle: "short" })}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              <Title order={4}>
                <FormattedMessage id="partners.accept.fingerprint" />
              </Title>
              <Fingerprint hex={inv.rootCaFingerprintSha256} testId="accept-fingerprint" />
              <Alert color="yellow" c="dark.8">
                <FormattedMessage id="partners.accept.compare" values={{ node: inv.issuerNodeId }} />
              </Alert>
              <Checkbox
                label={intl.formatMessage({ id: "partners.accept.compared" })}
                checked={compared}
                onChange={(e) => setCompared(e.currentTarget.checked)}
                data-testid="accept-compared"
              />
              <LevelRadios
                label={intl.formatMessage({ id: "partners.accept.level" })}
                description={intl.formatMessage({ id: "partners.accept.levelHint" }, { node: inv.issuerNodeId })}
                value={level ?? inv.offeredLevel}
                onChange={setLevel}
                testId="accept-level"
              />
            </Stack>
          </Paper>
        )}
        {error && (
          <Alert color="red" role="alert" data-testid="accept-error">
            {error}
          </Alert>
        )}
        {!usable && (
          <Text size="sm" c="dimmed">
            <FormattedMessage id="partners.accept.pasteFirst" />
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={accept.isPending}>
            <FormattedMessage id="partners.cancel" />
          </Button>
          <Button type="submit" loading={accept.isPending} disabled={!usable || !compared || accept.isPending} data-testid="accept-submit">
            <FormattedMessage id="partners.accept.submit" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
