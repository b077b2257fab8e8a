import { useEffect, useRef, useState } from "react";
import { Alert, Button, Group, Paper, Progress, Radio, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { ButtonLink } from "../../../components/ButtonLink";
import { QueryState } from "../../../components/QueryState";
import { toastError, toastInfo } from "../../../lib/notify";
import { useCan, useWhoAmI } from "../../../lib/session";
import { downloadExport, saveBlob } from "../api/export";
import { useBytes } from "../components/FileDrop";
import { ExportError, type ExportFormat } from "../lib/download";

/**
 * The full export (docs/data.md, "Export"): a zip of the node's business data as NDJSON or CSV,
 * fetched with the session's token (the node serves it over plain HTTP, not as an RPC), kept in
 * memory while it arrives, then saved under the name the node gives it.
 */
export function ExportScreen() {
  const intl = useIntl();
  const bytes = useBytes();
  const me = useWhoAmI();
  const canExport = useCan(Permission.DATA_EXPORT);
  const canImport = useCan(Permission.DATA_IMPORT);
  const [format, setFormat] = useState<ExportFormat>("ndjson");
  const [received, setReceived] = useState<number | null>(null);
  const [last, setLast] = useState<{ filename: string; bytes: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const messageOf = (e: unknown) => {
    if (e instanceof ExportError) {
      return intl.formatMessage({ id: `data.export.error.${e.kind}` }, { detail: e.detail, status: e.status });
    }
    return intl.formatMessage({ id: "data.export.error.network" });
  };

  const download = async () => {
    const ctl = new AbortController();
    abort.current = ctl;
    setReceived(0);
    setFailure(null);
    // At most one update a frame: a fast download brings thousands of chunks.
    let pending = 0;
    let frame = 0;
    try {
      const r = await downloadExport(
        format,
        (n) => {
          pending = n;
          if (!frame) {
            frame = requestAnimationFrame(() => {
              frame = 0;
              setReceived(pending);
            });
          }
        },
        ctl.signal,
      );
      saveBlob(r.blob, r.filename);
      setLast({ filename: r.filename, bytes: r.bytes });
      toastInfo(intl.formatMessage({ id: "data.export.saved" }, { name: r.filename, size: bytes(r.bytes) }));
    } catch (e) {
      if (ctl.signal.aborted) {
        toastInfo(intl.formatMessage({ id: "data.export.cancelled" }));
      } else {
        const message = messageOf(e);
        setFailure(message);
        toastError(new Error(message));
      }
    } finally {
      if (frame) cancelAnimationFrame(frame);
      abort.current = null;
      setReceived(null);
    }
  };

  const busy = received !== null;

  return (
    <Stack maw={760}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>
          <FormattedMessage id="data.export.title" />
        </Title>
        {canImport && (
          <ButtonLink to="/data/import" variant="subtle" data-testid="to-import">
            <FormattedMessage id="data.export.toImport" />
          </ButtonLink>
        )}
      </Group>
      <Text>
        <FormattedMessage id="data.export.intro" />
      </Text>
      <QueryState isPending={me.isPending} error={me.error} onRetry={() => void me.refetch()}>
      {!canExport ? (
        <Alert color="yellow" role="alert" data-testid="export-forbidden">
          <FormattedMessage id="data.export.noPermission" />
        </Alert>
      ) : (
        <Paper withBorder p="md" radius="md">
          <Stack>
            <Radio.Group
              label={intl.formatMessage({ id: "data.export.format" })}
              value={format}
              onChange={(v) => setFormat(v as ExportFormat)}
              data-testid="export-format"
            >
              <Stack gap="xs" mt="xs">
                <Radio value="ndjson" disabled={busy} label={intl.formatMessage({ id: "data.export.format.ndjson" })} description={intl.formatMessage({ id: "data.export.format.ndjsonHint" })} data-testid="export-ndjson" />
                <Radio value="csv" disabled={busy} label={intl.formatMessage({ id: "data.export.format.csv" })} description={intl.formatMessage({ id: "data.export.format.csvHint" })} data-testid="export-csv" />
              </Stack>
            </Radio.Group>
            <Text size="sm" c="dimmed">
              <FormattedMessage id="data.export.secrets" />
            </Text>
            <Group wrap="wrap">
              <Button onClick={() => void download()} loading={busy} data-testid="export-download">
                <FormattedMessage id="data.export.download" />
              </Button>
              {busy && (
                <Button variant="default" onClick={() => abort.current?.abort()} data-testid="export-cancel">
                  <FormattedMessage id="data.cancel" />
                </Button>
              )}
            </Group>
            {busy && (
              <Stack gap={4} data-testid="export-progress" data-bytes={received}>
                <Progress.Root size="md">
                  <Progress.Section
                    value={100}
                    striped
                    animated
                    aria-label={intl.formatMessage({ id: "data.export.progress" })}
                    aria-valuetext={intl.formatMessage({ id: "data.export.received" }, { size: bytes(received) })}
                  />
                </Progress.Root>
                <Text size="sm" aria-live="polite">
                  {received === 0 ? (
                    <FormattedMessage id="data.export.preparing" />
                  ) : (
                    <FormattedMessage id="data.export.received" values={{ size: bytes(received) }} />
                  )}
                </Text>
              </Stack>
            )}
            {failure && !busy && (
              <Alert color="red" role="alert" data-testid="export-failure">
                {failure}
              </Alert>
            )}
            {last && !busy && (
              <Text size="sm" data-testid="export-last" data-name={last.filename}>
                <FormattedMessage id="data.export.last" values={{ name: last.filename, size: bytes(last.bytes) }} />
              </Text>
            )}
          </Stack>
        </Paper>
      )}
      </QueryState>
    </Stack>
  );
}
