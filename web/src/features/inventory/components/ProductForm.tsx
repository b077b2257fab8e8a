import { useState, type FormEvent } from "react";
import { Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Tracking, type Product, type ProductFieldsSchema } from "../../../gen/eventkit/v1/inventory_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { fieldMap } from "../../../lib/fields";
import { fromMinorUnits, toMinorUnits } from "../../../lib/money";
import { useCreateProduct, useUpdateProduct } from "../api/inventory";
import { cmToMm, mmToCmText } from "../../../lib/units";
import { FormError } from "./FormError";

const FIELDS = fieldMap(
  {
    manufacturer: "manufacturer",
    model: "model",
    name: "name",
    category: "category",
    description: "description",
    gtin: "gtin",
    rental_price: "rentalPrice",
    "rental_price.minor_units": "rentalPrice",
    "rental_price.currency_code": "currency",
    replacement_value: "replacementValue",
    "replacement_value.minor_units": "replacementValue",
    "replacement_value.currency_code": "currency",
    weight_grams: "weightGrams",
    buffer_before_seconds: "bufferBefore",
    buffer_after_seconds: "bufferAfter",
    tracking: "tracking",
    length_mm: "lengthCm",
    width_mm: "widthCm",
    height_mm: "heightCm",
  },
  "product",
);

type Values = {
  manufacturer: string;
  model: string;
  name: string;
  category: string;
  description: string;
  gtin: string;
  currency: string;
  rentalPrice: string;
  replacementValue: string;
  weightGrams: string;
  bufferBefore: string;
  bufferAfter: string;
  tracking: string;
  shared: boolean;
  lengthCm: string;
  widthCm: string;
  heightCm: string;
};

function initial(p?: Product): Values {
  const currency = p?.rentalPrice?.currencyCode || p?.replacementValue?.currencyCode || "EUR";
  return {
    manufacturer: p?.manufacturer ?? "",
    model: p?.model ?? "",
    name: p?.name ?? "",
    category: p?.category ?? "",
    description: p?.description ?? "",
    gtin: p?.gtin ?? "",
    currency,
    rentalPrice: p?.rentalPrice ? fromMinorUnits(p.rentalPrice.minorUnits, currency) : "",
    replacementValue: p?.replacementValue ? fromMinorUnits(p.replacementValue.minorUnits, currency) : "",
    weightGrams: p ? String(p.weightGrams) : "",
    bufferBefore: p ? String(Number(p.bufferBeforeSeconds) / 3600) : "0",
    bufferAfter: p ? String(Number(p.bufferAfterSeconds) / 3600) : "0",
    tracking: p?.tracking === Tracking.BULK ? "BULK" : "SERIALISED",
    shared: p?.shared ?? false,
    lengthCm: mmToCmText(p?.lengthMm ?? 0),
    widthCm: mmToCmText(p?.widthMm ?? 0),
    heightCm: mmToCmText(p?.heightMm ?? 0),
  };
}

/**
 * Create a product, or edit one (`product`): every editable field (UpdateProduct replaces them all).
 * Amounts are typed in major units of the currency; buffers in hours. The API's field errors sit
 * next to the fields; a number the browser cannot read is caught before sending.
 */
export function ProductForm({ product, onDone, onCancel }: { product?: Product; onDone(p: Product): void; onCancel(): void }) {
  const intl = useIntl();
  const create = useCreateProduct();
  const update = useUpdateProduct();
  const [v, setV] = useState<Values>(() => initial(product));
  const [error, setError] = useState<UiError | null>(null);
  const set = <K extends keyof Values>(k: K) => (value: Values[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const text = (k: keyof Values) => ({
    value: v[k] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(k)(e.currentTarget.value as never),
    error: error?.fields[k],
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const currency = v.currency.trim().toUpperCase();
    const local: Record<string, string> = {};
    // An empty amount goes as unset, so the API names it required; one it cannot read stays here.
    const money = (k: "rentalPrice" | "replacementValue") => {
      if (!v[k].trim()) return undefined;
      const m = toMinorUnits(v[k], currency);
      if (m === null) local[k] = intl.formatMessage({ id: "form.amount" });
      return { currencyCode: currency, minorUnits: m ?? 0n };
    };
    const int = (k: "weightGrams" | "bufferBefore" | "bufferAfter", scale = 1) => {
      const n = Number((v[k] || "0").replace(",", "."));
      if (!Number.isFinite(n) || n < 0) local[k] = intl.formatMessage({ id: "form.number" });
      return BigInt(Math.round((Number.isFinite(n) ? n : 0) * scale));
    };
    // Sides typed in cm (a decimal comma is fine), stored in mm; empty is unknown (0).
    const side = (k: "lengthCm" | "widthCm" | "heightCm") => {
      const mm = cmToMm(v[k]);
      if (mm === null) local[k] = intl.formatMessage({ id: "form.number" });
      return mm ?? 0;
    };
    const fields: MessageInitShape<typeof ProductFieldsSchema> = {
      manufacturer: v.manufacturer.trim(),
      model: v.model.trim(),
      name: v.name.trim(),
      category: v.category.trim(),
      description: v.description.trim(),
      gtin: v.gtin.trim(),
      rentalPrice: money("rentalPrice"),
      replacementValue: money("replacementValue"),
      weightGrams: int("weightGrams"),
      bufferBeforeSeconds: int("bufferBefore", 3600),
      bufferAfterSeconds: int("bufferAfter", 3600),
      tracking: v.tracking === "BULK" ? Tracking.BULK : Tracking.SERIALISED,
      shared: v.shared,
      lengthMm: side("lengthCm"),
      widthMm: side("widthCm"),
      heightMm: side("heightCm"),
    };
    if (Object.keys(local).length > 0) {
      setError({ fields: local, message: "", code: 3 });
      return;
    }
    try {
      const p = product
        ? await update.mutateAsync({ id: product.id, product: fields })
        : await create.mutateAsync({ product: fields });
      onDone(p);
    } catch (err) {
      setError(toUiError(err, FIELDS));
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="product-form">
      <Stack gap="sm">
        <FormError error={error} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={intl.formatMessage({ id: "products.manufacturer" })} required data-autofocus {...text("manufacturer")} data-testid="product-manufacturer" />
          <TextInput label={intl.formatMessage({ id: "products.model" })} required {...text("model")} data-testid="product-model" />
        </SimpleGrid>
        <TextInput label={intl.formatMessage({ id: "products.name" })} required {...text("name")} data-testid="product-name-input" />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label={intl.formatMessage({ id: "products.category" })} required {...text("category")} data-testid="product-category" />
          <Select
            label={intl.formatMessage({ id: "product.tracking" })}
            required
            allowDeselect={false}
            value={v.tracking}
            onChange={(x) => x && set("tracking")(x)}
            data={[
              { value: "SERIALISED", label: intl.formatMessage({ id: "product.serialised" }) },
              { value: "BULK", label: intl.formatMessage({ id: "product.bulk" }) },
            ]}
            error={error?.fields.tracking}
            data-testid="product-tracking"
          />
        </SimpleGrid>
        <Textarea label={intl.formatMessage({ id: "product.description" })} minRows={2} {...text("description")} />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label={intl.formatMessage({ id: "product.currency" })} required maxLength={3} {...text("currency")} />
          <TextInput label={intl.formatMessage({ id: "product.dayRate" })} required inputMode="decimal" {...text("rentalPrice")} data-testid="product-price" />
          <TextInput label={intl.formatMessage({ id: "product.replacement" })} required inputMode="decimal" {...text("replacementValue")} data-testid="product-replacement" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label={intl.formatMessage({ id: "product.weight" })} inputMode="numeric" {...text("weightGrams")} data-testid="product-weight" />
          <TextInput label={intl.formatMessage({ id: "product.bufferBefore" })} inputMode="decimal" {...text("bufferBefore")} />
          <TextInput label={intl.formatMessage({ id: "product.bufferAfter" })} inputMode="decimal" {...text("bufferAfter")} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label={intl.formatMessage({ id: "product.length" })} inputMode="decimal" {...text("lengthCm")} data-testid="product-length" />
          <TextInput label={intl.formatMessage({ id: "product.width" })} inputMode="decimal" {...text("widthCm")} data-testid="product-width" />
          <TextInput label={intl.formatMessage({ id: "product.height" })} inputMode="decimal" {...text("heightCm")} data-testid="product-height" />
        </SimpleGrid>
        <TextInput label={intl.formatMessage({ id: "product.gtin" })} inputMode="numeric" {...text("gtin")} data-testid="product-gtin" />
        <Checkbox label={intl.formatMessage({ id: "product.shared" })} checked={v.shared} onChange={(e) => set("shared")(e.currentTarget.checked)} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="product-submit">
            <FormattedMessage id={product ? "form.save" : "product.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
