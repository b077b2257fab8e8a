import { Badge, Button, Card, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { StopKind } from "../../../gen/eventkit/v1/transport_pb";
import { useAllLocations } from "../../../lib/locations";
import { usePartnerOptions } from "../api/transport";
import { emptyStop, moveStop, removeStop, withKind, type StopDraft, type StopProblem } from "../lib/stops";

export const STOP_KINDS = [StopKind.WAREHOUSE, StopKind.VENUE, StopKind.PARTNER_WAREHOUSE, StopKind.OTHER] as const;

/**
 * A run's stops in order: each has a kind (one of our warehouses, the event's venue, a partner's
 * warehouse with an optional sub-hire, or another place by name and address), a planned arrival
 * and notes; moved up and down with buttons, removed, added at the end.
 */
export function StopsEditor({
  stops,
  onChange,
  problems,
  venue,
  canReadPartners,
  readOnly,
}: {
  stops: StopDraft[];
  onChange(stops: StopDraft[]): void;
  /** Per stop index, what the editor found wrong (shown once the user tried to save). */
  problems: StopProblem[][];
  /** The run's event's venue, for a venue stop ("" when the run has no event). */
  venue: string;
  canReadPartners: boolean;
  readOnly: boolean;
}) {
  const intl = useIntl();
  const locations = useAllLocations();
  const partners = usePartnerOptions(canReadPartners && stops.some((s) => s.kind === StopKind.PARTNER_WAREHOUSE));
  const put = (i: number, s: StopDraft) => onChange(stops.map((x, k) => (k === i ? s : x)));
  const problemText = (p: StopProblem) => intl.formatMessage({ id: `transport.stop.problem.${p}` });
  const kindLabel = (k: StopKind) => intl.formatMessage({ id: `transport.stop.kind.${StopKind[k]}` });

  return (
    <Stack gap="xs" data-testid="stops-editor">
      {stops.length === 0 && (
        <Text size="sm" c="dimmed">
          <FormattedMessage id="transport.stop.none" />
        </Text>
      )}
      {stops.map((s, i) => {
        const errs = problems[i] ?? [];
        const err = (p: StopProblem) => (errs.includes(p) ? problemText(p) : undefined);
        const n = i + 1;
        return (
          <Card key={s.key} withBorder padding="xs" data-testid="stop" data-kind={StopKind[s.kind]} component="fieldset" aria-label={intl.formatMessage({ id: "transport.stop.named" }, { n })}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Group gap="xs">
                  <Badge variant="light" color="gray" size="lg" radius="sm">
                    {n}
                  </Badge>
                  <Select
                    aria-label={intl.formatMessage({ id: "transport.stop.kind" }, { n })}
                    w={220}
                    allowDeselect={false}
                    disabled={readOnly}
                    value={StopKind[s.kind]}
                    onChange={(v) => v && put(i, withKind(s, StopKind[v as keyof typeof StopKind]))}
                    data={STOP_KINDS.map((k) => ({ value: StopKind[k], label: kindLabel(k) }))}
                    data-testid="stop-kind"
                  />
                </Group>
                {!readOnly && (
                  <Group gap={4}>
                    <Button size="compact-sm" variant="default" disabled={i === 0} onClick={() => onChange(moveStop(stops, i, -1))} aria-label={intl.formatMessage({ id: "transport.stop.up" }, { n })}>
                      ↑
                    </Button>
                    <Button size="compact-sm" variant="default" disabled={i === stops.length - 1} onClick={() => onChange(moveStop(stops, i, 1))} aria-label={intl.formatMessage({ id: "transport.stop.down" }, { n })}>
                      ↓
                    </Button>
                    <Button size="compact-sm" variant="light" color="red" onClick={() => onChange(removeStop(stops, i))} aria-label={intl.formatMessage({ id: "transport.stop.remove" }, { n })} data-testid="stop-remove">
                      <FormattedMessage id="transport.remove" />
                    </Button>
                  </Group>
                )}
              </Group>
              <Group align="start" wrap="wrap" grow>
                {s.kind === StopKind.WAREHOUSE && (
                  <Select
                    label={intl.formatMessage({ id: "transport.stop.location" })}
                    required
                    searchable
                    disabled={readOnly}
                    value={s.locationId || null}
                    onChange={(v) => put(i, { ...s, locationId: v ?? "" })}
                    data={locations.locations.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
                    nothingFoundMessage={intl.formatMessage({ id: "transport.none" })}
                    error={err("location")}
                    data-testid="stop-location"
                  />
                )}
                {s.kind === StopKind.VENUE && (
                  <Stack gap={2}>
                    <Text size="sm" fw={500}>
                      <FormattedMessage id="transport.stop.venue" />
                    </Text>
                    <Text size="sm" c={err("event") ? "red.9" : undefined} data-testid="stop-venue">
                      {err("event") ?? (venue || intl.formatMessage({ id: "transport.stop.venueUnknown" }))}
                    </Text>
                  </Stack>
                )}
                {s.kind === StopKind.PARTNER_WAREHOUSE && (
                  <>
                    {canReadPartners ? (
                      <Select
                        label={intl.formatMessage({ id: "transport.stop.partner" })}
                        required
                        searchable
                        disabled={readOnly}
                        value={s.partnerNodeId || null}
                        onChange={(v) => put(i, { ...s, partnerNodeId: v ?? "" })}
                        data={(partners.data?.partners ?? []).map((p) => ({ value: p.nodeId, label: p.displayName ? `${p.displayName} (${p.nodeId})` : p.nodeId }))}
                        nothingFoundMessage={intl.formatMessage({ id: "transport.none" })}
                        error={err("partner") ?? (partners.error ? intl.formatMessage({ id: "transport.stop.partnersFailed" }) : undefined)}
                        data-testid="stop-partner"
                      />
                    ) : (
                      <TextInput
                        label={intl.formatMessage({ id: "transport.stop.partnerId" })}
                        required
                        disabled={readOnly}
                        value={s.partnerNodeId}
                        onChange={(e) => put(i, { ...s, partnerNodeId: e.currentTarget.value.trim() })}
                        error={err("partner")}
                        data-testid="stop-partner"
                      />
                    )}
                    <TextInput
                      label={intl.formatMessage({ id: "transport.stop.subhire" })}
                      disabled={readOnly}
                      value={s.subhireId}
                      onChange={(e) => put(i, { ...s, subhireId: e.currentTarget.value })}
                    />
                  </>
                )}
                {(s.kind === StopKind.OTHER || s.kind === StopKind.PARTNER_WAREHOUSE) && (
                  <TextInput
                    label={intl.formatMessage({ id: "transport.stop.name" })}
                    maxLength={200}
                    disabled={readOnly}
                    value={s.name}
                    onChange={(e) => put(i, { ...s, name: e.currentTarget.value })}
                    error={err("name")}
                    data-testid="stop-name"
                  />
                )}
                {(s.kind === StopKind.OTHER || s.kind === StopKind.VENUE || s.kind === StopKind.PARTNER_WAREHOUSE) && (
                  <TextInput
                    label={intl.formatMessage({ id: s.kind === StopKind.OTHER ? "transport.stop.address" : "transport.stop.addressOverride" })}
                    maxLength={500}
                    disabled={readOnly}
                    value={s.address}
                    onChange={(e) => put(i, { ...s, address: e.currentTarget.value })}
                    data-testid="stop-address"
                  />
                )}
              </Group>
              <Group align="start" wrap="wrap" grow>
                <TextInput
                  type="datetime-local"
                  label={intl.formatMessage({ id: "transport.stop.arriveAt" })}
                  disabled={readOnly}
                  value={s.arriveAt}
                  onChange={(e) => put(i, { ...s, arriveAt: e.currentTarget.value })}
                  error={err("arriveAt") ?? err("arriveOutside")}
                  data-testid="stop-arrive"
                />
                <TextInput
                  label={intl.formatMessage({ id: "transport.notes" })}
                  maxLength={500}
                  disabled={readOnly}
                  value={s.notes}
                  onChange={(e) => put(i, { ...s, notes: e.currentTarget.value })}
                />
              </Group>
            </Stack>
          </Card>
        );
      })}
      {!readOnly && (
        <Group>
          <Button variant="default" size="xs" onClick={() => onChange([...stops, emptyStop(StopKind.WAREHOUSE)])} data-testid="stop-add">
            <FormattedMessage id="transport.stop.add" />
          </Button>
        </Group>
      )}
    </Stack>
  );
}
