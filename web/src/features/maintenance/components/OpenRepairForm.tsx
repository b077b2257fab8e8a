import { useState, type FormEvent } from "react";
import { Alert, Button, Group, Stack, TextInput, Textarea } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";
import { toUiError } from "../../../lib/errors";
import { useOpenRepair, useUpdateRepair } from "../api/maintenance";
import { parseCost } from "../lib/maintenance";

/**
 * Opens a ticket by hand: the unit by barcode, the fault, and optionally a cost so far (recorded on
 * the new ticket with UpdateRepair: OpenRepair takes none). A failed save keeps what was typed.
 */
export function OpenRepairForm({
  initialBarcode = "",
  onCancel,
  onOpened,
}: {
  initialBarcode?: string;
  onCancel(): void;
  onOpened(t: RepairTicket, costError?: string): void;
}) {
  const intl = useIntl();
  const open = useOpenRepair();
  const update = useUpdateRepair();
  const [barcode, setBarcode] = useState(initialBarcode);
  const [fault, setFault] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  // A field's error goes once the field is edited (what is left is what still needs doing).
  const edit = (field: string, set: (v: string) => void) => (v: string) => {
    set(v);
    setFields(({ [field]: _, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const f: Record<string, string> = {};
    if (!barcode.trim()) f.barcode = intl.formatMessage({ id: "repair.needBarcode" });
    if (!fault.trim()) f.fault = intl.formatMessage({ id: "repair.needFault" });
    const cost = parseCost(amount, currency);
    if (cost.error === "amount") f.amount = intl.formatMessage({ id: "repair.badAmount" });
    if (cost.error === "currency") f.currency = intl.formatMessage({ id: "repair.badCurrency" });
    setFields(f);
    if (Object.keys(f).length) return;
    let ticket: RepairTicket;
    try {
      ticket = await open.mutateAsync({ barcode: barcode.trim(), description: fault.trim() });
    } catch (err) {
      const ui = toUiError(err, { barcode: "barcode", description: "fault" });
      setFields(ui.fields);
      setError(ui.message || null);
      return;
    }
    if (!cost.cost) return onOpened(ticket);
    try {
      onOpened(await update.mutateAsync({ id: ticket.id, notes: "", cost: cost.cost }));
    } catch (err) {
      onOpened(ticket, toUiError(err).message);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="repair-open-form">
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert" data-testid="repair-open-error">
            {error}
          </Alert>
        )}
        <TextInput
          data-autofocus={initialBarcode ? undefined : true}
          label={intl.formatMessage({ id: "repair.barcode" })}
          description={intl.formatMessage({ id: "repair.barcodeHint" })}
          required
          autoComplete="off"
          value={barcode}
          onChange={(e) => edit("barcode", setBarcode)(e.currentTarget.value)}
          error={fields.barcode}
          data-testid="repair-open-barcode"
        />
        <Textarea
          data-autofocus={initialBarcode ? true : undefined}
          label={intl.formatMessage({ id: "repair.fault" })}
          description={intl.formatMessage({ id: "repair.faultHint" })}
          required
          rows={2}
          maxLength={2000}
          value={fault}
          onChange={(e) => edit("fault", setFault)(e.currentTarget.value)}
          error={fields.fault}
          data-testid="repair-open-fault"
        />
        <Group align="start" gap="sm" grow>
          <TextInput
            label={intl.formatMessage({ id: "repair.cost" })}
            description={intl.formatMessage({ id: "repair.costHint" })}
            inputMode="decimal"
            value={amount}
            onChange={(e) => edit("amount", setAmount)(e.currentTarget.value)}
            error={fields.amount}
            data-testid="repair-open-cost"
          />
          <TextInput
            label={intl.formatMessage({ id: "repair.currency" })}
            description={intl.formatMessage({ id: "repair.currencyHint" })}
            maxLength={3}
            value={currency}
            onChange={(e) => edit("currency", setCurrency)(e.currentTarget.value)}
            error={fields.currency}
            data-testid="repair-open-currency"
          />
        </Group>
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={open.isPending || update.isPending} data-testid="repair-open-submit">
            <FormattedMessage id="repair.submit" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
