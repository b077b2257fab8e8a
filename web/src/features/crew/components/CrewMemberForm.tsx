import { useState } from "react";
import { ActionIcon, Alert, Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { create } from "@bufbuild/protobuf";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { EmploymentKind, QualificationSchema, type CrewMember, type Qualification } from "../../../gen/eventkit/v1/crew_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { fieldMap } from "../../../lib/fields";
import { fromMinorUnits, toMinorUnits } from "../../../lib/money";
import { useCan } from "../../../lib/session";
import { checkQualifications, EXPIRY_COLOR, expiryState, isoDay, normaliseSkill } from "../lib/crew";
import { useCreateCrewMember, useUpdateCrewMember, useUsers } from "../api/crew";

const FIELDS = fieldMap(
  {
    name: "name",
    email: "email",
    phone: "phone",
    employment: "employment",
    day_rate: "dayRate",
    "day_rate.minor_units": "dayRate",
    "day_rate.currency_code": "currency",
    hour_rate: "hourRate",
    "hour_rate.minor_units": "hourRate",
    "hour_rate.currency_code": "currency",
    qualifications: "qualifications",
    user_id: "userId",
    notes: "notes",
  },
  "member",
);

function initial(c?: CrewMember) {
  const currency = c?.dayRate?.currencyCode || c?.hourRate?.currencyCode || "EUR";
  return {
    name: c?.name ?? "",
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    employment: c?.employment ?? EmploymentKind.FREELANCER,
    currency,
    dayRate: c?.dayRate ? fromMinorUnits(c.dayRate.minorUnits, currency) : "",
    hourRate: c?.hourRate ? fromMinorUnits(c.hourRate.minorUnits, currency) : "",
    qualifications: (c?.qualifications ?? []).map((q) => create(QualificationSchema, { skill: q.skill, expiresOn: q.expiresOn, reference: q.reference })),
    userId: c?.userId ?? "",
    notes: c?.notes ?? "",
    archived: c?.archived ?? false,
  };
}

/**
 * A crew member's profile: contact, employee or freelancer, default rates, qualifications (a skill
 * with an optional expiry and reference; expired ones red, expiring in 30 days amber), the user
 * account that logs in as them (offered only to callers who may list users) and archiving.
 * UpdateCrewMember replaces every field, so the whole form is sent.
 */
export function CrewMemberForm({ member, onDone, onCancel }: { member?: CrewMember; onDone(m: CrewMember): void; onCancel(): void }) {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const [v, setV] = useState(() => initial(member));
  const [error, setError] = useState<UiError | null>(null);
  const [qualErrors, setQualErrors] = useState<Record<number, string>>({});
  const canListUsers = useCan(Permission.USERS_ADMIN);
  const users = useUsers(canListUsers);
  const createM = useCreateCrewMember();
  const updateM = useUpdateCrewMember();
  const today = isoDay(new Date());

  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k as string]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const setQual = (i: number, patch: Partial<Qualification>) =>
    set(
      "qualifications",
      v.qualifications.map((q, j) => (j === i ? create(QualificationSchema, { skill: q.skill, expiresOn: q.expiresOn, reference: q.reference, ...patch }) : q)),
    );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const fields: Record<string, string> = {};
    if (!v.name.trim()) fields.name = t("crew.form.required");
    const currency = v.currency.trim().toUpperCase();
    const money = (amount: string, key: string) => {
      if (!amount.trim()) return undefined;
      if (!/^[A-Z]{3}$/.test(currency)) {
        fields.currency = t("crew.form.badCurrency");
        return undefined;
      }
      const minor = toMinorUnits(amount, currency);
      if (minor === null) fields[key] = t("crew.form.badAmount");
      return minor === null ? undefined : { currencyCode: currency, minorUnits: minor };
    };
    const dayRate = money(v.dayRate, "dayRate");
    const hourRate = money(v.hourRate, "hourRate");
    const qualifications = v.qualifications.map((q) => create(QualificationSchema, { ...q, skill: normaliseSkill(q.skill), reference: q.reference.trim() }));
    const qe = checkQualifications(qualifications);
    setQualErrors(qe);
    if (Object.keys(fields).length > 0 || Object.keys(qe).length > 0) {
      setError({ fields, message: "", code: 3 });
      return;
    }
    const body = {
      name: v.name.trim(),
      email: v.email.trim(),
      phone: v.phone.trim(),
      employment: v.employment,
      dayRate,
      hourRate,
      qualifications,
      userId: v.userId,
      notes: v.notes,
      archived: v.archived,
    };
    try {
      const saved = member ? await updateM.mutateAsync({ id: member.id, member: body }) : await createM.mutateAsync({ member: body });
      onDone(saved);
    } catch (err) {
      setError(toUiError(err, FIELDS));
    }
  };

  const userOptions = (users.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.displayName || u.email} (${u.email})` }));
  if (v.userId && !userOptions.some((o) => o.value === v.userId)) userOptions.unshift({ value: v.userId, label: v.userId });

  return (
    <form onSubmit={submit} noValidate data-testid="crew-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert" data-testid="crew-form-error">
            {error.message}
          </Alert>
        )}
        <TextInput label={t("crew.name")} required data-autofocus maxLength={200} value={v.name} onChange={(e) => set("name", e.currentTarget.value)} error={error?.fields.name} data-testid="crew-name" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("crew.email")} type="email" value={v.email} onChange={(e) => set("email", e.currentTarget.value)} error={error?.fields.email} data-testid="crew-email" />
          <TextInput label={t("crew.phone")} type="tel" value={v.phone} onChange={(e) => set("phone", e.currentTarget.value)} error={error?.fields.phone} data-testid="crew-phone" />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="crew-employment-label">
            <FormattedMessage id="crew.employment" />
          </Text>
          <SegmentedControl
            aria-labelledby="crew-employment-label"
            value={String(v.employment)}
            onChange={(x) => set("employment", Number(x) as EmploymentKind)}
            data={[
              { value: String(EmploymentKind.EMPLOYEE), label: t("crew.employment.EMPLOYEE") },
              { value: String(EmploymentKind.FREELANCER), label: t("crew.employment.FREELANCER") },
            ]}
            data-testid="crew-employment"
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t("crew.currency")} maxLength={3} value={v.currency} onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())} error={error?.fields.currency} data-testid="crew-currency" />
          <TextInput label={t("crew.dayRate")} inputMode="decimal" placeholder="350.00" value={v.dayRate} onChange={(e) => set("dayRate", e.currentTarget.value)} error={error?.fields.dayRate} data-testid="crew-day-rate" />
          <TextInput label={t("crew.hourRate")} inputMode="decimal" placeholder="45.00" value={v.hourRate} onChange={(e) => set("hourRate", e.currentTarget.value)} error={error?.fields.hourRate} data-testid="crew-hour-rate" />
        </SimpleGrid>

        <Group justify="space-between" mt="xs">
          <Title order={4} id="crew-quals-title">
            <FormattedMessage id="crew.qualifications" />
          </Title>
          <Button
            size="xs"
            variant="default"
            onClick={() => set("qualifications", [...v.qualifications, create(QualificationSchema, {})])}
            data-testid="crew-qual-add"
          >
            <FormattedMessage id="crew.qual.add" />
          </Button>
        </Group>
        {error?.fields.qualifications && (
          <Text c="red" size="sm" role="alert">
            {error.fields.qualifications}
          </Text>
        )}
        {v.qualifications.length === 0 ? (
          <Text size="sm" c="dimmed">
            <FormattedMessage id="crew.qual.none" />
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table aria-labelledby="crew-quals-title" verticalSpacing={4} data-testid="crew-quals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("crew.qual.skill")}</Table.Th>
                  <Table.Th>{t("crew.qual.expiresOn")}</Table.Th>
                  <Table.Th>{t("crew.qual.reference")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("crew.actions")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {v.qualifications.map((q, i) => {
                  const state = expiryState(q.expiresOn, today);
                  return (
                    <Table.Tr key={i} data-testid="crew-qual-row" data-expiry={state}>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          aria-label={t("crew.qual.skillN", { n: i + 1 })}
                          placeholder="rigging-cert"
                          value={q.skill}
                          onChange={(e) => setQual(i, { skill: e.currentTarget.value })}
                          onBlur={(e) => setQual(i, { skill: normaliseSkill(e.currentTarget.value) })}
                          error={qualErrors[i] ? t(qualErrors[i]) : undefined}
                          data-testid="crew-qual-skill"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          type="date"
                          aria-label={t("crew.qual.expiresOnN", { n: i + 1 })}
                          value={q.expiresOn}
                          onChange={(e) => setQual(i, { expiresOn: e.currentTarget.value })}
                          styles={state === "ok" ? undefined : { input: { borderColor: `var(--mantine-color-${EXPIRY_COLOR[state]}-7)`, borderWidth: 2 } }}
                          description={state === "ok" ? undefined : t(`crew.qual.${state}`, { date: q.expiresOn })}
                          data-testid="crew-qual-expiry"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput size="xs" aria-label={t("crew.qual.referenceN", { n: i + 1 })} maxLength={200} value={q.reference} onChange={(e) => setQual(i, { reference: e.currentTarget.value })} />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("crew.qual.remove", { skill: q.skill || String(i + 1) })}
                          onClick={() => set("qualifications", v.qualifications.filter((_, j) => j !== i))}
                        >
                          ✕
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        {canListUsers && (
          <Select
            label={t("crew.linkedUser")}
            description={t("crew.linkedUser.hint")}
            placeholder={users.isPending ? t("state.loading") : t("crew.linkedUser.none")}
            searchable
            clearable
            data={userOptions}
            value={v.userId || null}
            onChange={(x) => set("userId", x ?? "")}
            error={error?.fields.userId}
            nothingFoundMessage={t("crew.linkedUser.noMatch")}
            data-testid="crew-user"
          />
        )}
        <Textarea label={t("crew.notes")} autosize minRows={2} value={v.notes} onChange={(e) => set("notes", e.currentTarget.value)} error={error?.fields.notes} />
        {member && (
          <Switch label={t("crew.archivedSwitch")} checked={v.archived} onChange={(e) => set("archived", e.currentTarget.checked)} data-testid="crew-archived" />
        )}
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="crew.cancel" />
          </Button>
          <Button type="submit" loading={createM.isPending || updateM.isPending} data-testid="crew-submit">
            <FormattedMessage id={member ? "crew.save" : "crew.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
