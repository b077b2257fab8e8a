import { Alert, Anchor, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { ButtonLink } from "../../../components/ButtonLink";
import { AnchorLink } from "../../../components/AnchorLink";
import { useState, type ReactNode } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { EventStatus, HoldKind, type Event, type PullListItem } from "../../../gen/eventkit/v1/planning_pb";
import type { ClientPickerSlot } from "../components/clientSlot";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { QueryState } from "../../../components/QueryState";
import { DateRange } from "../../../components/DateRange";
import { useCan } from "../../../lib/session";
import { toastError, toastInfo } from "../../../lib/notify";
import { FulfilmentBadge } from "../../../components/FulfilmentBadge";
import { StatusBadge, STATUS_LADDER, statusLabelId } from "../components/StatusBadge";
import { PullList } from "../components/PullList";
import { AddLineForm } from "../components/AddLineForm";
import { EditEventForm } from "../components/EditEventForm";
import { CopyEventForm } from "../components/CopyEventForm";
import { useDeleteEvent, useEvent, useProducts, usePullList, useSetEventStatus } from "../api/events";

const route = getRouteApi("/_app/events/$eventId");

/**
 * One event: dates, client, status (with the ladder for planners) and its pull list.
 * `lineExtra` renders other features' actions on a short line (the route composes them).
 */
export function EventDetailScreen({
  lineExtra,
  clientPicker,
  actions,
  sections,
}: {
  lineExtra?: (eventId: string, item: PullListItem, productName: string) => ReactNode;
  /** CRM's client picker in the edit form (for users who can read CRM). */
  clientPicker?: ClientPickerSlot;
  /** Other features' actions on the event (e.g. "Create quote"). */
  actions?: (event: Event) => ReactNode;
  /** Other features' sections below the pull list (e.g. the event's crew). */
  sections?: (event: Event) => ReactNode;
} = {}) {
  const intl = useIntl();
  const { eventId } = route.useParams();
  const event = useEvent(eventId);
  const pull = usePullList(eventId);
  const canEdit = useCan(Permission.PLANNING_WRITE);
  const canScan = useCan(Permission.SCAN);
  const setStatus = useSetEventStatus();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [dialog, setDialog] = useState<"edit" | "copy" | "delete" | null>(null);
  const remove = useDeleteEvent();
  const navigate = useNavigate();
  const lines = event.data?.lines ?? [];
  const products = useProducts(lines.map((l) => l.productId));
  const e = event.data?.event;

  const changeStatus = (v: string | null) => {
    if (!v || !e) return;
    setWarnings([]);
    setStatus.mutate(
      { id: e.id, status: EventStatus[v as keyof typeof EventStatus] },
      { onSuccess: (r) => setWarnings(r.warnings), onError: toastError },
    );
  };

  return (
    <Stack>
      <AnchorLink to="/events" size="sm">
        ← <FormattedMessage id="events.title" />
      </AnchorLink>
      <QueryState isPending={event.isPending} error={event.error} onRetry={() => void event.refetch()}>
        {e && (
          <>
            <Group justify="space-between" align="start" wrap="wrap">
              <Stack gap={4}>
                <Title order={2} data-testid="event-name">
                  {e.name}
                </Title>
                <Group gap="sm">
                  <StatusBadge status={e.status} />
                  <FulfilmentBadge state={e.fulfilment} testId="event-fulfilment" />
                  <DateRange start={e.period?.start} end={e.period?.end} />
                </Group>
                <Group gap="xs" mt="xs">
                  {canScan && (
                    <ButtonLink to="/events/$eventId/scan" params={{ eventId: e.id }} data-testid="event-scan">
                      <FormattedMessage id="scan.open" />
                    </ButtonLink>
                  )}
                  <ButtonLink
                    to="/events/$eventId/returns"
                    params={{ eventId: e.id }}
                    variant="default"
                    data-testid="event-returns"
                  >
                    <FormattedMessage id="returns.title" />
                  </ButtonLink>
                  {actions?.(e)}
                </Group>
              </Stack>
              {canEdit && (
                <Group align="end" gap="xs">
                  <Button
                    variant="default"
                    onClick={() => setDialog("edit")}
                    disabled={e.status === EventStatus.COMPLETED}
                    data-testid="edit-event-open"
                  >
                    <FormattedMessage id="editEvent.open" />
                  </Button>
                  <Button variant="default" onClick={() => setDialog("copy")} data-testid="copy-event-open">
                    <FormattedMessage id="copyEvent.open" />
                  </Button>
                  {/* Only an event that holds no stock and was never completed can be deleted. */}
                  {e.hold !== HoldKind.HOLD && e.status !== EventStatus.COMPLETED && (
                    <Button variant="default" color="red" onClick={() => setDialog("delete")} data-testid="delete-event-open">
                      <FormattedMessage id="deleteEvent.open" />
                    </Button>
                  )}
                <Select
                  label={intl.formatMessage({ id: "events.changeStatus" })}
                  w={200}
                  allowDeselect={false}
                  value={EventStatus[e.status]}
                  disabled={setStatus.isPending || e.status === EventStatus.COMPLETED}
                  onChange={changeStatus}
                  data={STATUS_LADDER.map((s) => ({ value: EventStatus[s], label: intl.formatMessage({ id: statusLabelId(s) }) }))}
                  data-testid="event-status"
                />
                </Group>
              )}
            </Group>
            <Modal opened={dialog === "edit"} onClose={() => setDialog(null)} title={intl.formatMessage({ id: "editEvent.title" })} size="lg" closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
              {dialog === "edit" && (
                <EditEventForm
                  event={e}
                  clientPicker={clientPicker}
                  onCancel={() => setDialog(null)}
                  onDone={(w) => {
                    setWarnings(w);
                    setDialog(null);
                  }}
                />
              )}
            </Modal>
            <Modal opened={dialog === "copy"} onClose={() => setDialog(null)} title={intl.formatMessage({ id: "copyEvent.title" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
              {dialog === "copy" && (
                <CopyEventForm
                  event={e}
                  onCancel={() => setDialog(null)}
                  onCopied={(id, w) => {
                    setDialog(null);
                    setWarnings(w);
                    void navigate({ to: "/events/$eventId", params: { eventId: id } });
                  }}
                />
              )}
            </Modal>
            <Modal
              opened={dialog === "delete"}
              onClose={() => setDialog(null)}
              title={intl.formatMessage({ id: "deleteEvent.title" })}
              closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
            >
              <Stack>
                <Text>
                  <FormattedMessage id="deleteEvent.confirm" values={{ name: e.name, lines: lines.length }} />
                </Text>
                <Group justify="end">
                  <Button variant="default" onClick={() => setDialog(null)}>
                    <FormattedMessage id="newEvent.cancel" />
                  </Button>
                  <Button
                    color="red.9"
                    loading={remove.isPending}
                    data-testid="delete-event-confirm"
                    onClick={() =>
                      remove.mutate(
                        { id: e.id },
                        {
                          onSuccess: () => {
                            setDialog(null);
                            toastInfo(intl.formatMessage({ id: "deleteEvent.done" }, { name: e.name }));
                            void navigate({ to: "/events" });
                          },
                          onError: (err) => {
                            setDialog(null);
                            toastError(err);
                          },
                        },
                      )
                    }
                  >
                    <FormattedMessage id="deleteEvent.submit" />
                  </Button>
                </Group>
              </Stack>
            </Modal>
            {warnings.length > 0 && (
              <Alert color="yellow" role="status">
                {warnings.join("; ")}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="events.client" />
                </Text>
                <Text data-testid="event-client">{e.client?.companyName || e.clientName || "—"}</Text>
                {e.client?.contactName && (
                  <Text size="sm" data-testid="event-client-contact">
                    {e.client.contactName}
                    {e.client.contactEmail && (
                      <>
                        {" · "}
                        <Anchor href={`mailto:${e.client.contactEmail}`} size="sm">
                          {e.client.contactEmail}
                        </Anchor>
                      </>
                    )}
                    {e.client.contactPhone && ` · ${e.client.contactPhone}`}
                  </Text>
                )}
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="events.venue" />
                </Text>
                <Text>{e.venue || "—"}</Text>
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="events.timeZone" />
                </Text>
                <Text>{e.timeZone}</Text>
              </Card>
            </SimpleGrid>
            {e.notes && <Text>{e.notes}</Text>}
            <Group justify="space-between">
              <Title order={3}>
                <FormattedMessage id="pull.title" />
              </Title>
              {pull.data && (
                <Text size="sm" c={pull.data.ok ? "green" : "red"} fw={600} data-testid="pull-summary">
                  <FormattedMessage
                    id={pull.data.ok ? "pull.allAvailable" : "pull.someShort"}
                    values={{ count: pull.data.items.filter((i) => i.shortfall > 0).length }}
                  />
                </Text>
              )}
            </Group>
            {canEdit && <AddLineForm event={e} />}
            <QueryState
              isPending={pull.isPending}
              error={pull.error}
              onRetry={() => void pull.refetch()}
              isEmpty={lines.length === 0}
              empty={<FormattedMessage id="pull.empty" />}
            >
              <PullList
                lines={lines}
                items={pull.data?.items ?? []}
                products={products}
                canEdit={canEdit}
                lineExtra={lineExtra && ((item, name) => lineExtra(e.id, item, name))}
              />
            </QueryState>
            {sections?.(e)}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
