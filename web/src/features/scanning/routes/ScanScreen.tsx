import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { FormattedMessage, FormattedTime, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  ItemCondition,
  ScanVerdict,
  VerdictSeverity,
  type ScanResult,
} from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { can, useWhoAmI } from "../../../lib/session";
import { toUiError } from "../../../lib/errors";
import { toastError } from "../../../lib/notify";
import { invalidateAfterScans, newOperationId, undoScan, useEvent, useScans } from "../api/scanning";
import { isNetworkError, type QueuedScan } from "../queue";
import { scanQueue, startScanSync } from "../offline";
import { severityColor, signal, verdictLabelId } from "../verdict";
import { ScanInput, useWedgeFocus } from "../../../components/ScanInput";
import { VerdictPanel } from "../../../components/VerdictPanel";

const route = getRouteApi("/_app/events/$eventId_/scan");

type Mode = "out" | "in";

// The camera brings the barcode polyfill and its .wasm: loaded when the button is pressed.
const CameraScanner = lazy(() => import("../components/CameraScanner"));

/** What the big panel shows: the last answer, or why there is none. */
type Last =
  | { kind: "result"; scan: QueuedScan; result: ScanResult }
  | { kind: "queued"; scan: QueuedScan }
  | { kind: "refused"; scan: QueuedScan; message: string };

/**
 * The warehouse's scan screen: one input that keeps the focus (a keyboard-wedge scanner types the
 * code and Enter), check out or in, the verdict big and coloured with a beep, recent scans, undo
 * and override. Scans that cannot reach the node wait in a queue in this browser and are replayed
 * in order when it is back; their operation IDs make a replay safe.
 */
export function ScanScreen() {
  const intl = useIntl();
  const { eventId } = route.useParams();
  const event = useEvent(eventId);
  const scans = useScans(eventId);
  const me = useWhoAmI();
  const canScan = can(me.data?.permissions, Permission.SCAN);
  const canOverride = can(me.data?.permissions, Permission.SCAN_OVERRIDE);
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>("out");
  const [code, setCode] = useState("");
  const [quantity, setQuantity] = useState<number | string>(1);
  const [damage, setDamage] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"damage" | "override" | null>(null);
  const [note, setNote] = useState("");
  const [last, setLast] = useState<Last | null>(null);
  const [camera, setCamera] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const queue = scanQueue();
  const { deferred, conflicts } = useSyncExternalStore(
    (cb) => queue.subscribe(cb),
    () => queue.snapshot,
  );

  // Typing anywhere goes to the input; focus() gives it back after a dialog's close transition.
  const focus = useWedgeFocus(input, dialog !== null);

  const refresh = useCallback(() => {
    void invalidateAfterScans(queryClient);
  }, [queryClient]);

  useEffect(() => {
    // A backlog sent when the connection is back updates the panel a few times a second, not once
    // per scan, and does not beep: what needs a look lands in the conflicts below.
    let pending: Last | null = null;
    let timer = 0;
    queue.setHandlers({
      onResult: (scan, result) => {
        if (scan.eventId !== eventId) return;
        if (!scan.deferred) {
          setLast({ kind: "result", scan, result });
          signal(result.severity);
          return;
        }
        pending = { kind: "result", scan, result };
        timer ||= window.setTimeout(() => {
          timer = 0;
          if (pending) setLast(pending);
        }, 200);
      },
      onRefused: (scan, error) => {
        if (scan.eventId !== eventId) return;
        setLast({ kind: "refused", scan, message: toUiError(error).message });
        signal(VerdictSeverity.ERROR);
      },
    });
    startScanSync();
    // What others (the background sync, another tab) sent shows up in the list.
    let waiting = queue.snapshot.size;
    const unsubscribe = queue.subscribe(() => {
      if (waiting > 0 && queue.snapshot.size === 0) refresh();
      waiting = queue.snapshot.size;
    });
    void queue.flush().catch(() => undefined);
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
      queue.setHandlers({});
    };
  }, [queue, eventId, refresh]);

  const submit = (scan: QueuedScan) => {
    void (async () => {
      await queue.enqueue(scan);
      const o = await queue.flush();
      if (o.stoppedOffline && (await queue.has(scan.operationId))) {
        setLast({ kind: "queued", scan });
        signal(VerdictSeverity.INFO);
      }
      refresh();
    })().catch(toastError);
  };

  /** A code the camera read goes the same way as a wedge scan, with the current mode. */
  const onCameraCode = (barcode: string) => {
    submitCode(barcode);
  };

  const onScan = (e: FormEvent) => {
    e.preventDefault();
    submitCode(code);
    focus();
  };

  const submitCode = (raw: string) => {
    const barcode = raw.trim();
    if (!barcode) return;
    const qty = typeof quantity === "number" && quantity > 1 ? quantity : undefined;
    const scan: QueuedScan =
      mode === "out"
        ? { kind: "checkOut", operationId: newOperationId(), eventId, barcode, quantity: qty, queuedAt: Date.now() }
        : {
            kind: "checkIn",
            operationId: newOperationId(),
            eventId,
            barcode,
            quantity: qty,
            condition: damage !== null ? ItemCondition.DAMAGED : ItemCondition.OK,
            note: damage ?? undefined,
            queuedAt: Date.now(),
          };
    setCode("");
    setQuantity(1);
    setDamage(null);
    submit(scan);
  };

  const override = (reason: string) => {
    if (last?.kind !== "result") return;
    submit({ ...last.scan, operationId: newOperationId(), overrideReason: reason, deferred: undefined, queuedAt: Date.now() });
  };

  // The newest applied scan nothing has reverted (the list is newest first).
  const undoable = (scans.data?.scans ?? []).find(
    (s) => s.applied && !s.undoneByOperationId && s.verdict !== ScanVerdict.UNDONE,
  );
  const undo = () => {
    if (!undoable) return;
    setUndoing(true);
    undoScan(undoable.operationId)
      .then((result) => {
        setLast({
          kind: "result",
          scan: { kind: "checkOut", operationId: result.operationId, eventId, barcode: result.item?.barcode ?? "", queuedAt: Date.now() },
          result,
        });
        signal(result.severity);
        refresh();
      })
      .catch((err) => {
        if (isNetworkError(err)) toastError(new Error(intl.formatMessage({ id: "scan.undoOffline" })));
        else toastError(err);
      })
      .finally(() => {
        setUndoing(false);
        focus();
      });
  };

  const e = event.data?.event;
  // Opened without a connection (a reload in the truck): the event cannot load, scanning still works.
  const offline =
    !e && (!navigator.onLine || event.fetchStatus === "paused" || (event.error !== null && isNetworkError(event.error)));
  const lastResult = last?.kind === "result" ? last.result : null;
  const canApplyAnyway =
    canOverride && lastResult !== null && lastResult.overridable && !lastResult.applied && last?.scan.kind === "checkOut";

  return (
    <Stack maw={820}>
      <Group gap="md">
        <AnchorLink to="/events/$eventId" params={{ eventId }} size="sm">
          ← {e?.name ?? intl.formatMessage({ id: "events.title" })}
        </AnchorLink>
        <AnchorLink to="/events/$eventId/returns" params={{ eventId }} size="sm" data-testid="scan-report-link">
          <FormattedMessage id="returns.title" />
        </AnchorLink>
      </Group>
      <QueryState
        isPending={event.isPending && !offline}
        error={offline ? null : event.error}
        onRetry={() => void event.refetch()}
      >
        <Title order={2}>
          <FormattedMessage id="scan.title" values={{ name: e?.name ?? "" }} />
        </Title>
        {offline && !e && (
          <Alert color="orange" role="status" data-testid="scan-offline">
            <FormattedMessage id="scan.offlineEvent" />
          </Alert>
        )}
        {me.data && !canScan && (
          <Alert color="yellow" role="status">
            <FormattedMessage id="scan.noPermission" />
          </Alert>
        )}
        <SegmentedControl
          fullWidth
          size="lg"
          value={mode}
          onChange={(v) => {
            setMode(v as Mode);
            setDamage(null);
            focus();
          }}
          data={[
            { value: "out", label: intl.formatMessage({ id: "scan.mode.out" }) },
            { value: "in", label: intl.formatMessage({ id: "scan.mode.in" }) },
          ]}
          aria-label={intl.formatMessage({ id: "scan.mode" })}
          data-testid="scan-mode"
        />
        <form onSubmit={onScan}>
          <Stack gap="sm">
            <ScanInput
              inputRef={input}
              label={intl.formatMessage({ id: "scan.code" })}
              placeholder={intl.formatMessage({ id: "scan.codeHint" })}
              value={code}
              onChange={setCode}
            />
            <Group align="end" gap="sm" wrap="wrap">
              <NumberInput
                size="md"
                w={140}
                min={1}
                max={100000}
                clampBehavior="strict"
                allowDecimal={false}
                label={intl.formatMessage({ id: "scan.quantity" })}
                description={intl.formatMessage({ id: "scan.quantityHint" })}
                value={quantity}
                onChange={setQuantity}
                data-testid="scan-quantity"
              />
              {mode === "in" && (
                <Switch
                  size="lg"
                  checked={damage !== null}
                  onChange={(ev) => {
                    if (ev.currentTarget.checked) {
                      setNote("");
                      setDialog("damage");
                    } else {
                      setDamage(null);
                      focus();
                    }
                  }}
                  label={
                    damage !== null
                      ? intl.formatMessage({ id: "scan.damagedWith" }, { note: damage })
                      : intl.formatMessage({ id: "scan.damaged" })
                  }
                  data-testid="scan-damaged"
                />
              )}
              <Button type="submit" size="lg" data-testid="scan-submit">
                <FormattedMessage id={mode === "out" ? "scan.submitOut" : "scan.submitIn"} />
              </Button>
              <Button
                size="lg"
                variant="default"
                aria-pressed={camera}
                onClick={() => setCamera((c) => !c)}
                data-testid="scan-camera-toggle"
              >
                <FormattedMessage id="scan.camera" />
              </Button>
            </Group>
          </Stack>
        </form>
        {camera && (
          <Suspense
            fallback={
              <Text role="status">
                <FormattedMessage id="scan.cameraStarting" />
              </Text>
            }
          >
            <CameraScanner
              onCode={onCameraCode}
              onClose={() => {
                setCamera(false);
                focus();
              }}
            />
          </Suspense>
        )}

        <div aria-live="polite" role="status" data-testid="scan-status">
          {deferred > 0 && (
            <Alert color="orange" mb="sm" data-testid="scan-queued">
              <FormattedMessage id="scan.queued" values={{ count: deferred }} />
            </Alert>
          )}
          {last && <Verdict last={last} />}
        </div>

        <Group gap="sm" wrap="wrap">
          {canApplyAnyway && (
            <Button
              size="lg"
              color="yellow.9"
              onClick={() => {
                setNote("");
                setDialog("override");
              }}
              data-testid="scan-override"
            >
              <FormattedMessage id="scan.applyAnyway" />
            </Button>
          )}
          <Button
            size="lg"
            variant="default"
            disabled={!canScan || !undoable}
            loading={undoing}
            onClick={undo}
            data-testid="scan-undo"
          >
            <FormattedMessage id="scan.undo" />
          </Button>
        </Group>

        {conflicts.length > 0 && (
          <Alert
            color="red"
            role="alert"
            title={intl.formatMessage({ id: "scan.conflicts" }, { count: conflicts.length })}
            withCloseButton
            closeButtonLabel={intl.formatMessage({ id: "scan.conflictsDismissAll" })}
            onClose={() => void queue.dismissAllConflicts()}
            data-testid="scan-conflicts"
          >
            <Text size="sm" mb="xs">
              <FormattedMessage id="scan.conflictsHint" />
            </Text>
            <Stack gap={4}>
              {conflicts.map((c) => (
                <Group key={c.operationId} gap="sm" wrap="nowrap" justify="space-between" data-testid="scan-conflict" data-barcode={c.barcode}>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    <b>{c.barcode}</b>
                    {c.quantity ? ` ×${c.quantity}` : ""}: {c.message}
                  </Text>
                  <Button
                    size="compact-sm"
                    variant="outline"
                    color="red"
                    onClick={() => void queue.dismissConflict(c.operationId)}
                    data-testid="scan-conflict-dismiss"
                  >
                    <FormattedMessage id="scan.conflictDismiss" />
                  </Button>
                </Group>
              ))}
            </Stack>
          </Alert>
        )}

        <Title order={3}>
          <FormattedMessage id="scan.recent" />
        </Title>
        <QueryState
          isPending={scans.isPending}
          error={scans.error}
          onRetry={() => void scans.refetch()}
          isEmpty={(scans.data?.scans.length ?? 0) === 0}
          empty={<FormattedMessage id="scan.noScans" />}
        >
          <Stack gap={4} data-testid="scan-list">
            {(scans.data?.scans ?? []).map((s) => (
              <ScanRow key={s.operationId} scan={s} />
            ))}
          </Stack>
        </QueryState>
      </QueryState>

      <Modal
        opened={dialog !== null}
        onClose={() => {
          setDialog(null);
          focus();
        }}
        title={intl.formatMessage({ id: dialog === "override" ? "scan.overrideTitle" : "scan.damageTitle" })}
        returnFocus={false}
        onExitTransitionEnd={focus}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            const text = note.trim();
            if (!text) return;
            if (dialog === "override") override(text);
            else setDamage(text);
            setDialog(null);
            focus();
          }}
        >
          <Stack>
            {dialog === "override" && lastResult && <Text size="sm">{lastResult.message}</Text>}
            <Textarea
              data-autofocus
              required
              maxLength={500}
              label={intl.formatMessage({ id: dialog === "override" ? "scan.overrideReason" : "scan.damageNote" })}
              value={note}
              onChange={(ev) => setNote(ev.currentTarget.value)}
              data-testid="scan-dialog-text"
            />
            <Group justify="end">
              <Button
                variant="default"
                onClick={() => {
                  setDialog(null);
                  focus();
                }}
              >
                <FormattedMessage id="newEvent.cancel" />
              </Button>
              <Button type="submit" disabled={!note.trim()} data-testid="scan-dialog-submit">
                <FormattedMessage id={dialog === "override" ? "scan.applyAnyway" : "scan.damageConfirm"} />
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function Verdict({ last }: { last: Last }) {
  const intl = useIntl();
  if (last.kind === "queued") {
    return (
      <VerdictPanel color="orange" severity="QUEUED">
        <Text fz={28} fw={700}>
          <FormattedMessage id="scan.verdictQueued" values={{ code: last.scan.barcode }} />
        </Text>
      </VerdictPanel>
    );
  }
  if (last.kind === "refused") {
    return (
      <VerdictPanel color="red" severity="ERROR">
        <Text fz={28} fw={700}>
          <FormattedMessage id="scan.verdictRefused" values={{ code: last.scan.barcode }} />
        </Text>
        <Text>{last.message}</Text>
      </VerdictPanel>
    );
  }
  const r = last.result;
  const p = r.progress;
  return (
    <VerdictPanel color={severityColor(r.severity)} severity={VerdictSeverity[r.severity]} verdict={ScanVerdict[r.verdict]}>
      <Text fz={28} fw={700}>
        {intl.formatMessage({ id: verdictLabelId(r.verdict) })}
        {r.replayed && (
          <Badge ms="sm" variant="outline" color="gray">
            <FormattedMessage id="scan.replayed" />
          </Badge>
        )}
      </Text>
      <Text size="lg">{r.message || last.scan.barcode}</Text>
      {p && (
        <Text fz={22} fw={600} data-testid="scan-progress">
          {last.scan.kind === "checkIn" ? (
            <FormattedMessage
              id="scan.progressIn"
              values={{ name: p.productName, back: p.returned + p.damaged + p.missing, out: p.out }}
            />
          ) : (
            <FormattedMessage id="scan.progressOut" values={{ name: p.productName, out: p.outstanding, booked: p.booked }} />
          )}
        </Text>
      )}
      {r.otherEventName && (
        <Text size="sm">
          <FormattedMessage id="scan.otherEvent" values={{ name: r.otherEventName }} />
        </Text>
      )}
    </VerdictPanel>
  );
}

function ScanRow({ scan }: { scan: ScanResult }) {
  const intl = useIntl();
  const at = scan.scannedAt ? timestampDate(scan.scannedAt) : null;
  return (
    <Paper withBorder p="xs" data-testid="scan-row" data-verdict={ScanVerdict[scan.verdict]}>
      <Group gap="sm" wrap="nowrap" align="start">
        <Badge color={severityColor(scan.severity)} variant="light" style={{ flexShrink: 0 }}>
          {intl.formatMessage({ id: verdictLabelId(scan.verdict) })}
        </Badge>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" style={{ overflowWrap: "anywhere" }} td={scan.undoneByOperationId ? "line-through" : undefined}>
            {scan.message || scan.item?.barcode}
          </Text>
          <Text size="xs" c="dimmed">
            {at && <FormattedTime value={at} hour="2-digit" minute="2-digit" second="2-digit" />}
            {scan.overrideReason && (
              <>
                {" · "}
                <FormattedMessage id="scan.overridden" values={{ reason: scan.overrideReason }} />
              </>
            )}
            {scan.undoneByOperationId && (
              <>
                {" · "}
                <FormattedMessage id="scan.undone" />
              </>
            )}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
