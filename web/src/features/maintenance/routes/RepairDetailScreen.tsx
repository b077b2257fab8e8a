import { useState, type FormEvent, type ReactNode } from "react";
import { Alert, Button, Card, Group, Radio, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { RepairStatus, type RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { formatMoney, fromMinorUnits } from "../../../lib/money";
import { toastError, toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useCloseRepair, useRepair, useUpdateRepair } from "../api/maintenance";
import { ByAt } from "../components/ByAt";
import { RepairStageBadge, useSourceLabel } from "../components/RepairStageBadge";
import { isOpen, parseCost, repairStage } from "../lib/maintenance";

const route = getRouteApi("/_app/maintenance/repairs/$repairId");

/**
 * One repair ticket (GetRepair): the unit, the fault, where it came from, who opened and closed it
 * and when, the work notes and cost. While not closed (Inventory write): start work on it (In
 * progress) or put it back to Open, record work (notes and cost), and close it as repaired or retired.
 * `extra` renders other features' sections about the ticket (the route composes them: its damage
 * photos and other attachments).
 */
export function RepairDetailScreen({ extra }: { extra?: (ticket: RepairTicket) => ReactNode } = {}) {
  const intl = useIntl();
  const { repairId } = route.useParams();
  const q = useRepair(repairId);
  const canWrite = useCan(Permission.INVENTORY_WRITE);
  const source = useSourceLabel();
  const t = q.data;

  return (
    <Stack>
      <AnchorLink to="/maintenance/repairs" size="sm">
        ← <FormattedMessage id="repair.back" />
      </AnchorLink>
      {/* An unknown ID, or one that is no ID at all, is a ticket that is not there. */}
      <QueryState
        isPending={q.isPending}
        error={q.error}
        onRetry={() => void q.refetch()}
        invalidIsNotFound
        notFound={
          <Alert color="red" role="alert" data-testid="repair-not-found">
            <FormattedMessage id="repair.notFound" />
          </Alert>
        }
      >
          {t && (
            <>
              <Group gap="sm" justify="space-between">
                <Group gap="sm">
                  <Title order={2} data-testid="repair-title">
                    <FormattedMessage id="repair.detailTitle" values={{ barcode: t.barcode }} />
                  </Title>
                  <RepairStageBadge ticket={t} />
                </Group>
                {canWrite && isOpen(t.status) && <StageAction t={t} />}
              </Group>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
                <Field label="repair.asset">
                  <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: t.assetId }} data-testid="repair-asset">
                    {t.barcode}
                  </AnchorLink>
                </Field>
                <Field label="repair.product">{t.productName}</Field>
                <Field label="repair.source">
                  {source(t.source)}
                  {t.eventId && (
                    <>
                      {" · "}
                      <AnchorLink to="/events/$eventId" params={{ eventId: t.eventId }}>
                        <FormattedMessage id="repair.event" />
                      </AnchorLink>
                    </>
                  )}
                </Field>
                <Field label="repair.openedCol" testId="repair-opened">
                  <ByAt by={t.openedBy} at={t.openedAt} />
                </Field>
                <Field label="repair.closedCol" testId="repair-closed">
                  <ByAt by={t.closedBy} at={t.closedAt} />
                </Field>
                <Field label="repair.cost" testId="repair-cost">
                  {formatMoney(intl, t.cost)}
                </Field>
              </SimpleGrid>
              <Field label="repair.fault" testId="repair-fault">
                {t.description}
              </Field>
              <Field label="repair.notes" testId="repair-notes">
                <span style={{ whiteSpace: "pre-wrap" }}>{t.notes || "—"}</span>
              </Field>
              {isOpen(t.status) &&
                (canWrite ? (
                  <SimpleGrid cols={{ base: 1, md: 2 }}>
                    <WorkForm key={`${t.notes}|${t.cost?.minorUnits}`} t={t} />
                    <CloseForm t={t} />
                  </SimpleGrid>
                ) : (
                  <Alert color="gray" role="status">
                    <FormattedMessage id="repair.noPermission" />
                  </Alert>
                ))}
              {extra?.(t)}
            </>
          )}
      </QueryState>
    </Stack>
  );
}

/** OPEN → IN_PROGRESS ("Start work") and back; the notes and cost stay as they are. */
function StageAction({ t }: { t: RepairTicket }) {
  const intl = useIntl();
  const update = useUpdateRepair();
  const start = t.status === RepairStatus.OPEN;
  const run = async () => {
    try {
      const done = await update.mutateAsync({ id: t.id, notes: t.notes, status: start ? RepairStatus.IN_PROGRESS : RepairStatus.OPEN });
      toastInfo(intl.formatMessage({ id: "repair.stageNow" }, { stage: intl.formatMessage({ id: `repair.stage.${repairStage(done.status)}` }) }));
    } catch (err) {
      toastError(err);
    }
  };
  return (
    <Button
      variant={start ? "filled" : "default"}
      loading={update.isPending}
      onClick={() => void run()}
      data-testid={start ? "repair-start" : "repair-reopen"}
    >
      <FormattedMessage id={start ? "repair.start" : "repair.reopen"} />
    </Button>
  );
}

function Field({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        <FormattedMessage id={label} />
      </Text>
      <Text component="div" style={{ overflowWrap: "anywhere" }} data-testid={testId}>
        {children}
      </Text>
    </Card>
  );
}

/** Cost fields shared by both forms: an amount in major units and its currency. */
function CostFields(props: {
  amount: string;
  currency: string;
  setAmount(v: string): void;
  setCurrency(v: string): void;
  errors: Record<string, string>;
  prefix: string;
}) {
  const intl = useIntl();
  return (
    <Group align="start" gap="sm" grow>
      <TextInput
        label={intl.formatMessage({ id: "repair.cost" })}
        description={intl.formatMessage({ id: "repair.costHint" })}
        inputMode="decimal"
        value={props.amount}
        onChange={(e) => props.setAmount(e.currentTarget.value)}
        error={props.errors.amount}
        data-testid={`${props.prefix}-cost`}
      />
      <TextInput
        label={intl.formatMessage({ id: "repair.currency" })}
        description={intl.formatMessage({ id: "repair.currencyHint" })}
        maxLength={3}
        value={props.currency}
        onChange={(e) => props.setCurrency(e.currentTarget.value)}
        error={props.errors.currency}
        data-testid={`${props.prefix}-currency`}
      />
    </Group>
  );
}

function costErrors(intl: ReturnType<typeof useIntl>, e?: "amount" | "currency"): Record<string, string> {
  if (e === "amount") return { amount: intl.formatMessage({ id: "repair.badAmount" }) };
  if (e === "currency") return { currency: intl.formatMessage({ id: "repair.badCurrency" }) };
  return {};
}

/** UpdateRepair: replaces the notes, and the cost when one is given. */
function WorkForm({ t }: { t: RepairTicket }) {
  const intl = useIntl();
  const update = useUpdateRepair();
  const [notes, setNotes] = useState(t.notes);
  const [amount, setAmount] = useState(t.cost ? fromMinorUnits(t.cost.minorUnits, t.cost.currencyCode) : "");
  const [currency, setCurrency] = useState(t.cost?.currencyCode || "EUR");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const cost = parseCost(amount, currency);
    const errs = costErrors(intl, cost.error);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await update.mutateAsync({ id: t.id, notes, cost: cost.cost });
      toastInfo(intl.formatMessage({ id: "repair.workSaved" }));
    } catch (err) {
      const ui = toUiError(err, { notes: "notes", "cost.minor_units": "amount", "cost.currency_code": "currency" });
      setErrors(ui.fields);
      setError(ui.message || null);
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="repair-work-title">
      <form onSubmit={submit} noValidate data-testid="repair-work-form">
        <Stack gap="sm">
          <Title order={3} id="repair-work-title">
            <FormattedMessage id="repair.work" />
          </Title>
          <Text size="sm">
            <FormattedMessage id="repair.workHint" />
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Textarea
            label={intl.formatMessage({ id: "repair.notes" })}
            description={intl.formatMessage({ id: "repair.notesHint" })}
            rows={3}
            maxLength={4000}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
            data-testid="repair-work-notes"
          />
          <CostFields amount={amount} currency={currency} setAmount={setAmount} setCurrency={setCurrency} errors={errors} prefix="repair-work" />
          <Group justify="end">
            <Button type="submit" loading={update.isPending} data-testid="repair-work-save">
              <FormattedMessage id="repair.saveWork" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** CloseRepair with an outcome: REPAIRED (the unit is available again) or RETIRED. */
function CloseForm({ t }: { t: RepairTicket }) {
  const intl = useIntl();
  const close = useCloseRepair();
  const [outcome, setOutcome] = useState<"REPAIRED" | "RETIRED">("REPAIRED");
  const [notes, setNotes] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(t.cost?.currencyCode || "EUR");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const cost = parseCost(amount, currency);
    const errs = costErrors(intl, cost.error);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      const done = await close.mutateAsync({
        id: t.id,
        outcome: outcome === "REPAIRED" ? RepairStatus.REPAIRED : RepairStatus.RETIRED,
        notes: notes.trim(),
        cost: cost.cost,
      });
      toastInfo(intl.formatMessage({ id: done.status === RepairStatus.RETIRED ? "repair.stage.RETIRED" : "repair.stage.REPAIRED" }));
    } catch (err) {
      const ui = toUiError(err, { outcome: "outcome", notes: "notes", "cost.minor_units": "amount", "cost.currency_code": "currency" });
      setErrors(ui.fields);
      setError(ui.message || null);
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="repair-close-title">
      <form onSubmit={submit} noValidate data-testid="repair-close-form">
        <Stack gap="sm">
          <Title order={3} id="repair-close-title">
            <FormattedMessage id="repair.closeTitle" />
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Radio.Group
            label={intl.formatMessage({ id: "repair.outcome" })}
            value={outcome}
            onChange={(v) => setOutcome(v as "REPAIRED" | "RETIRED")}
            error={errors.outcome}
            data-testid="repair-close-outcome"
          >
            <Stack gap="xs" mt="xs">
              <Radio value="REPAIRED" label={intl.formatMessage({ id: "repair.outcome.REPAIRED" })} data-testid="repair-close-repaired" />
              <Radio value="RETIRED" label={intl.formatMessage({ id: "repair.outcome.RETIRED" })} data-testid="repair-close-retired" />
            </Stack>
          </Radio.Group>
          <Textarea
            label={intl.formatMessage({ id: "repair.closeNotes" })}
            description={intl.formatMessage({ id: "repair.closeNotesHint" })}
            rows={2}
            maxLength={4000}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
            data-testid="repair-close-notes"
          />
          <CostFields amount={amount} currency={currency} setAmount={setAmount} setCurrency={setCurrency} errors={errors} prefix="repair-close" />
          <Group justify="end">
            <Button type="submit" color={outcome === "RETIRED" ? "red" : undefined} loading={close.isPending} data-testid="repair-close-submit">
              <FormattedMessage id="repair.closeSubmit" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
