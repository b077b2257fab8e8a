import { useState, type FormEvent } from "react";
import { Alert, Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Code } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Vehicle, VehicleFieldsSchema } from "../../../gen/eventkit/v1/transport_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { fieldMap } from "../../../lib/fields";
import { useAllLocations } from "../../../lib/locations";
import { useCreateVehicle, useUpdateVehicle } from "../api/transport";
import { cm3ToM3Text, gramsToKgText, kgToGrams, m3ToCm3, mmToMText, mToMm } from "../../../lib/units";

export const DEFAULT_QUALIFICATION = "driving-licence";

const FIELDS = fieldMap(
  {
    name: "name",
    registration: "registration",
    payload_grams: "payload",
    volume_cm3: "volume",
    loading_length_mm: "length",
    required_qualification: "qualification",
    home_location_id: "homeLocationId",
    notes: "notes",
  },
  "vehicle",
);

type Values = {
  name: string;
  registration: string;
  payload: string;
  volume: string;
  length: string;
  qualification: string;
  homeLocationId: string;
  notes: string;
  retired: boolean;
};

function initial(v?: Vehicle): Values {
  return {
    name: v?.name ?? "",
    registration: v?.registration ?? "",
    payload: v ? gramsToKgText(v.payloadGrams) : "",
    volume: v ? cm3ToM3Text(v.volumeCm3) : "",
    length: v ? mmToMText(v.loadingLengthMm, true) : "",
    qualification: v?.requiredQualification || DEFAULT_QUALIFICATION,
    homeLocationId: v?.homeLocationId ?? "",
    notes: v?.notes ?? "",
    retired: v?.retired ?? false,
  };
}

/**
 * A new vehicle, or `vehicle` edited (UpdateVehicle replaces every field). Payload in kg, volume
 * in m³ and loading length in m as typed; the API stores grams, cm³ and mm.
 */
export function VehicleForm({ vehicle, onDone, onCancel }: { vehicle?: Vehicle; onDone(v: Vehicle): void; onCancel(): void }) {
  const intl = useIntl();
  const create = useCreateVehicle();
  const update = useUpdateVehicle();
  const locations = useAllLocations();
  const [v, setV] = useState<Values>(() => initial(vehicle));
  const [error, setError] = useState<UiError | null>(null);
  const set = <K extends keyof Values>(k: K) => (value: Values[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const text = (k: Exclude<keyof Values, "retired">) => ({
    value: v[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(k)(e.currentTarget.value),
    error: error?.fields[k],
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    const payload = kgToGrams(v.payload);
    const volume = m3ToCm3(v.volume);
    const length = mToMm(v.length);
    const bad = intl.formatMessage({ id: "transport.form.number" });
    const required = intl.formatMessage({ id: "transport.form.positive" });
    if (!v.name.trim()) local.name = intl.formatMessage({ id: "transport.form.required" });
    if (payload === null) local.payload = bad;
    else if (payload <= 0n) local.payload = required;
    if (volume === null) local.volume = bad;
    else if (volume <= 0n) local.volume = required;
    if (length === null) local.length = bad;
    if (Object.keys(local).length > 0) {
      setError({ fields: local, message: "", code: Code.InvalidArgument });
      return;
    }
    const fields: MessageInitShape<typeof VehicleFieldsSchema> = {
      name: v.name.trim(),
      registration: v.registration.trim(),
      payloadGrams: payload ?? 0n,
      volumeCm3: volume ?? 0n,
      loadingLengthMm: length ?? 0,
      requiredQualification: v.qualification.trim(),
      homeLocationId: v.homeLocationId,
      notes: v.notes.trim(),
      retired: v.retired,
    };
    try {
      const saved = vehicle
        ? await update.mutateAsync({ id: vehicle.id, vehicle: fields })
        : await create.mutateAsync({ vehicle: fields });
      onDone(saved);
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      // A name or registration someone else has: shown at the name.
      if (ui.code === Code.AlreadyExists) setError({ ...ui, fields: { ...ui.fields, name: ui.message }, message: "" });
      else setError(ui);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="vehicle-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert" data-testid="vehicle-form-error">
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={intl.formatMessage({ id: "transport.vehicle.name" })} required maxLength={100} data-autofocus {...text("name")} data-testid="vehicle-name" />
          <TextInput label={intl.formatMessage({ id: "transport.vehicle.registration" })} maxLength={20} {...text("registration")} data-testid="vehicle-registration" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label={intl.formatMessage({ id: "transport.vehicle.payloadKg" })} required inputMode="decimal" {...text("payload")} data-testid="vehicle-payload" />
          <TextInput label={intl.formatMessage({ id: "transport.vehicle.volumeM3" })} required inputMode="decimal" {...text("volume")} data-testid="vehicle-volume" />
          <TextInput label={intl.formatMessage({ id: "transport.vehicle.lengthM" })} inputMode="decimal" {...text("length")} data-testid="vehicle-length" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={intl.formatMessage({ id: "transport.vehicle.qualification" })}
            description={intl.formatMessage({ id: "transport.vehicle.qualificationHint" })}
            {...text("qualification")}
            data-testid="vehicle-qualification"
          />
          <Select
            label={intl.formatMessage({ id: "transport.vehicle.home" })}
            searchable
            clearable
            value={v.homeLocationId || null}
            onChange={(x) => set("homeLocationId")(x ?? "")}
            data={locations.locations.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
            nothingFoundMessage={intl.formatMessage({ id: "transport.none" })}
            error={error?.fields.homeLocationId}
            data-testid="vehicle-home"
          />
        </SimpleGrid>
        <Textarea label={intl.formatMessage({ id: "transport.notes" })} minRows={2} {...text("notes")} />
        <Checkbox
          label={intl.formatMessage({ id: "transport.vehicle.retiredLabel" })}
          checked={v.retired}
          onChange={(e) => set("retired")(e.currentTarget.checked)}
          data-testid="vehicle-retired"
        />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="transport.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="vehicle-submit">
            <FormattedMessage id={vehicle ? "transport.save" : "transport.vehicle.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
