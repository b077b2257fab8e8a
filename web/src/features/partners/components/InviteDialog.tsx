import { useState, type FormEvent } from "react";
import { Alert, Button, CopyButton, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import type { CreateInvitationResponse } from "../../../gen/eventkit/v1/trust_pb";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCreateInvitation } from "../api/partners";
import { TTLS, nodeIdProblem } from "../lib/partners";
import { InvitationQr } from "./InvitationQr";
import { LevelRadios } from "./LevelRadios";

/** "Invite a partner": a button and its dialog (the form, then the invitation to hand over). */
export function InviteButton() {
  const intl = useIntl();
  const [opened, dialog] = useDisclosure(false);
  return (
    <>
      <Button onClick={dialog.open} data-testid="partner-invite">
        <FormattedMessage id="partners.invite.open" />
      </Button>
      <Modal
        opened={opened}
        onClose={dialog.close}
        size="lg"
        title={intl.formatMessage({ id: "partners.invite.title" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        {opened && <InviteForm onDone={dialog.close} />}
      </Modal>
    </>
  );
}

export function InviteForm({ onDone }: { onDone(): void }) {
  const intl = useIntl();
  const create = useCreateInvitation();
  const [nodeId, setNodeId] = useState("");
  const [level, setLevel] = useState<TrustLevel>(TrustLevel.AVAILABILITY);
  const [ttl, setTtl] = useState<number>(TTLS[1].seconds);
  const [nodeError, setNodeError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CreateInvitationResponse | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const problem = nodeIdProblem(nodeId);
    if (problem) {
      setNodeError(intl.formatMessage({ id: problem === "empty" ? "partners.invite.needNode" : "partners.invite.badNode" }));
      return;
    }
    try {
      const r = await create.mutateAsync({ partnerNodeId: nodeId.trim(), level, ttlSeconds: BigInt(ttl) });
      setResult(r);
      toastInfo(intl.formatMessage({ id: "partners.invite.created" }, { node: nodeId.trim() }));
    } catch (err) {
      const ui = toUiError(err, { partner_node_id: "node" });
      if (ui.fields.node) setNodeError(ui.fields.node);
      setError(ui.message || null);
    }
  };

  if (result) {
    const expires = result.expiresAt ? timestampDate(result.expiresAt) : undefined;
    return (
      <Stack role="region" aria-label={intl.formatMessage({ id: "partners.invite.result" })} data-testid="invitation-result">
        <Text size="sm">
          <FormattedMessage id="partners.invite.handOver" values={{ node: nodeId.trim() }} />
        </Text>
        <Textarea
          label={intl.formatMessage({ id: "partners.invite.code" })}
          value={result.invitation}
          readOnly
          rows={4}
          styles={{ input: { fontFamily: "monospace", wordBreak: "break-all" } }}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="invitation-code"
        />
        <Group>
          <CopyButton value={result.invitation}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy} data-testid="invitation-copy" data-copied={copied || undefined}>
                <FormattedMessage id={copied ? "partners.invite.copied" : "partners.invite.copy"} />
              </Button>
            )}
          </CopyButton>
          {expires && (
            <Text size="sm" data-testid="invitation-expires">
              <FormattedMessage
                id="partners.invite.expires"
                values={{ at: intl.formatDate(expires, { dateStyle: "medium", timeStyle: "short" }) }}
              />
            </Text>
          )}
        </Group>
        <InvitationQr text={result.invitation} />
        <Group justify="flex-end">
          <Button onClick={onDone}>
            <FormattedMessage id="partners.done" />
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={intl.formatMessage({ id: "partners.invite.node" })}
          description={intl.formatMessage({ id: "partners.invite.nodeHint" })}
          value={nodeId}
          onChange={(e) => {
            setNodeId(e.currentTarget.value);
            setNodeError(null);
          }}
          error={nodeError}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          data-testid="invite-node"
        />
        <LevelRadios label={intl.formatMessage({ id: "partners.invite.level" })} description={intl.formatMessage({ id: "partners.invite.levelHint" })} value={level} onChange={setLevel} testId="invite-level" />
        <NativeSelect
          label={intl.formatMessage({ id: "partners.invite.ttl" })}
          value={String(ttl)}
          onChange={(e) => setTtl(Number(e.currentTarget.value))}
          data={TTLS.map((t) => ({ value: String(t.seconds), label: intl.formatMessage({ id: `partners.ttl.${t.key}` }) }))}
          data-testid="invite-ttl"
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={create.isPending}>
            <FormattedMessage id="partners.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending} disabled={create.isPending} data-testid="invite-submit">
            <FormattedMessage id="partners.invite.submit" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
