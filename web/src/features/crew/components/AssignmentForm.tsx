import { useMemo, useState } from "react";
import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import { RateUnit, type Assignment, type CrewConflict, type CrewMember } from "../../../gen/eventkit/v1/crew_pb";
import { period } from "../../../lib/dates";
import { toUiError, type UiError } from "../../../lib/errors";
import { fieldMap } from "../../../lib/fields";
import { fromMinorUnits, toMinorUnits } from "../../../lib/money";
import { useCheckAssignment, useOfferAssignment, useUpdateAssignment } from "../api/crew";
import { conflictLevel, fromZonedInput, normaliseSkill, offerAction, toZonedInput, validSkill } from "../lib/crew";
import { ConflictList } from "./ConflictList";
import { MemberPicker } from "./MemberPicker";

/** What the form needs of the event (the slot passes planning's event). */
export interface CrewEvent {
  id: string;
  name: string;
  timeZone: string;
  period?: { start?: Timestamp; end?: Timestamp };
}

const FIELDS = fieldMap(
  {
    crew_member_id: "member",
    function: "function",
    call: "call",
    "call.start": "call",
    "call.end": "call",
    rate: "rate",
    "rate.minor_units": "rate",
    "rate.currency_code": "currency",
    required_skills: "skills",
    notes: "notes",
  },
  "assignment",
);
const UNITS = [RateUnit.DAY, RateUnit.HOUR, RateUnit.FIXED];

/**
 * Offers a crew member a job on the event, or changes an assignment: who, function, call (in the
 * event's zone; defaults to the event's period), rate and unit, required skills. CheckAssignment
 * runs as the form changes and shows the conflicts (refusals red, warnings amber). Warnings need a
 * reason before "Offer anyway"; a refusal leaves nothing to press.
 */
export function AssignmentForm({
  event,
  assignment,
  member: initialMember,
  callStart,
  callEnd,
  onDone,
  onCancel,
}: {
  event: CrewEvent;
  assignment?: Assignment;
  member?: { id: string; name: string };
  callStart?: Date;
  callEnd?: Date;
  onDone(a: Assignment): void;
  onCancel(): void;
}) {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string>) => intl.formatMessage({ id }, values);
  const zone = event.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const start0 = assignment?.call?.start ? timestampDate(assignment.call.start) : callStart ?? (event.period?.start ? timestampDate(event.period.start) : new Date());
  const end0 = assignment?.call?.end ? timestampDate(assignment.call.end) : callEnd ?? (event.period?.end ? timestampDate(event.period.end) : new Date(start0.getTime() + 8 * 3600000));
  const [v, setV] = useState(() => ({
    memberId: assignment?.crewMemberId ?? initialMember?.id ?? "",
    function: assignment?.function ?? "",
    start: toZonedInput(start0, zone),
    end: toZonedInput(end0, zone),
    currency: assignment?.rate?.currencyCode ?? "",
    rate: assignment?.rate ? fromMinorUnits(assignment.rate.minorUnits, assignment.rate.currencyCode) : "",
    unit: (assignment?.rateUnit || RateUnit.DAY) as RateUnit,
    skills: assignment?.requiredSkills ?? [],
    notes: assignment?.notes ?? "",
  }));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<UiError | null>(null);
  const [offerConflicts, setOfferConflicts] = useState<CrewConflict[] | null>(null);
  const offer = useOfferAssignment();
  const update = useUpdateAssignment();

  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => {
    setV((o) => ({ ...o, [k]: value }));
    setOfferConflicts(null);
    if (error?.fields[k as string]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const onMember = (id: string, m: CrewMember | undefined) => {
    setV((o) => {
      // The member's default day rate, when no rate was typed yet.
      const rate = !o.rate && m?.dayRate && m.dayRate.minorUnits > 0n ? m.dayRate : undefined;
      return rate ? { ...o, memberId: id, currency: rate.currencyCode, rate: fromMinorUnits(rate.minorUnits, rate.currencyCode), unit: RateUnit.DAY } : { ...o, memberId: id };
    });
    setOfferConflicts(null);
  };

  const start = fromZonedInput(v.start, zone);
  const end = fromZonedInput(v.end, zone);
  const callOk = !!start && !!end && end > start;
  const currency = v.currency.trim().toUpperCase();
  const minor = v.rate.trim() ? (/^[A-Z]{3}$/.test(currency) ? toMinorUnits(v.rate, currency) : null) : undefined;
  const skills = v.skills.map(normaliseSkill).filter(Boolean);
  const fields = useMemo(
    () =>
      v.memberId && callOk && minor !== null
        ? {
            eventId: event.id,
            crewMemberId: v.memberId,
            function: v.function.trim() || "-",
            call: period(start!, end!),
            rate: minor === undefined ? undefined : { currencyCode: currency, minorUnits: minor },
            rateUnit: minor === undefined ? RateUnit.UNSPECIFIED : v.unit,
            requiredSkills: skills.filter(validSkill),
            notes: v.notes,
          }
        : null,
    [v, event.id, callOk, minor, currency, start?.getTime(), end?.getTime()],
  );
  const [checked] = useDebouncedValue(fields, 300);
  const check = useCheckAssignment(checked, assignment?.id ?? "");
  const conflicts = offerConflicts ?? (fields ? check.data?.conflicts ?? [] : []);
  const level = conflictLevel(conflicts);
  const action = offerAction(level, reason);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const fe: Record<string, string> = {};
    if (!v.memberId) fe.member = t("crew.form.required");
    if (!v.function.trim()) fe.function = t("crew.form.required");
    if (!callOk) fe.call = t("crew.form.badCall");
    if (v.rate.trim() && !/^[A-Z]{3}$/.test(currency)) fe.currency = t("crew.form.badCurrency");
    else if (minor === null) fe.rate = t("crew.form.badAmount");
    const badSkill = skills.find((s) => !validSkill(s));
    if (badSkill) fe.skills = t("crew.qual.badSkill");
    if (Object.keys(fe).length > 0 || !fields) {
      setError({ fields: fe, message: "", code: Code.InvalidArgument });
      return;
    }
    if (!action.enabled) return;
    const body = { ...fields, function: v.function.trim() };
    try {
      const r = assignment
        ? await update.mutateAsync({ id: assignment.id, assignment: body, overrideReason: action.anyway ? reason.trim() : "" })
        : await offer.mutateAsync({ assignment: body, overrideReason: action.anyway ? reason.trim() : "" });
      if (r.assignment) onDone(r.assignment);
      // Warnings found at the last moment (someone else's change): shown, nothing created.
      else setOfferConflicts(r.conflicts);
    } catch (err) {
      setError(toUiError(err, FIELDS));
    }
  };

  const zoneNote = zone !== intl.timeZone ? t("crew.callZone", { zone }) : undefined;
  return (
    <form onSubmit={submit} noValidate data-testid="assignment-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert" data-testid="assignment-error">
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MemberPicker
            value={v.memberId}
            onChange={onMember}
            initial={assignment ? { id: assignment.crewMemberId, name: assignment.crewMemberName } : initialMember}
            error={error?.fields.member}
            disabled={!!assignment}
          />
          <TextInput
            label={t("crew.function")}
            placeholder={t("crew.functionHint")}
            required
            maxLength={100}
            value={v.function}
            onChange={(e) => set("function", e.currentTarget.value)}
            error={error?.fields.function}
            data-testid="assignment-function"
          />
          <TextInput
            type="datetime-local"
            label={t("crew.callStart")}
            description={zoneNote}
            required
            value={v.start}
            onChange={(e) => set("start", e.currentTarget.value)}
            error={error?.fields.call}
            data-testid="assignment-start"
          />
          <TextInput
            type="datetime-local"
            label={t("crew.callEnd")}
            description={zoneNote}
            required
            value={v.end}
            onChange={(e) => set("end", e.currentTarget.value)}
            error={!callOk && v.end ? t("crew.form.badCall") : undefined}
            data-testid="assignment-end"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("crew.rate")}
            description={t("crew.rateDefault")}
            inputMode="decimal"
            value={v.rate}
            onChange={(e) => set("rate", e.currentTarget.value)}
            error={error?.fields.rate}
            data-testid="assignment-rate"
          />
          <TextInput label={t("crew.currency")} maxLength={3} placeholder="EUR" value={v.currency} onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())} error={error?.fields.currency} data-testid="assignment-currency" />
          <Select
            label={t("crew.rateUnit")}
            allowDeselect={false}
            value={String(v.unit)}
            onChange={(x) => x && set("unit", Number(x) as RateUnit)}
            data={UNITS.map((u) => ({ value: String(u), label: t(`crew.rateUnit.${RateUnit[u]}`) }))}
            data-testid="assignment-unit"
          />
        </SimpleGrid>
        <TagsInput
          label={t("crew.requiredSkills")}
          description={t("crew.requiredSkillsHint")}
          value={v.skills}
          onChange={(s) => set("skills", s.map(normaliseSkill))}
          error={error?.fields.skills}
          data-testid="assignment-skills"
        />
        <Textarea label={t("crew.notes")} autosize minRows={1} value={v.notes} onChange={(e) => set("notes", e.currentTarget.value)} />
        <div aria-live="polite">
          {fields ? (
            check.error && !offerConflicts ? (
              <Text size="sm" c="red" role="alert">
                {toUiError(check.error).message}
              </Text>
            ) : (
              <ConflictList conflicts={conflicts} checking={check.isFetching || checked !== fields} />
            )
          ) : (
            <Text size="sm" c="dimmed">
              <FormattedMessage id="crew.conflicts.incomplete" />
            </Text>
          )}
        </div>
        {level === "warning" && (
          <TextInput
            label={t("crew.overrideReason")}
            description={t("crew.overrideReasonHint")}
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="assignment-override-reason"
          />
        )}
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="crew.cancel" />
          </Button>
          <Button
            type="submit"
            disabled={!action.enabled}
            color={action.anyway ? "yellow" : undefined}
            loading={offer.isPending || update.isPending}
            data-testid="assignment-submit"
          >
            <FormattedMessage id={action.anyway ? (assignment ? "crew.saveAnyway" : "crew.offerAnyway") : assignment ? "crew.save" : "crew.offer"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
