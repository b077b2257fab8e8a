import { useState, type ReactNode } from "react";
import { ActionIcon, Group, NumberInput, Table, VisuallyHidden } from "@mantine/core";
import { useIntl } from "react-intl";
import type { BookingLine, PullListItem } from "../../../gen/eventkit/v1/planning_pb";
import type { Product } from "../../../gen/eventkit/v1/inventory_pb";
import { toastError, toastWarning } from "../../../lib/notify";
import { useRemoveBookingLine, useUpdateBookingLine } from "../api/events";
import { AvailabilityBadge } from "./AvailabilityBadge";

/**
 * The event's lines grouped by category, each with the live availability of its product on this
 * event (CheckPullList). Case contents show under their case line; only top-level lines can be
 * removed, and only by someone who may edit plans.
 */
export function PullList(props: {
  lines: BookingLine[];
  items: PullListItem[];
  products: Map<string, Product>;
  canEdit: boolean;
  /** Other features' actions on a short line (the route composes them). */
  lineExtra?: (item: PullListItem, productName: string) => ReactNode;
}) {
  const intl = useIntl();
  const remove = useRemoveBookingLine();
  const itemOf = new Map(props.items.map((i) => [i.productId, i]));
  const category = (l: BookingLine) => props.products.get(l.productId)?.category || "—";
  const nameOf = (l: BookingLine) =>
    props.products.get(l.productId)?.name ??
    (l.caseId ? intl.formatMessage({ id: "pull.case" }) : l.assetId ? intl.formatMessage({ id: "pull.asset" }) : "…");
  const sorted = [...props.lines].sort(
    (a, b) => category(a).localeCompare(category(b)) || nameOf(a).localeCompare(nameOf(b)),
  );
  const rows: React.ReactNode[] = [];
  let last = "";
  for (const l of sorted) {
    if (category(l) !== last) {
      last = category(l);
      rows.push(
        <Table.Tr key={`cat-${last}`}>
          <Table.Th colSpan={4} bg="var(--mantine-color-default-hover)">
            {last}
          </Table.Th>
        </Table.Tr>,
      );
    }
    const item = itemOf.get(l.productId);
    rows.push(
      <Table.Tr key={l.id} data-line={l.id} data-product={l.productId}>
        <Table.Td ps={l.parentLineId ? "xl" : undefined}>{nameOf(l)}</Table.Td>
        <Table.Td ta="end">
          {props.canEdit && !l.parentLineId && !l.assetId && !l.caseId ? (
            <QuantityCell line={l} label={intl.formatMessage({ id: "pull.quantityOf" }, { name: nameOf(l) })} />
          ) : (
            intl.formatNumber(l.quantity)
          )}
        </Table.Td>
        <Table.Td>
          <Group gap="xs" wrap="nowrap">
            {item && <AvailabilityBadge {...item} />}
            {item && item.shortfall > 0 && !l.parentLineId && props.lineExtra?.(item, nameOf(l))}
          </Group>
        </Table.Td>
        <Table.Td ta="end">
          {props.canEdit && !l.parentLineId && (
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={intl.formatMessage({ id: "pull.remove" }, { name: nameOf(l) })}
              loading={remove.isPending && remove.variables?.id === l.id}
              onClick={() => remove.mutate({ id: l.id }, { onError: toastError })}
              data-testid="remove-line"
            >
              ×
            </ActionIcon>
          )}
        </Table.Td>
      </Table.Tr>,
    );
  }
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing={4} data-testid="pull-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "pull.product" })}</Table.Th>
            <Table.Th ta="end">{intl.formatMessage({ id: "pull.quantity" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "pull.availability" })}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{intl.formatMessage({ id: "pull.actions" })}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{rows}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A product line's quantity, editable in place: Enter or leaving the field saves (UpdateBookingLine),
 * Escape puts the stored value back. Under the REFUSE policy a shortfall is refused with the API's
 * message and the stored value comes back; under WARN the warning shows as a toast.
 */
function QuantityCell({ line, label }: { line: BookingLine; label: string }) {
  const update = useUpdateBookingLine();
  const [value, setValue] = useState<number | string>(line.quantity);
  const [shown, setShown] = useState(line.quantity);
  if (shown !== line.quantity) {
    // The stored quantity changed (saved here or elsewhere): show it.
    setShown(line.quantity);
    setValue(line.quantity);
  }
  const save = () => {
    const q = typeof value === "number" ? value : Number(value);
    if (!Number.isInteger(q) || q === line.quantity) {
      setValue(line.quantity);
      return;
    }
    update.mutate(
      { id: line.id, quantity: q },
      {
        onSuccess: (r) => r.warnings.forEach((w) => toastWarning(w)),
        onError: (e) => {
          setValue(line.quantity);
          toastError(e);
        },
      },
    );
  };
  return (
    <NumberInput
      aria-label={label}
      size="xs"
      w={84}
      ms="auto"
      min={1}
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={setValue}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          save();
        } else if (e.key === "Escape") {
          setValue(line.quantity);
        }
      }}
      disabled={update.isPending}
      data-testid="line-quantity"
    />
  );
}
