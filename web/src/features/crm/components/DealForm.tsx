import { useState } from "react";
import { Alert, Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@connectrpc/connect-query";
import { Code } from "@connectrpc/connect";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import type { Deal, DealStage } from "../../../gen/eventkit/v1/crm_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { fromMinorUnits, toMinorUnits } from "../../../lib/money";
import { useCompany, useCreateDeal, useUpdateDeal, useRefreshCrm } from "../api/crm";
import { contactName } from "../lib/duplicates";
import { CompanyPicker } from "./CompanyPicker";

const FIELDS = { title: "title", company_id: "company", contact_id: "contact", value: "value", "value.minor_units": "value", probability: "probability", expected_close: "close", notes: "notes" };

/**
 * A deal, created (optionally for a fixed company) or edited: its company, contact, value,
 * probability, expected close, stage and the events it is about.
 */
export function DealForm({ deal, companyId: fixedCompany, companyName, stages, baseCurrency, onDone, onCancel }: { deal?: Deal; companyId?: string; companyName?: string; stages: DealStage[]; baseCurrency: string; onDone(d: Deal): void; onCancel(): void }) {
  const intl = useIntl();
  const [companyId, setCompanyId] = useState(deal?.companyId ?? fixedCompany ?? "");
  const [companyLabel, setCompanyLabel] = useState(deal?.companyName ?? companyName ?? "");
  const company = useCompany(companyId);
  const currency = deal?.value?.currencyCode || company.data?.company?.defaultCurrency || baseCurrency || "EUR";
  const [v, setV] = useState({
    title: deal?.title ?? "",
    contactId: deal?.contactId ?? "",
    stageId: deal?.stageId ?? stages.find((s) => s.kind === 1)?.id ?? "",
    value: deal?.value ? fromMinorUnits(deal.value.minorUnits, deal.value.currencyCode) : "",
    probability: deal?.probability as number | undefined,
    close: deal?.expectedClose ? timestampDate(deal.expectedClose).toISOString().slice(0, 10) : "",
    eventIds: deal?.eventIds ?? [],
    notes: deal?.notes ?? "",
  });
  const [eventText, setEventText] = useState("");
  const [eventQ] = useDebouncedValue(eventText.trim(), 200);
  const events = useQuery(PlanningService.method.listEvents, { query: eventQ, clientCompanyId: eventQ ? "" : companyId, page: { pageSize: 20 } }, { enabled: !!eventQ || !!companyId, retry: false });
  const [error, setError] = useState<UiError | null>(null);
  const create = useCreateDeal();
  const update = useUpdateDeal();
  const refresh = useRefreshCrm();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const minor = v.value.trim() === "" ? 0n : toMinorUnits(v.value, currency);
    if (minor === null) {
      setError({ fields: { value: intl.formatMessage({ id: "crm.deal.badValue" }) }, message: "", code: Code.InvalidArgument });
      return;
    }
    const close = v.close ? timestampFromDate(new Date(`${v.close}T12:00:00Z`)) : undefined;
    try {
      if (!deal) {
        const d = await create.mutateAsync({
          title: v.title.trim(),
          companyId,
          contactId: v.contactId,
          stageId: v.stageId,
          value: { currencyCode: currency, minorUnits: minor },
          probability: v.probability,
          expectedClose: close,
          eventIds: v.eventIds,
          notes: v.notes,
        });
        onDone(d);
      } else {
        const d = await update.mutateAsync({
          id: deal.id,
          expectedUpdatedAt: deal.updatedAt,
          title: v.title.trim() !== deal.title ? v.title.trim() : undefined,
          contactId: v.contactId !== deal.contactId ? v.contactId : undefined,
          value: { currencyCode: currency, minorUnits: minor },
          probability: v.probability !== deal.probability ? v.probability : undefined,
          expectedClose: close,
          eventIds: v.eventIds,
          replaceEventIds: true,
          notes: v.notes !== deal.notes ? v.notes : undefined,
        });
        await refresh();
        onDone(d);
      }
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      setError(ui.code === Code.Aborted ? { ...ui, message: intl.formatMessage({ id: "crm.conflict" }) } : ui);
    }
  };
  const t = (id: string) => intl.formatMessage({ id });
  const eventOptions = (events.data?.events ?? []).map((ev) => ({ value: ev.id, label: ev.name }));
  for (const id of v.eventIds) if (!eventOptions.some((o) => o.value === id)) eventOptions.push({ value: id, label: id });
  return (
    <form onSubmit={submit} noValidate data-testid="deal-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput label={t("crm.deal.title")} required data-autofocus value={v.title} onChange={(e) => setV({ ...v, title: e.currentTarget.value })} error={error?.fields.title} data-testid="deal-title" />
        {fixedCompany || deal ? null : (
          <CompanyPicker
            label={t("crm.deal.company")}
            required
            value={companyId}
            initialLabel={companyLabel}
            onChange={(id, name) => {
              setCompanyId(id);
              setCompanyLabel(name);
              setV({ ...v, contactId: "" });
            }}
            error={error?.fields.company}
            testId="deal-company"
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("crm.deal.contact")}
            clearable
            value={v.contactId || null}
            onChange={(c) => setV({ ...v, contactId: c ?? "" })}
            data={(company.data?.contacts ?? []).map((c) => ({ value: c.id, label: contactName(c) }))}
            error={error?.fields.contact}
          />
          {!deal && (
            <Select label={t("crm.deal.stage")} allowDeselect={false} value={v.stageId || null} onChange={(s) => setV({ ...v, stageId: s ?? "" })} data={stages.map((s) => ({ value: s.id, label: s.name }))} />
          )}
          <TextInput label={intl.formatMessage({ id: "crm.deal.value" }, { currency })} inputMode="decimal" value={v.value} onChange={(e) => setV({ ...v, value: e.currentTarget.value })} error={error?.fields.value} data-testid="deal-value" />
          <NumberInput label={t("crm.deal.probability")} min={0} max={100} allowDecimal={false} value={v.probability ?? ""} onChange={(n) => setV({ ...v, probability: typeof n === "number" ? n : undefined })} error={error?.fields.probability} />
          <TextInput type="date" label={t("crm.deal.close")} value={v.close} onChange={(e) => setV({ ...v, close: e.currentTarget.value })} error={error?.fields.close} />
        </SimpleGrid>
        <MultiSelect
          label={t("crm.deal.events")}
          searchable
          searchValue={eventText}
          onSearchChange={setEventText}
          filter={({ options: o }) => o}
          value={v.eventIds}
          onChange={(ids) => setV({ ...v, eventIds: ids })}
          data={eventOptions}
        />
        <Textarea label={t("crm.notes")} autosize minRows={2} value={v.notes} onChange={(e) => setV({ ...v, notes: e.currentTarget.value })} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="crm.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="deal-submit">
            <FormattedMessage id={deal ? "crm.save" : "crm.deal.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
