import { useState } from "react";
import { Alert, Badge, Button, CloseButton, Group, NumberInput, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useIntl } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { SubHire } from "../../../gen/eventkit/v1/subhire_pb";
import { MoneySchema, type Money } from "../../../gen/eventkit/v1/common_pb";
import { Tracking } from "../../../gen/eventkit/v1/inventory_pb";
import { toUiError } from "../../../lib/errors";
import { fromMinorUnits, toMinorUnits } from "../../../lib/money";
import { toastInfo } from "../../../lib/notify";
import {
  useAcceptSubHire,
  useCancelSubHire,
  useChangeSubHire,
  useCheckInSubHire,
  useConfirmSubHire,
  useDeclineSubHire,
  useDispatchSubHire,
  useProductsById,
  useQuoteSubHire,
  useResyncSubHire,
  useReturnSubHire,
} from "../api/subhire";
import { fromLocalInput, toLocalInput } from "../../../lib/dates";
import { allowedActions, dispatchProblems, parseBarcodes, type SubHireAction } from "../lib/subhire";
import { ActionDialog } from "./ActionDialog";

const LABEL: Record<SubHireAction, string> = {
  quote: "subhire.action.quote",
  confirm: "subhire.action.confirm",
  decline: "subhire.action.decline",
  dispatch: "subhire.action.dispatch",
  checkIn: "subhire.action.checkIn",
  accept: "subhire.action.accept",
  change: "subhire.action.change",
  cancel: "subhire.action.cancel",
  return: "subhire.action.return",
  resync: "subhire.action.resync",
};

/** Actions that need a form go through a dialog; the others are one click. */
const WITH_DIALOG: readonly SubHireAction[] = ["quote", "decline", "dispatch", "change", "cancel", "return"];

/**
 * The buttons for what this side may do now (lib/subhire allowedActions: the node's own rules per
 * role and state), each disabled while any of them is sending. One-click actions show the API's
 * error under the buttons; the others open a dialog that keeps what was typed on an error.
 */
export function SubHireActions({ s }: { s: SubHire }) {
  const intl = useIntl();
  const actions = allowedActions(s.role, s.state);
  const [open, setOpen] = useState<SubHireAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const accept = useAcceptSubHire();
  const confirm = useConfirmSubHire();
  const checkIn = useCheckInSubHire();
  const resync = useResyncSubHire();
  const busy = accept.isPending || confirm.isPending || checkIn.isPending || resync.isPending;
  const id = s.negotiationId;

  const oneClick = async (a: SubHireAction) => {
    setError(null);
    try {
      if (a === "accept") await accept.mutateAsync({ negotiationId: id, expectedVersion: s.version });
      else if (a === "confirm") await confirm.mutateAsync({ negotiationId: id });
      else if (a === "checkIn") await checkIn.mutateAsync({ negotiationId: id });
      else if (a === "resync") await resync.mutateAsync({ negotiationId: id });
      toastInfo(intl.formatMessage({ id: `subhire.done.${a}` }));
    } catch (e) {
      setError(toUiError(e).message);
    }
  };
  const pendingOf = (a: SubHireAction) =>
    (a === "accept" && accept.isPending) || (a === "confirm" && confirm.isPending) || (a === "checkIn" && checkIn.isPending) || (a === "resync" && resync.isPending);

  if (actions.length === 0) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs" data-testid="subhire-actions">
        {actions.map((a) => (
          <Button
            key={a}
            variant={a === "resync" ? "default" : a === "decline" || a === "cancel" ? "outline" : "filled"}
            color={a === "decline" || a === "cancel" ? "red.9" : undefined}
            loading={pendingOf(a)}
            disabled={busy && !pendingOf(a)}
            onClick={() => (WITH_DIALOG.includes(a) ? setOpen(a) : void oneClick(a))}
            data-testid={`subhire-${a}`}
          >
            {intl.formatMessage({ id: LABEL[a] })}
          </Button>
        ))}
      </Group>
      {error && (
        <Alert color="red" role="alert" data-testid="subhire-action-error">
          {error}
        </Alert>
      )}
      {open === "quote" && <QuoteDialog s={s} onClose={() => setOpen(null)} />}
      {open === "decline" && <ReasonDialog s={s} kind="decline" onClose={() => setOpen(null)} />}
      {open === "cancel" && <ReasonDialog s={s} kind="cancel" onClose={() => setOpen(null)} />}
      {open === "return" && <ReasonDialog s={s} kind="return" onClose={() => setOpen(null)} />}
      {open === "dispatch" && <DispatchDialog s={s} onClose={() => setOpen(null)} />}
      {open === "change" && <ChangeDialog s={s} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

type DialogKind = "quote" | "decline" | "cancel" | "return" | "dispatch" | "change";

/**
 * What every action dialog shares: its title, submit label and test id by kind, the API's error,
 * and `send`: on success a toast and close, on failure the error (`onFail` may take field errors
 * from it first and returns the message to show).
 */
function useActionDialog(kind: DialogKind, onClose: () => void) {
  const intl = useIntl();
  const [error, setError] = useState<string | null>(null);
  const send = async (request: () => Promise<unknown>, onFail: (e: unknown) => string | null = (e) => toUiError(e).message) => {
    try {
      await request();
      toastInfo(intl.formatMessage({ id: `subhire.done.${kind}` }));
      onClose();
    } catch (e) {
      setError(onFail(e));
    }
  };
  const dialog = {
    opened: true,
    onClose,
    title: intl.formatMessage({ id: `subhire.${kind}Title` }),
    submitLabel: intl.formatMessage({ id: `subhire.${kind}Submit` }),
    error,
    testId: `subhire-${kind}-dialog`,
  };
  return { dialog, setError, send };
}

/** Decline (reason required), cancel (reason) and return (note). */
function ReasonDialog({ s, kind, onClose }: { s: SubHire; kind: "decline" | "cancel" | "return"; onClose(): void }) {
  const intl = useIntl();
  const decline = useDeclineSubHire();
  const cancel = useCancelSubHire();
  const ret = useReturnSubHire();
  const m = kind === "decline" ? decline : kind === "cancel" ? cancel : ret;
  const [text, setText] = useState("");
  const { dialog, setError, send } = useActionDialog(kind, onClose);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const required = kind !== "return";
  const submit = async () => {
    setError(null);
    if (required && !text.trim()) {
      setFieldError(intl.formatMessage({ id: "subhire.needReason" }));
      return;
    }
    setFieldError(undefined);
    await send(
      () => m.mutateAsync({ negotiationId: s.negotiationId, reason: text.trim() }),
      (e) => {
        const ui = toUiError(e, { reason: "reason" });
        setFieldError(ui.fields.reason);
        return ui.message || null;
      },
    );
  };
  return (
    <ActionDialog {...dialog} pending={m.isPending} onSubmit={() => void submit()} danger={kind !== "return"} size="md">
      <Textarea
        label={intl.formatMessage({ id: kind === "return" ? "subhire.returnNote" : "subhire.reason" })}
        withAsterisk={required}
        rows={3}
        maxLength={2000}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={fieldError}
        data-autofocus
        data-testid={`subhire-${kind}-reason`}
      />
    </ActionDialog>
  );
}

/** QuoteSubHire: a unit price per line (empty = the product's rental price), one currency, valid until. */
function QuoteDialog({ s, onClose }: { s: SubHire; onClose(): void }) {
  const intl = useIntl();
  const quote = useQuoteSubHire();
  const firstCurrency = s.lines.find((l) => l.quotedUnitPrice?.currencyCode || l.suggestedUnitPrice?.currencyCode);
  const [currency, setCurrency] = useState(
    firstCurrency?.quotedUnitPrice?.currencyCode || firstCurrency?.suggestedUnitPrice?.currencyCode || "EUR",
  );
  const initial = (m?: Money) => (m && m.currencyCode ? fromMinorUnits(m.minorUnits, m.currencyCode) : "");
  const [prices, setPrices] = useState<Record<string, string>>(() =>
    Object.fromEntries(s.lines.map((l) => [l.supplierProductId, initial(l.quotedUnitPrice) || initial(l.suggestedUnitPrice)])),
  );
  const [validUntil, setValidUntil] = useState(toLocalInput(new Date(Date.now() + 48 * 3600_000)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { dialog, setError, send } = useActionDialog("quote", onClose);
  const submit = async () => {
    setError(null);
    const errs: Record<string, string> = {};
    const cur = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(cur)) errs.currency = intl.formatMessage({ id: "subhire.badCurrency" });
    const unitPrices: Record<string, Money> = {};
    for (const l of s.lines) {
      const v = prices[l.supplierProductId]?.trim() ?? "";
      if (!v) continue;
      const minor = toMinorUnits(v, cur || "EUR");
      if (minor === null) errs[l.supplierProductId] = intl.formatMessage({ id: "subhire.badAmount" });
      else unitPrices[l.supplierProductId] = create(MoneySchema, { currencyCode: cur, minorUnits: minor });
    }
    const until = fromLocalInput(validUntil);
    if (!until || until.getTime() <= Date.now()) errs.validUntil = intl.formatMessage({ id: "subhire.badValidUntil" });
    setErrors(errs);
    if (Object.keys(errs).length || !until) return;
    await send(
      () => quote.mutateAsync({ negotiationId: s.negotiationId, unitPrices, validUntil: timestampFromDate(until) }),
      (e) => {
        const ui = toUiError(e, { valid_until: "validUntil" });
        setErrors(ui.fields);
        return ui.message || null;
      },
    );
  };
  return (
    <ActionDialog {...dialog} pending={quote.isPending} onSubmit={() => void submit()}>
      <Text size="sm">{intl.formatMessage({ id: "subhire.quoteHint" })}</Text>
      {s.lines.map((l) => (
        <TextInput
          key={l.supplierProductId}
          label={intl.formatMessage({ id: "subhire.unitPriceOf" }, { product: l.productName || l.supplierProductId, quantity: l.quantity })}
          placeholder={intl.formatMessage({ id: "subhire.rentalPrice" })}
          inputMode="decimal"
          value={prices[l.supplierProductId] ?? ""}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setPrices((p) => ({ ...p, [l.supplierProductId]: v }));
          }}
          error={errors[l.supplierProductId]}
          data-testid="subhire-quote-price"
        />
      ))}
      <Group grow align="start">
        <TextInput
          label={intl.formatMessage({ id: "subhire.currency" })}
          maxLength={3}
          value={currency}
          onChange={(e) => setCurrency(e.currentTarget.value)}
          error={errors.currency}
          data-testid="subhire-quote-currency"
        />
        <TextInput
          type="datetime-local"
          label={intl.formatMessage({ id: "subhire.validUntil" })}
          value={validUntil}
          onChange={(e) => setValidUntil(e.currentTarget.value)}
          error={errors.validUntil}
          data-testid="subhire-quote-valid-until"
        />
      </Group>
    </ActionDialog>
  );
}

/**
 * DispatchSubHire: the barcodes sent. A serialised line needs one per confirmed unit: scan or type
 * each into the line's field, Enter adds it to the list under it (a pasted list adds them all);
 * bulk lines need none. Counts and repeats are checked before sending.
 */
function DispatchDialog({ s, onClose }: { s: SubHire; onClose(): void }) {
  const intl = useIntl();
  const dispatch = useDispatchSubHire();
  const { products, isPending } = useProductsById(s.lines.map((l) => l.localProductId));
  const [barcodes, setBarcodes] = useState<Record<string, string[]>>({});
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState(false);
  const { dialog, setError, send } = useActionDialog("dispatch", onClose);
  const lines = s.lines.map((l) => ({
    productId: l.supplierProductId,
    name: l.productName || l.supplierProductId,
    quantity: l.quantity,
    serialised: products.get(l.localProductId)?.tracking === Tracking.SERIALISED,
  }));
  const problems = dispatchProblems(lines, barcodes);
  const problemText = (id: string) => {
    const p = problems[id];
    if (!p || !checked) return undefined;
    return p.kind === "count"
      ? intl.formatMessage({ id: "subhire.barcodeCount" }, { given: p.given, needed: p.needed })
      : intl.formatMessage({ id: "subhire.barcodeTwice" }, { barcode: p.barcode });
  };
  const add = (id: string) => {
    const codes = parseBarcodes(typed[id] ?? "");
    if (!codes.length) return;
    setBarcodes((b) => ({ ...b, [id]: [...(b[id] ?? []), ...codes] }));
    setTyped((t) => ({ ...t, [id]: "" }));
  };
  const remove = (id: string, i: number) => setBarcodes((b) => ({ ...b, [id]: (b[id] ?? []).filter((_, j) => j !== i) }));
  const submit = async () => {
    setError(null);
    setChecked(true);
    if (Object.keys(problems).length) return;
    await send(() => dispatch.mutateAsync({ negotiationId: s.negotiationId, barcodes: lines.filter((l) => l.serialised).flatMap((l) => barcodes[l.productId] ?? []) }));
  };
  return (
    <ActionDialog {...dialog} pending={dispatch.isPending || isPending} onSubmit={() => void submit()}>
      {isPending && (
        <Text size="sm" role="status">
          {intl.formatMessage({ id: "state.loading" })}
        </Text>
      )}
      {!isPending && lines.map((l) => {
        if (!l.serialised) {
          return (
            <Text key={l.productId} size="sm" data-testid="subhire-dispatch-bulk">
              {intl.formatMessage({ id: "subhire.bulkLine" }, { product: l.name, quantity: l.quantity })}
            </Text>
          );
        }
        const list = barcodes[l.productId] ?? [];
        return (
          <Stack key={l.productId} gap={4} data-testid="subhire-dispatch-line">
            <TextInput
              label={intl.formatMessage({ id: "subhire.barcodesOf" }, { product: l.name, quantity: l.quantity })}
              description={intl.formatMessage({ id: "subhire.barcodesHint" }, { given: list.length, needed: l.quantity })}
              autoComplete="off"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="enter"
              value={typed[l.productId] ?? ""}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setTyped((t) => ({ ...t, [l.productId]: v }));
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  // Enter (a scanner's suffix) adds the barcode; the dialog is sent with the button.
                  e.preventDefault();
                  add(l.productId);
                }
              }}
              onBlur={() => add(l.productId)}
              error={problemText(l.productId)}
              data-testid="subhire-dispatch-barcode"
            />
            {list.length > 0 && (
              <Group gap={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="subhire-dispatch-list">
                {list.map((b, i) => (
                  <Badge
                    key={`${b}/${i}`}
                    component="li"
                    variant="outline"
                    color="gray"
                    c="var(--mantine-color-text)"
                    rightSection={
                      <CloseButton
                        size="xs"
                        aria-label={intl.formatMessage({ id: "subhire.removeCode" }, { code: b })}
                        onClick={() => remove(l.productId, i)}
                      />
                    }
                  >
                    {b}
                  </Badge>
                ))}
              </Group>
            )}
          </Stack>
        );
      })}
    </ActionDialog>
  );
}

/** ChangeSubHire (borrower, before acceptance): quantities, the usage period and the note. */
function ChangeDialog({ s, onClose }: { s: SubHire; onClose(): void }) {
  const intl = useIntl();
  const change = useChangeSubHire();
  const [qty, setQty] = useState<Record<string, number | string>>(() => Object.fromEntries(s.lines.map((l) => [l.supplierProductId, l.quantity])));
  const startOf = s.usagePeriod?.start ? toLocalInput(timestampDate(s.usagePeriod.start)) : "";
  const endOf = s.usagePeriod?.end ? toLocalInput(timestampDate(s.usagePeriod.end)) : "";
  const [start, setStart] = useState(startOf);
  const [end, setEnd] = useState(endOf);
  const [note, setNote] = useState(s.note);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { dialog, setError, send } = useActionDialog("change", onClose);
  const submit = async () => {
    setError(null);
    const errs: Record<string, string> = {};
    const quantities: Record<string, number> = {};
    for (const l of s.lines) {
      const q = Number(qty[l.supplierProductId]);
      if (!Number.isInteger(q) || q < 1) errs[l.supplierProductId] = intl.formatMessage({ id: "subhire.badQuantity" });
      else if (q !== l.quantity) quantities[l.supplierProductId] = q;
    }
    const periodChanged = start !== startOf || end !== endOf;
    const from = fromLocalInput(start);
    const to = fromLocalInput(end);
    if (periodChanged && (!from || !to || to <= from)) errs.period = intl.formatMessage({ id: "subhire.badPeriod" });
    const noteChanged = note !== s.note;
    if (!Object.keys(errs).length && !Object.keys(quantities).length && !periodChanged && !noteChanged) {
      errs.nothing = intl.formatMessage({ id: "subhire.nothingChanged" });
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    await send(() =>
      change.mutateAsync({
        negotiationId: s.negotiationId,
        quantities,
        usagePeriod: periodChanged && from && to ? { start: timestampFromDate(from), end: timestampFromDate(to) } : undefined,
        replaceNote: noteChanged,
        note: noteChanged ? note : "",
      }),
    );
  };
  return (
    <ActionDialog {...dialog} error={dialog.error ?? errors.nothing ?? null} pending={change.isPending} onSubmit={() => void submit()}>
      {s.lines.map((l) => (
        <NumberInput
          key={l.supplierProductId}
          label={intl.formatMessage({ id: "subhire.quantityOf" }, { product: l.productName || l.supplierProductId })}
          min={1}
          max={100000}
          allowDecimal={false}
          allowNegative={false}
          value={qty[l.supplierProductId]}
          onChange={(v) => setQty((q) => ({ ...q, [l.supplierProductId]: v }))}
          error={errors[l.supplierProductId]}
          data-testid="subhire-change-quantity"
        />
      ))}
      <Group grow align="start">
        <TextInput type="datetime-local" label={intl.formatMessage({ id: "subhire.usageStart" })} value={start} onChange={(e) => setStart(e.currentTarget.value)} error={errors.period} data-testid="subhire-change-start" />
        <TextInput type="datetime-local" label={intl.formatMessage({ id: "subhire.usageEnd" })} value={end} onChange={(e) => setEnd(e.currentTarget.value)} data-testid="subhire-change-end" />
      </Group>
      <Textarea label={intl.formatMessage({ id: "subhire.note" })} rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="subhire-change-note" />
    </ActionDialog>
  );
}
