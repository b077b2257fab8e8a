import { useState } from "react";
import { Alert, Button, Group, NumberInput, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import type { Event } from "../../../gen/eventkit/v1/planning_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useAddBookingLine, useAvailability, useProductSearch } from "../api/events";

/**
 * Type to find a product (name, model or barcode: the server's Search), pick a quantity, and see
 * the product's availability over the event's period before adding the line.
 */
export function AddLineForm({ event }: { event: Event }) {
  const intl = useIntl();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const [productId, setProductId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number>(1);
  const [error, setError] = useState<UiError | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const results = useProductSearch(debounced);
  const availability = useAvailability(productId, event.period);
  const add = useAddBookingLine();

  const options = (results.data?.hits ?? []).flatMap((h) =>
    h.item.case === "product" ? [{ value: h.item.value.id, label: h.item.value.name }] : [],
  );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!productId) return;
    setError(null);
    setWarnings([]);
    try {
      const r = await add.mutateAsync({
        eventId: event.id,
        item: { case: "product", value: { productId, quantity } },
      });
      setWarnings(r.warnings);
      toastInfo(intl.formatMessage({ id: "pull.added" }));
      setProductId(null);
      setSearch("");
      setQuantity(1);
    } catch (err) {
      setError(toUiError(err, { "product.quantity": "quantity", quantity: "quantity" }));
    }
  };

  const a = availability.data;
  return (
    <form onSubmit={submit} data-testid="add-line">
      <Group align="end" wrap="wrap">
        <Select
          label={intl.formatMessage({ id: "pull.product" })}
          placeholder={intl.formatMessage({ id: "pull.productHint" })}
          searchable
          clearable
          w={320}
          maw="100%"
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: o }) => o}
          data={options}
          value={productId}
          onChange={setProductId}
          nothingFoundMessage={debounced ? intl.formatMessage({ id: "products.empty" }) : undefined}
          data-testid="add-line-product"
        />
        <NumberInput
          label={intl.formatMessage({ id: "pull.quantity" })}
          min={1}
          max={100000}
          w={110}
          hideControls
          value={quantity}
          onChange={(v) => setQuantity(typeof v === "number" ? v : Number(v) || 1)}
          error={error?.fields.quantity}
          data-testid="add-line-quantity"
        />
        <Button type="submit" disabled={!productId} loading={add.isPending} data-testid="add-line-submit">
          <FormattedMessage id="pull.add" />
        </Button>
      </Group>
      {productId && (
        <Text size="sm" mt="xs" aria-live="polite" data-testid="add-line-availability">
          {availability.isPending ? (
            <FormattedMessage id="state.loading" />
          ) : a ? (
            <Text span c={a.available >= quantity ? (a.tentative > 0 && a.available - a.tentative < quantity ? "yellow" : "green") : "red"} fw={600}>
              <FormattedMessage
                id="pull.availableForPeriod"
                values={{ available: a.available, owned: a.owned, held: a.held, tentative: a.tentative }}
              />
              {a.available < quantity && (
                <>
                  {" · "}
                  <FormattedMessage id="avail.short" values={{ count: quantity - Math.max(a.available, 0) }} />
                </>
              )}
            </Text>
          ) : availability.error ? (
            toUiError(availability.error).message
          ) : null}
        </Text>
      )}
      {error?.message && (
        <Alert color="red" mt="xs" role="alert" data-testid="add-line-error">
          {error.message}
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert color="yellow" mt="xs" role="status" data-testid="add-line-warnings">
          {warnings.join("; ")}
        </Alert>
      )}
    </form>
  );
}
