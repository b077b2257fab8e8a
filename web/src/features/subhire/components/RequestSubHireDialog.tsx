import { useState } from "react";
import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useQuery } from "@connectrpc/connect-query";
import { useIntl } from "react-intl";
import type { Money, Period } from "../../../gen/eventkit/v1/common_pb";
import type { SharedProduct } from "../../../gen/eventkit/v1/federation_pb";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { DateRange } from "../../../components/DateRange";
import { toUiError } from "../../../lib/errors";
import { formatMoney } from "../../../lib/money";
import { toastInfo } from "../../../lib/notify";
import { useWhoAmI } from "../../../lib/session";
import { useRequestSubHire } from "../api/subhire";
import { newUuid } from "../lib/subhire";

export interface SubHireDraft {
  supplierNodeId: string;
  /** The supplier's company name, when known. */
  supplierName?: string;
  /** The supplier's list price per day, when it shared one: sent as the suggested unit price. */
  suggestedUnitPrice?: Money;
  supplierProduct: SharedProduct;
  localProductId: string;
  localProductName: string;
  quantity: number;
  period: Period;
  eventName?: string;
  eventReference?: string;
}

const FIELDS: Record<string, string> = {
  event_name: "eventName",
  event_reference: "eventReference",
  contact_name: "contactName",
  contact_email: "contactEmail",
  note: "note",
  "lines[0].quantity": "quantity",
};

/**
 * One-click sub-hire: everything prefilled (supplier, products, quantity, the event's period and
 * name, the signed-in person as contact), one "Send request". The negotiation ID is chosen once per
 * dialog, so a double click or a retry after a lost answer returns the same negotiation.
 */
export function RequestSubHireDialog({ draft, onClose }: { draft: SubHireDraft; onClose(): void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const request = useRequestSubHire();
  const me = useWhoAmI();
  const raw = useQuery(AuthService.method.whoAmI, {}, { staleTime: 60_000 });
  const [negotiationId] = useState(newUuid);
  const [quantity, setQuantity] = useState<number | string>(draft.quantity);
  const [eventName, setEventName] = useState(draft.eventName ?? "");
  const [eventReference, setEventReference] = useState(draft.eventReference ?? "");
  const [contactName, setContactName] = useState<string | null>(null);
  const [contactEmail, setContactEmail] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const login = raw.data?.name ?? "";
  const supplier = draft.supplierName || draft.supplierNodeId;
  const name = contactName ?? me.data?.name ?? "";
  const email = contactEmail ?? (login.includes("@") ? login : "");

  const send = async () => {
    setError(null);
    const errs: Record<string, string> = {};
    const q = Number(quantity);
    if (!Number.isInteger(q) || q < 1) errs.quantity = intl.formatMessage({ id: "subhire.badQuantity" });
    if (!eventName.trim()) errs.eventName = intl.formatMessage({ id: "subhire.needEventName" });
    if (!name.trim()) errs.contactName = intl.formatMessage({ id: "subhire.needContact" });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      const s = await request.mutateAsync({
        negotiationId,
        supplierNodeId: draft.supplierNodeId,
        contactName: name.trim(),
        contactEmail: email.trim(),
        eventName: eventName.trim(),
        eventReference: eventReference.trim(),
        usagePeriod: draft.period,
        deliveryPeriod: draft.period,
        lines: [{ supplierProductId: draft.supplierProduct.id, localProductId: draft.localProductId, quantity: q, suggestedUnitPrice: draft.suggestedUnitPrice }],
        note: note.trim(),
      });
      toastInfo(intl.formatMessage({ id: "subhire.requestSent" }, { partner: supplier }));
      onClose();
      void navigate({ to: "/subhires/$negotiationId", params: { negotiationId: s.negotiationId } });
    } catch (e) {
      const ui = toUiError(e, FIELDS);
      setErrors(ui.fields);
      setError(ui.message || null);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={intl.formatMessage({ id: "subhire.requestTitle" }, { partner: supplier })}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
    >
      <form
        noValidate
        data-testid="subhire-request-dialog"
        data-negotiation={negotiationId}
        onSubmit={(e) => {
          e.preventDefault();
          if (!request.isPending) void send();
        }}
      >
        <Stack gap="sm">
          {error && (
            <Alert color="red" role="alert" data-testid="subhire-request-error">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="xs">
            <Text size="sm">{intl.formatMessage({ id: "subhire.supplier" })}</Text>
            <Text size="sm" fw={600} data-testid="subhire-request-supplier">
              {draft.supplierName ? `${draft.supplierName} (${draft.supplierNodeId})` : draft.supplierNodeId}
            </Text>
            <Text size="sm">{intl.formatMessage({ id: "subhire.supplierProduct" })}</Text>
            <Text size="sm" fw={600}>
              {draft.supplierProduct.name}
            </Text>
            <Text size="sm">{intl.formatMessage({ id: "subhire.localProduct" })}</Text>
            <Text size="sm" fw={600}>
              {draft.localProductName}
            </Text>
            {draft.suggestedUnitPrice?.currencyCode && (
              <>
                <Text size="sm">{intl.formatMessage({ id: "subhire.suggestedPrice" })}</Text>
                <Text size="sm" fw={600}>
                  {intl.formatMessage({ id: "subhire.perDay" }, { price: formatMoney(intl, draft.suggestedUnitPrice) })}
                </Text>
              </>
            )}
            <Text size="sm">{intl.formatMessage({ id: "subhire.usage" })}</Text>
            <DateRange start={draft.period.start} end={draft.period.end} />
          </SimpleGrid>
          <NumberInput
            label={intl.formatMessage({ id: "subhire.quantity" })}
            min={1}
            max={100000}
            allowDecimal={false}
            allowNegative={false}
            value={quantity}
            onChange={setQuantity}
            error={errors.quantity}
            data-testid="subhire-request-quantity"
          />
          <Group grow align="start">
            <TextInput label={intl.formatMessage({ id: "subhire.eventName" })} withAsterisk maxLength={150} value={eventName} onChange={(e) => setEventName(e.currentTarget.value)} error={errors.eventName} data-testid="subhire-request-event" />
            <TextInput label={intl.formatMessage({ id: "subhire.eventReference" })} maxLength={100} value={eventReference} onChange={(e) => setEventReference(e.currentTarget.value)} error={errors.eventReference} data-testid="subhire-request-reference" />
          </Group>
          <Group grow align="start">
            <TextInput label={intl.formatMessage({ id: "subhire.contactName" })} withAsterisk maxLength={200} value={name} onChange={(e) => setContactName(e.currentTarget.value)} error={errors.contactName} data-testid="subhire-request-contact" />
            <TextInput label={intl.formatMessage({ id: "subhire.contactEmail" })} type="email" maxLength={320} value={email} onChange={(e) => setContactEmail(e.currentTarget.value)} error={errors.contactEmail} data-testid="subhire-request-email" />
          </Group>
          <Textarea label={intl.formatMessage({ id: "subhire.noteOptional" })} rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} data-testid="subhire-request-note" />
          <Group justify="end">
            <Button variant="default" onClick={onClose} disabled={request.isPending}>
              {intl.formatMessage({ id: "subhire.back" })}
            </Button>
            <Button type="submit" loading={request.isPending} disabled={request.isPending} data-testid="subhire-request-send">
              {intl.formatMessage({ id: "subhire.sendRequest" })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
