import { useState } from "react";
import { Alert, Badge, Button, Card, Group, Menu, Stack, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { WebhookState, type Webhook } from "../../../gen/eventkit/v1/notifications_pb";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastError, toastInfo } from "../../../lib/notify";
import { can, useWhoAmI } from "../../../lib/session";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useEventTypes,
  useRotateSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhook,
  useWebhooks,
} from "../api/webhooks";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { DeliveryLog } from "../components/DeliveryLog";
import { SecretReveal } from "../../../components/SecretReveal";
import { WebhookForm, type WebhookDraft } from "../components/WebhookForm";
import { stateBadge } from "../lib/webhook";

const route = getRouteApi("/_app/settings_/webhooks");

type Confirm = { kind: "rotate" | "delete"; webhook: Webhook } | null;

/** Webhook subscriptions (WEBHOOKS_ADMIN): list, create (secret shown once), edit, enable/disable, rotate, delete, test, delivery log. */
export function WebhooksScreen() {
  const intl = useIntl();
  const me = useWhoAmI();
  const allowed = can(me.data?.permissions, Permission.WEBHOOKS_ADMIN);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [page, setPage] = useState<string | undefined>();
  const list = useWebhooks(page);
  const types = useEventTypes();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const rotate = useRotateSecret();
  const test = useTestWebhook();
  const [form, setForm] = useState<{ webhook?: Webhook } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const webhooks = list.data?.webhooks ?? [];
  const listed = webhooks.find((w) => w.id === search.webhook);
  const fetched = useWebhook(search.webhook, !!list.data && !listed);
  const selected = listed ?? (fetched.data?.id === search.webhook ? fetched.data : undefined);
  const showLog = (id: string | undefined) => void navigate({ search: id ? { webhook: id } : {}, replace: true });

  const save = async (d: WebhookDraft) => {
    const editing = form?.webhook;
    if (editing) {
      try {
        await update.mutateAsync({
          id: editing.id,
          revision: editing.revision,
          url: d.url,
          description: d.description,
          setEventTypes: true,
          eventTypes: d.eventTypes,
        });
      } catch (e) {
        if (toUiError(e).code === Code.Aborted) {
          void list.refetch();
          setForm(null);
          toastError(new Error(intl.formatMessage({ id: "webhooks.conflict" })));
          return;
        }
        throw e;
      }
      setForm(null);
      toastInfo(intl.formatMessage({ id: "webhooks.saved" }));
    } else {
      const r = await create.mutateAsync(d);
      setForm(null);
      setSecret(r.secret);
    }
  };

  const setEnabled = (w: Webhook, enabled: boolean) =>
    update.mutate(
      { id: w.id, revision: w.revision, enabled },
      {
        onSuccess: () => toastInfo(intl.formatMessage({ id: enabled ? "webhooks.enabledToast" : "webhooks.disabledToast" })),
        onError: (e) => {
          if (toUiError(e).code === Code.Aborted) void list.refetch();
          toastError(e);
        },
      },
    );

  const sendTest = (w: Webhook) =>
    test.mutate(
      { id: w.id },
      {
        onSuccess: () => {
          toastInfo(intl.formatMessage({ id: "webhooks.tested" }));
          showLog(w.id);
        },
        onError: toastError,
      },
    );

  const confirmed = () => {
    if (!confirm) return;
    const w = confirm.webhook;
    if (confirm.kind === "delete") {
      remove.mutate(
        { id: w.id },
        {
          onSuccess: () => {
            setConfirm(null);
            if (search.webhook === w.id) showLog(undefined);
            toastInfo(intl.formatMessage({ id: "webhooks.deleted" }));
          },
          onError: (e) => {
            setConfirm(null);
            toastError(e);
          },
        },
      );
    } else {
      rotate.mutate(
        { id: w.id },
        {
          onSuccess: (r) => {
            setConfirm(null);
            setSecret(r.secret);
          },
          onError: (e) => {
            setConfirm(null);
            toastError(e);
          },
        },
      );
    }
  };

  if (me.data && !allowed) {
    return (
      <Stack maw={1100}>
        <Title order={2}>
          <FormattedMessage id="webhooks.title" />
        </Title>
        <Alert color="gray" role="status" data-testid="webhooks-forbidden">
          <FormattedMessage id="webhooks.needPermission" />
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack maw={1100}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>
          <FormattedMessage id="webhooks.title" />
        </Title>
        <Button onClick={() => setForm({})} disabled={!types.data} data-testid="webhook-new">
          <FormattedMessage id="webhooks.new" />
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        <FormattedMessage id="webhooks.intro" />
      </Text>
      {types.error && (
        <Alert color="red" role="alert">
          <FormattedMessage id="state.error" values={{ message: toUiError(types.error).message }} />
        </Alert>
      )}
      <Card withBorder padding={0}>
        <QueryState
          isPending={list.isPending}
          error={list.error}
          onRetry={() => void list.refetch()}
          isEmpty={webhooks.length === 0}
          empty={
            <Text p="md" c="dimmed" component="span" display="block">
              <FormattedMessage id="webhooks.empty" />
            </Text>
          }
        >
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={8} highlightOnHover data-testid="webhook-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <FormattedMessage id="webhooks.url" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="webhooks.eventTypes" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="webhooks.state" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="webhooks.actions" />
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.map((w) => {
                  const badge = stateBadge(w.state);
                  return (
                    <Table.Tr key={w.id} data-testid="webhook-row" data-webhook={w.id} data-state={WebhookState[w.state]} aria-selected={w.id === search.webhook || undefined}>
                      <Table.Td style={{ maxWidth: 320 }}>
                        <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }} dir="ltr" data-testid="webhook-url-cell">
                          {w.url}
                        </Text>
                        {w.description && (
                          <Text size="xs" c="dimmed">
                            {w.description}
                          </Text>
                        )}
                        {w.secretHint && (
                          <Text size="xs" c="dimmed" data-testid="webhook-secret-hint">
                            <FormattedMessage id="webhooks.secretHint" values={{ hint: w.secretHint }} />
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {w.eventTypes.map((t) => (
                            <Badge key={t} variant="outline" color="gray" tt="none" size="sm">
                              {t}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={badge.color} miw="max-content" data-testid="webhook-state">
                          <FormattedMessage id={badge.key} />
                        </Badge>
                        {w.consecutiveFailures > 0 && (
                          <Text size="xs" c="red.9">
                            <FormattedMessage id="webhooks.failures" values={{ count: w.consecutiveFailures }} />
                          </Text>
                        )}
                        {w.disabledReason && (
                          <Text size="xs" c="dimmed" data-testid="webhook-reason">
                            {w.disabledReason}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="compact-sm" variant="light" onClick={() => showLog(w.id)} data-testid="webhook-deliveries">
                            <FormattedMessage id="webhooks.deliveries" />
                          </Button>
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button
                                size="compact-sm"
                                variant="default"
                                aria-label={intl.formatMessage({ id: "webhooks.actionsFor" }, { url: w.url })}
                                data-testid="webhook-actions"
                              >
                                <FormattedMessage id="webhooks.actions" />
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => setForm({ webhook: w })} data-testid="webhook-edit">
                                <FormattedMessage id="webhooks.edit" />
                              </Menu.Item>
                              {w.state === WebhookState.ENABLED ? (
                                <Menu.Item onClick={() => setEnabled(w, false)} data-testid="webhook-disable">
                                  <FormattedMessage id="webhooks.disable" />
                                </Menu.Item>
                              ) : (
                                <Menu.Item onClick={() => setEnabled(w, true)} data-testid="webhook-enable">
                                  <FormattedMessage id="webhooks.enable" />
                                </Menu.Item>
                              )}
                              <Menu.Item onClick={() => sendTest(w)} data-testid="webhook-test">
                                <FormattedMessage id="webhooks.test" />
                              </Menu.Item>
                              <Menu.Item onClick={() => setConfirm({ kind: "rotate", webhook: w })} data-testid="webhook-rotate">
                                <FormattedMessage id="webhooks.rotate" />
                              </Menu.Item>
                              <Menu.Item color="red.9" onClick={() => setConfirm({ kind: "delete", webhook: w })} data-testid="webhook-delete">
                                <FormattedMessage id="webhooks.delete" />
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </QueryState>
      </Card>
      <Pager page={page} next={list.data?.page?.nextPageToken || undefined} onPage={setPage} />
      {selected && <DeliveryLog key={selected.id} webhook={selected} onClose={() => showLog(undefined)} />}
      {form && (
        <WebhookForm
          opened
          webhook={form.webhook}
          catalogue={types.data?.eventTypes ?? []}
          saving={create.isPending || update.isPending}
          onSave={save}
          onClose={() => setForm(null)}
        />
      )}
      <SecretReveal
        secret={secret}
        title={intl.formatMessage({ id: "webhooks.secret.title" })}
        warning={intl.formatMessage({ id: "webhooks.secret.warning" })}
        label={intl.formatMessage({ id: "webhooks.secret.label" })}
        copy={intl.formatMessage({ id: "webhooks.secret.copy" })}
        copied={intl.formatMessage({ id: "webhooks.secret.copied" })}
        done={intl.formatMessage({ id: "webhooks.secret.done" })}
        testId="webhook-secret"
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        opened={confirm !== null}
        title={intl.formatMessage({ id: confirm?.kind === "delete" ? "webhooks.delete" : "webhooks.rotate" })}
        confirmLabel={intl.formatMessage({ id: confirm?.kind === "delete" ? "webhooks.delete" : "webhooks.rotate" })}
        loading={remove.isPending || rotate.isPending}
        onConfirm={confirmed}
        onClose={() => setConfirm(null)}
      >
        {confirm && <FormattedMessage id={confirm.kind === "delete" ? "webhooks.deleteConfirm" : "webhooks.rotateConfirm"} values={{ url: confirm.webhook.url }} />}
      </ConfirmDialog>
    </Stack>
  );
}
