import { useEffect, useState } from "react";
import { Alert, Badge, Button, Card, Checkbox, Group, Radio, Stack, Table, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { EmailDigest } from "../../../gen/eventkit/v1/notifications_pb";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useEventTypes, usePreferences, useUpdatePreferences } from "../api/notifications";
import { WebPushCard } from "../components/WebPushCard";
import { CHANNELS, buildMatrix, canReset, isDirty, resetRow, setDigest, toUpdate, toggle, type PrefMatrix } from "../lib/preferences";

/** The caller's notification settings: event types × channels, the email digest, and web push on this browser. */
export function PreferencesScreen() {
  const intl = useIntl();
  const prefs = usePreferences();
  const types = useEventTypes();
  const save = useUpdatePreferences();
  const [m, setM] = useState<PrefMatrix | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    if (prefs.data && types.data && (!m || !isDirty(m))) setM(buildMatrix(prefs.data, types.data.eventTypes));
    // Rebuilt from the server's answer only while nothing is being edited.
  }, [prefs.data, types.data]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!m) return;
    setError("");
    save.mutate(toUpdate(m), {
      onSuccess: (data) => {
        setM(buildMatrix(data, types.data?.eventTypes ?? []));
        toastInfo(intl.formatMessage({ id: "prefs.saved" }));
      },
      onError: (err) => setError(toUiError(err).message),
    });
  };

  const channelName = (c: number) => intl.formatMessage({ id: `prefs.channel.${c}` });

  return (
    <Stack maw={960}>
      <Title order={2}>
        <FormattedMessage id="prefs.title" />
      </Title>
      <Text size="sm" c="dimmed">
        <FormattedMessage id="prefs.intro" />
      </Text>
      <QueryState
        isPending={prefs.isPending || types.isPending}
        error={prefs.error ?? types.error}
        onRetry={() => {
          void prefs.refetch();
          void types.refetch();
        }}
      >
        {m && (
          <form onSubmit={submit} noValidate data-testid="prefs-form">
            <Card withBorder padding="md">
              <Stack>
                {error && (
                  <Alert color="red" role="alert">
                    {error}
                  </Alert>
                )}
                {m.rows.length === 0 ? (
                  <Text c="dimmed">
                    <FormattedMessage id="prefs.none" />
                  </Text>
                ) : (
                  <Table.ScrollContainer minWidth={640}>
                    <Table verticalSpacing={6} data-testid="prefs-table">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{intl.formatMessage({ id: "prefs.eventType" })}</Table.Th>
                          {CHANNELS.map((c) => (
                            <Table.Th key={c} ta="center">
                              {channelName(c)}
                            </Table.Th>
                          ))}
                          <Table.Th>{intl.formatMessage({ id: "prefs.defaults" })}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {m.rows.map((r) => (
                          <Table.Tr key={r.eventType} data-testid="prefs-row" data-event-type={r.eventType}>
                            <Table.Td>
                              <Text size="sm" fw={500} ff="monospace">
                                {r.eventType}
                              </Text>
                              {r.description && (
                                <Text size="xs" c="dimmed">
                                  {r.description}
                                </Text>
                              )}
                            </Table.Td>
                            {CHANNELS.map((c) => (
                              <Table.Td key={c}>
                                <Group justify="center">
                                  <Checkbox
                                    aria-label={intl.formatMessage({ id: "prefs.channelFor" }, { channel: channelName(c), type: r.eventType })}
                                    checked={r.channels.has(c)}
                                    onChange={(e) => setM(toggle(m, r.eventType, c, e.currentTarget.checked))}
                                    data-testid="prefs-channel"
                                    data-channel={c}
                                  />
                                </Group>
                              </Table.Td>
                            ))}
                            <Table.Td>
                              <Group gap="xs" wrap="nowrap">
                                <Badge variant="light" color={r.reset ? "yellow" : r.customised ? "indigo" : "gray"} miw="max-content">
                                  <FormattedMessage id={r.reset ? "prefs.willReset" : r.customised ? "prefs.customised" : "prefs.default"} />
                                </Badge>
                                <Button
                                  size="compact-xs"
                                  variant="subtle"
                                  disabled={!canReset(r)}
                                  onClick={() => setM(resetRow(m, r.eventType))}
                                  aria-label={intl.formatMessage({ id: "prefs.resetFor" }, { type: r.eventType })}
                                  data-testid="prefs-reset"
                                >
                                  <FormattedMessage id="prefs.reset" />
                                </Button>
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
                <Radio.Group
                  label={intl.formatMessage({ id: "prefs.digest" })}
                  value={String(m.digest)}
                  onChange={(v) => setM(setDigest(m, Number(v) as EmailDigest))}
                  data-testid="prefs-digest"
                >
                  <Group mt="xs" wrap="wrap">
                    <Radio value={String(EmailDigest.IMMEDIATE)} label={intl.formatMessage({ id: "prefs.digest.1" })} data-testid="prefs-digest-immediate" />
                    <Radio value={String(EmailDigest.DAILY)} label={intl.formatMessage({ id: "prefs.digest.2" })} data-testid="prefs-digest-daily" />
                  </Group>
                </Radio.Group>
                <Group justify="end">
                  {isDirty(m) && (
                    <Text size="sm" c="dimmed" role="status">
                      <FormattedMessage id="prefs.unsaved" />
                    </Text>
                  )}
                  <Button type="submit" loading={save.isPending} disabled={!isDirty(m)} data-testid="prefs-save">
                    <FormattedMessage id="prefs.save" />
                  </Button>
                </Group>
              </Stack>
            </Card>
          </form>
        )}
      </QueryState>
      <WebPushCard />
    </Stack>
  );
}
