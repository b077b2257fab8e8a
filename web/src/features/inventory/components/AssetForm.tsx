import { useState, type FormEvent } from "react";
import { Button, Group, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { AssetStatus, type Asset, type Location } from "../../../gen/eventkit/v1/inventory_pb";
import type { UiError } from "../../../lib/errors";
import { useCreateAsset, useUpdateAsset } from "../api/inventory";
import { changedFields, toFormError } from "../lib/formErrors";
import { ASSET_STATUSES, assetStatusLabelId } from "./AssetStatusBadge";
import { FormError } from "./FormError";

const FIELDS = { barcode: "barcode", serial: "serial", home_location_id: "homeLocationId", status: "status", notes: "notes" };

/**
 * A new asset of a serialised product (barcode, serial, home location, status, notes), or an
 * existing one (`asset`): status and notes always, barcode, serial and home location only when
 * changed (UpdateAsset leaves absent ones as they are).
 */
export function AssetForm({
  productId,
  asset,
  locations,
  onDone,
  onCancel,
}: {
  productId: string;
  asset?: Asset;
  locations: Location[];
  onDone(a: Asset): void;
  onCancel(): void;
}) {
  const intl = useIntl();
  const create = useCreateAsset();
  const update = useUpdateAsset();
  const [v, setV] = useState({
    barcode: asset?.barcode ?? "",
    serial: asset?.serial ?? "",
    homeLocationId: asset?.homeLocationId ?? "",
    status: AssetStatus[asset?.status ?? AssetStatus.AVAILABLE],
    notes: asset?.notes ?? "",
  });
  const [error, setError] = useState<UiError | null>(null);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const status = AssetStatus[v.status as keyof typeof AssetStatus];
    try {
      const a = asset
        ? await update.mutateAsync({
            id: asset.id,
            status,
            notes: v.notes.trim(),
            ...changedFields(
              { barcode: asset.barcode, serial: asset.serial, homeLocationId: asset.homeLocationId },
              { barcode: v.barcode.trim(), serial: v.serial.trim(), homeLocationId: v.homeLocationId },
            ),
          })
        : await create.mutateAsync({
            productId,
            barcode: v.barcode.trim(),
            serial: v.serial.trim(),
            homeLocationId: v.homeLocationId,
            status,
            notes: v.notes.trim(),
          });
      onDone(a);
    } catch (err) {
      setError(toFormError(err, FIELDS, "barcode"));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="asset-form">
      <Stack gap="sm">
        <FormError error={error} />
        <TextInput label={intl.formatMessage({ id: "asset.barcode" })} required data-autofocus value={v.barcode} onChange={(e) => set("barcode")(e.currentTarget.value)} error={error?.fields.barcode} data-testid="asset-barcode" />
        <TextInput label={intl.formatMessage({ id: "asset.serial" })} value={v.serial} onChange={(e) => set("serial")(e.currentTarget.value)} error={error?.fields.serial} data-testid="asset-serial" />
        <Select
          label={intl.formatMessage({ id: "asset.home" })}
          required
          searchable
          value={v.homeLocationId || null}
          onChange={(x) => set("homeLocationId")(x ?? "")}
          data={locations.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
          error={error?.fields.homeLocationId}
          data-testid="asset-home"
        />
        <Select
          label={intl.formatMessage({ id: "asset.status" })}
          allowDeselect={false}
          value={v.status}
          onChange={(x) => x && set("status")(x)}
          data={ASSET_STATUSES.map((s) => ({ value: AssetStatus[s], label: intl.formatMessage({ id: assetStatusLabelId(s) }) }))}
          error={error?.fields.status}
          data-testid="asset-status-select"
        />
        <Textarea label={intl.formatMessage({ id: "asset.notes" })} minRows={2} value={v.notes} onChange={(e) => set("notes")(e.currentTarget.value)} error={error?.fields.notes} data-testid="asset-notes" />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="asset-submit">
            <FormattedMessage id={asset ? "form.save" : "asset.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
