import { useState, type FormEvent } from "react";
import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { LocationKind, type Location } from "../../../gen/eventkit/v1/inventory_pb";
import type { UiError } from "../../../lib/errors";
import { useCreateLocation, useUpdateLocation } from "../api/inventory";
import { toFormError } from "../lib/formErrors";
import { FormError } from "./FormError";

const FIELDS = { kind: "kind", code: "code", name: "name", parent_id: "parentId", address: "address" };

/**
 * A new warehouse, or a bin inside one; or, given `location`, its code, name and address (kind and
 * warehouse cannot change). Field errors come from the API; what was typed stays on failure.
 */
export function LocationForm({
  warehouses,
  location,
  onDone,
  onCancel,
}: {
  warehouses: Location[];
  location?: Location;
  onDone(l: Location): void;
  onCancel(): void;
}) {
  const intl = useIntl();
  const create = useCreateLocation();
  const update = useUpdateLocation();
  const [v, setV] = useState({
    kind: location?.kind === LocationKind.BIN ? "BIN" : "WAREHOUSE",
    code: location?.code ?? "",
    name: location?.name ?? "",
    parentId: location?.parentId ?? "",
    address: location?.address ?? "",
  });
  const [error, setError] = useState<UiError | null>(null);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const l = location
        ? await update.mutateAsync({ id: location.id, code: v.code.trim(), name: v.name.trim(), address: v.address.trim() })
        : await create.mutateAsync({
            kind: v.kind === "BIN" ? LocationKind.BIN : LocationKind.WAREHOUSE,
            code: v.code.trim(),
            name: v.name.trim(),
            parentId: v.kind === "BIN" ? v.parentId : "",
            address: v.address.trim(),
          });
      onDone(l);
    } catch (err) {
      setError(toFormError(err, FIELDS, "code"));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="location-form">
      <Stack>
        <FormError error={error} />
        <Select
          label={intl.formatMessage({ id: "locations.kind" })}
          allowDeselect={false}
          disabled={!!location}
          value={v.kind}
          onChange={(x) => x && set("kind")(x)}
          data={[
            { value: "WAREHOUSE", label: intl.formatMessage({ id: "locations.kind.WAREHOUSE" }) },
            { value: "BIN", label: intl.formatMessage({ id: "locations.kind.BIN" }) },
          ]}
          error={error?.fields.kind}
          data-testid="location-kind"
        />
        <TextInput label={intl.formatMessage({ id: "locations.code" })} required data-autofocus value={v.code} onChange={(e) => set("code")(e.currentTarget.value)} error={error?.fields.code} data-testid="location-code" />
        <TextInput label={intl.formatMessage({ id: "locations.name" })} required value={v.name} onChange={(e) => set("name")(e.currentTarget.value)} error={error?.fields.name} data-testid="location-name" />
        {v.kind === "BIN" && (
          <Select
            label={intl.formatMessage({ id: "locations.parent" })}
            required
            searchable
            disabled={!!location}
            value={v.parentId || null}
            onChange={(x) => set("parentId")(x ?? "")}
            data={warehouses.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
            error={error?.fields.parentId}
            data-testid="location-parent"
          />
        )}
        <TextInput label={intl.formatMessage({ id: "locations.address" })} value={v.address} onChange={(e) => set("address")(e.currentTarget.value)} error={error?.fields.address} data-testid="location-address" />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="location-submit">
            <FormattedMessage id={location ? "form.save" : "locations.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
