import { useRef, useState, type FormEvent } from "react";
import { Alert, Badge, Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { VerdictSeverity, type InspectionResult } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ScanInput, useWedgeFocus } from "../../../components/ScanInput";
import { VerdictPanel } from "../../../components/VerdictPanel";
import { toUiError } from "../../../lib/errors";
import { signal } from "../../../lib/signal";
import { newOperationId } from "../../../lib/operationId";
import { useCan } from "../../../lib/session";
import { useRecordInspection } from "../api/maintenance";

type Recorded = { kind: "result"; r: InspectionResult } | { kind: "refused"; code: string; message: string; id: string };

/**
 * Recording inspections by scanning: pick pass or fail (a failure needs a note), scan the unit's
 * barcode (one RecordInspection each, a fresh operation ID). The verdict says in big type which
 * unit was recorded, how, and when its next inspection is due; the session's results stay below.
 */
export function InspectScreen() {
  const intl = useIntl();
  const canScan = useCan(Permission.SCAN);
  const record = useRecordInspection();
  const [code, setCode] = useState("");
  const [passed, setPassed] = useState(true);
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [session, setSession] = useState<Recorded[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const focus = useWedgeFocus(input);
  const last = session[0];

  const onScan = async (e: FormEvent) => {
    e.preventDefault();
    const barcode = code.trim();
    if (!barcode) return;
    setNoteError(null);
    if (!passed && !note.trim()) {
      setNoteError(intl.formatMessage({ id: "inspect.needNote" }));
      return;
    }
    setCode("");
    const operationId = newOperationId();
    try {
      const r = await record.mutateAsync({ operationId, barcode, passed, note: note.trim() });
      setSession((s) => [{ kind: "result" as const, r }, ...s].slice(0, 50));
      // A pass is recorded (green beep); a failure quarantines the unit (warning tone).
      signal(r.passed ? VerdictSeverity.OK : VerdictSeverity.WARNING);
      if (!passed) {
        // A failure is the exception: the next scan is a pass again unless chosen otherwise.
        setPassed(true);
        setNote("");
      }
    } catch (err) {
      setSession((s) => [{ kind: "refused" as const, code: barcode, message: toUiError(err).message, id: operationId }, ...s].slice(0, 50));
      signal(VerdictSeverity.ERROR);
    } finally {
      focus();
    }
  };

  const day = (ts: InspectionResult["nextDueAt"]) => (ts ? intl.formatDate(timestampDate(ts), { dateStyle: "full" }) : "");

  return (
    <Stack maw={820}>
      <AnchorLink to="/maintenance/inspections" size="sm">
        ← <FormattedMessage id="inspect.back" />
      </AnchorLink>
      <Title order={2}>
        <FormattedMessage id="inspect.title" />
      </Title>
      {!canScan ? (
        <Alert color="yellow" role="status">
          <FormattedMessage id="inspect.noPermission" />
        </Alert>
      ) : (
        <form onSubmit={onScan} data-testid="inspect-form">
          <Stack gap="sm">
            <Group align="end" gap="sm" wrap="wrap">
              <div style={{ flex: 1, minWidth: 220 }}>
                <ScanInput
                  inputRef={input}
                  label={intl.formatMessage({ id: "inspect.code" })}
                  placeholder={intl.formatMessage({ id: "inspect.codeHint" })}
                  value={code}
                  onChange={setCode}
                />
              </div>
              <Button type="submit" size="xl" loading={record.isPending} data-testid="scan-submit">
                <FormattedMessage id="inspect.submit" />
              </Button>
            </Group>
            <Radio.Group
              label={intl.formatMessage({ id: "inspect.result" })}
              value={passed ? "pass" : "fail"}
              onChange={(v) => setPassed(v === "pass")}
            >
              <Group mt="xs">
                <Radio value="pass" label={intl.formatMessage({ id: "inspect.pass" })} data-testid="inspect-pass" />
                <Radio value="fail" label={intl.formatMessage({ id: "inspect.fail" })} data-testid="inspect-fail" />
              </Group>
            </Radio.Group>
            <TextInput
              label={intl.formatMessage({ id: "inspect.note" })}
              description={intl.formatMessage({ id: "inspect.noteHint" })}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={noteError}
              required={!passed}
              data-testid="inspect-note"
            />
          </Stack>
        </form>
      )}
      <div aria-live="polite" role="status" data-testid="scan-status">
        {last?.kind === "result" && (
          <VerdictPanel
            color={last.r.passed ? "green" : "orange"}
            severity={last.r.passed ? "OK" : "WARNING"}
            verdict={last.r.passed ? "PASS" : "FAIL"}
          >
            <Text fz={32} fw={700} data-testid="inspect-verdict-line">
              <FormattedMessage id={last.r.passed ? "inspect.passed" : "inspect.failed"} values={{ barcode: last.r.barcode }} />
            </Text>
            <Text fz="lg">
              {last.r.productName} {last.r.replayed && <FormattedMessage id="inspect.replayed" />}
            </Text>
            <Text fz="xl" fw={600} data-testid="inspect-next-due">
              {last.r.nextDueAt ? (
                <FormattedMessage id="inspect.nextDue" values={{ date: day(last.r.nextDueAt) }} />
              ) : last.r.passed ? (
                <FormattedMessage id="inspect.noRule" />
              ) : (
                <FormattedMessage id="inspect.failedDetail" />
              )}
            </Text>
            {last.r.repairTicketId && (
              <AnchorLink
                to="/maintenance/repairs/$repairId"
                params={{ repairId: last.r.repairTicketId }}
                data-testid="inspect-ticket"
              >
                <FormattedMessage id="inspect.ticket" />
              </AnchorLink>
            )}
          </VerdictPanel>
        )}
        {last?.kind === "refused" && (
          <VerdictPanel color="red" severity="ERROR">
            <Text fz={32} fw={700}>
              <FormattedMessage id="inspect.refused" values={{ barcode: last.code }} />
            </Text>
            <Text>{last.message}</Text>
          </VerdictPanel>
        )}
      </div>
      <Title order={3}>
        <FormattedMessage id="inspect.recent" />
      </Title>
      {session.length === 0 ? (
        <Text c="dimmed">
          <FormattedMessage id="inspect.none" />
        </Text>
      ) : (
        <Stack gap={4} data-testid="inspect-session">
          {session.map((x) =>
            x.kind === "result" ? (
              <Paper key={x.r.operationId} withBorder p="xs" data-testid="inspect-row" data-barcode={x.r.barcode} data-passed={String(x.r.passed)}>
                <Group gap="sm" wrap="nowrap">
                  <Badge color={x.r.passed ? "green" : "orange"} variant="light" style={{ flexShrink: 0 }}>
                    <FormattedMessage id={x.r.passed ? "inspect.pass" : "inspect.fail"} />
                  </Badge>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {x.r.barcode} · {x.r.productName}
                    {x.r.nextDueAt && <> · {intl.formatMessage({ id: "inspect.nextDue" }, { date: day(x.r.nextDueAt) })}</>}
                  </Text>
                </Group>
              </Paper>
            ) : (
              <Paper key={x.id} withBorder p="xs" data-testid="inspect-row" data-barcode={x.code} data-passed="error">
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  <FormattedMessage id="inspect.refused" values={{ barcode: x.code }} /> · {x.message}
                </Text>
              </Paper>
            ),
          )}
        </Stack>
      )}
    </Stack>
  );
}
