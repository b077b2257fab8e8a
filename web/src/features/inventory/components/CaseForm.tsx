import { useState, type FormEvent } from "react";
import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import { CaseKind, type Case, type Location } from "../../../gen/eventkit/v1/inventory_pb";
import type { UiError } from "../../../lib/errors";
import { useCreateCase, useUpdateCase } from "../api/inventory";
import { toFormError } from "../lib/formErrors";
import { cmToMm, gramsToKgText, kgToGrams, mmToCmText } from "../../../lib/units";
import { FormError } from "./FormError";

const FIELDS = {
  barcode: "barcode",
  name: "name",
  kind: "kind",
  location_id: "locationId",
  weight_grams: "tareKg",
  length_mm: "lengthCm",
  width_mm: "widthCm",
  height_mm: "heightCm",
};

/**
 * A new case or kit: its own barcode, a name, permanent or temporary, and where it is; or, given
 * `kase`, its name, kind and location (the barcode stays).
 */
export function CaseForm({ locations, kase, onDone, onCancel }: { locations: Location[]; kase?: Case; onDone(c: Case): void; onCancel(): void }) {
  const intl = useIntl();
  const create = useCreateCase();
  const update = useUpdateCase();
  const [v, setV] = useState({
    barcode: kase?.barcode ?? "",
    name: kase?.name ?? "",
    kind: kase?.kind === CaseKind.TEMPORARY ? "TEMPORARY" : "PERMANENT",
    locationId: kase?.locationId ?? "",
    tareKg: kase?.weightGrams ? gramsToKgText(kase.weightGrams) : "",
    lengthCm: mmToCmText(kase?.lengthMm ?? 0),
    widthCm: mmToCmText(kase?.widthMm ?? 0),
    heightCm: mmToCmText(kase?.heightMm ?? 0),
  });
  const [error, setError] = useState<UiError | null>(null);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    // The empty case's weight in kg and its sides in cm as typed; stored in grams and mm (empty: unknown).
    const bad = intl.formatMessage({ id: "form.number" });
    const local: Record<string, string> = {};
    const weightGrams = kgToGrams(v.tareKg);
    if (weightGrams === null) local.tareKg = bad;
    const side = (k: "lengthCm" | "widthCm" | "heightCm") => {
      const mm = cmToMm(v[k]);
      if (mm === null) local[k] = bad;
      return mm ?? 0;
    };
    const size = { weightGrams: weightGrams ?? 0n, lengthMm: side("lengthCm"), widthMm: side("widthCm"), heightMm: side("heightCm") };
    if (Object.keys(local).length > 0) {
      setError({ fields: local, message: "", code: Code.InvalidArgument });
      return;
    }
    try {
      const kind = v.kind === "TEMPORARY" ? CaseKind.TEMPORARY : CaseKind.PERMANENT;
      const c = kase
        ? await update.mutateAsync({ id: kase.id, name: v.name.trim(), kind, locationId: v.locationId, ...size })
        : await create.mutateAsync({ barcode: v.barcode.trim(), name: v.name.trim(), kind, locationId: v.locationId, ...size });
      onDone(c);
    } catch (err) {
      setError(toFormError(err, FIELDS, "barcode"));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="case-form">
      <Stack gap="sm">
        <FormError error={error} />
        <TextInput label={intl.formatMessage({ id: "asset.barcode" })} required data-autofocus={!kase || undefined} readOnly={!!kase} value={v.barcode} onChange={(e) => set("barcode")(e.currentTarget.value)} error={error?.fields.barcode} data-testid="case-barcode" />
        <TextInput label={intl.formatMessage({ id: "cases.name" })} required data-autofocus={kase ? true : undefined} value={v.name} onChange={(e) => set("name")(e.currentTarget.value)} error={error?.fields.name} data-testid="case-name" />
        <Select
          label={intl.formatMessage({ id: "cases.kind" })}
          allowDeselect={false}
          value={v.kind}
          onChange={(x) => x && set("kind")(x)}
          data={(["PERMANENT", "TEMPORARY"] as const).map((k) => ({ value: k, label: intl.formatMessage({ id: `cases.kind.${k}` }) }))}
          error={error?.fields.kind}
          data-testid="case-kind"
        />
        <Select
          label={intl.formatMessage({ id: "asset.location" })}
          required
          searchable
          value={v.locationId || null}
          onChange={(x) => set("locationId")(x ?? "")}
          data={locations.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
          error={error?.fields.locationId}
          data-testid="case-location"
        />
        <SimpleGrid cols={{ base: 2, xs: 4 }}>
          <TextInput label={intl.formatMessage({ id: "cases.tare" })} inputMode="decimal" value={v.tareKg} onChange={(e) => set("tareKg")(e.currentTarget.value)} error={error?.fields.tareKg} data-testid="case-tare" />
          <TextInput label={intl.formatMessage({ id: "product.length" })} inputMode="decimal" value={v.lengthCm} onChange={(e) => set("lengthCm")(e.currentTarget.value)} error={error?.fields.lengthCm} data-testid="case-length" />
          <TextInput label={intl.formatMessage({ id: "product.width" })} inputMode="decimal" value={v.widthCm} onChange={(e) => set("widthCm")(e.currentTarget.value)} error={error?.fields.widthCm} data-testid="case-width" />
          <TextInput label={intl.formatMessage({ id: "product.height" })} inputMode="decimal" value={v.heightCm} onChange={(e) => set("heightCm")(e.currentTarget.value)} error={error?.fields.heightCm} data-testid="case-height" />
        </SimpleGrid>
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="case-submit">
            <FormattedMessage id={kase ? "form.save" : "cases.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
