import { useState } from "react";
import { Button, Card, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AssignmentStatus, type Assignment } from "../../../gen/eventkit/v1/crew_pb";
import { QueryState } from "../../../components/QueryState";
import { toastError, toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useAssignments, useCancelAssignment } from "../api/crew";
import { AssignmentForm, type CrewEvent } from "./AssignmentForm";
import { AssignmentTable } from "./AssignmentTable";

const OPEN = [AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED, AssignmentStatus.DECLINED];

/**
 * The event's crew (the event page composes it in through its `sections` slot): its assignments,
 * "Add crew", and change or cancel per row for planners.
 */
export function EventCrew({ event }: { event: CrewEvent }) {
  const intl = useIntl();
  const canRead = useCan(Permission.CREW_READ);
  const canWrite = useCan(Permission.CREW_WRITE);
  const list = useAssignments({ eventId: event.id, statuses: OPEN }, canRead);
  const [dialog, setDialog] = useState<{ kind: "add" } | { kind: "edit" | "cancel"; a: Assignment } | null>(null);
  const [cancelReason, setCancelReason] = useState("");
  const cancel = useCancelAssignment();
  if (!canRead) return null;
  const rows = list.data?.assignments ?? [];
  const close = () => setDialog(null);
  const editable = (a: Assignment) => a.status === AssignmentStatus.OFFERED || a.status === AssignmentStatus.ACCEPTED;
  return (
    <Card withBorder padding="sm" data-testid="event-crew" component="section" aria-labelledby="event-crew-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="event-crew-title">
            <FormattedMessage id="crew.eventCrew" />
          </Title>
          {canWrite && (
            <Button onClick={() => setDialog({ kind: "add" })} data-testid="event-crew-add">
              <FormattedMessage id="crew.addCrew" />
            </Button>
          )}
        </Group>
        <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="crew.eventCrew.none" />}>
          <AssignmentTable
            assignments={rows}
            show="member"
            testId="event-crew-table"
            actions={
              canWrite
                ? (a) =>
                    editable(a) && (
                      <>
                        <Button size="xs" variant="default" onClick={() => setDialog({ kind: "edit", a })} aria-label={intl.formatMessage({ id: "crew.editAssignment" }, { name: a.crewMemberName })} data-testid="assignment-edit">
                          <FormattedMessage id="crew.edit" />
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          onClick={() => {
                            setCancelReason("");
                            setDialog({ kind: "cancel", a });
                          }}
                          aria-label={intl.formatMessage({ id: "crew.cancelAssignment" }, { name: a.crewMemberName })}
                          data-testid="assignment-cancel"
                        >
                          <FormattedMessage id="crew.cancelShort" />
                        </Button>
                      </>
                    )
                : undefined
            }
          />
        </QueryState>
      </Stack>
      <Modal
        opened={dialog?.kind === "add" || dialog?.kind === "edit"}
        onClose={close}
        title={intl.formatMessage({ id: dialog?.kind === "edit" ? "crew.editAssignmentTitle" : "crew.addCrew" })}
        size="xl"
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        {(dialog?.kind === "add" || dialog?.kind === "edit") && (
          <AssignmentForm
            event={event}
            assignment={dialog.kind === "edit" ? dialog.a : undefined}
            onCancel={close}
            onDone={(a) => {
              close();
              toastInfo(intl.formatMessage({ id: dialog.kind === "edit" ? "crew.assignmentSaved" : "crew.offered" }, { name: a.crewMemberName }));
            }}
          />
        )}
      </Modal>
      <Modal opened={dialog?.kind === "cancel"} onClose={close} title={intl.formatMessage({ id: "crew.cancelTitle" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
        {dialog?.kind === "cancel" && (
          <Stack>
            <Text>
              <FormattedMessage id="crew.cancelConfirm" values={{ name: dialog.a.crewMemberName, function: dialog.a.function }} />
            </Text>
            <TextInput label={intl.formatMessage({ id: "crew.cancelReason" })} value={cancelReason} onChange={(e) => setCancelReason(e.currentTarget.value)} data-autofocus data-testid="assignment-cancel-reason" />
            <Group justify="end">
              <Button variant="default" onClick={close}>
                <FormattedMessage id="crew.keep" />
              </Button>
              <Button
                color="red.9"
                loading={cancel.isPending}
                onClick={() => cancel.mutate({ id: dialog.a.id, reason: cancelReason.trim() }, { onSuccess: close, onError: toastError })}
                data-testid="assignment-cancel-confirm"
              >
                <FormattedMessage id="crew.cancelAssignmentSubmit" />
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}
