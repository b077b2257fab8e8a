import { useState } from "react";
import { Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import { AssignmentStatus, TimesheetStatus, type Assignment } from "../../../gen/eventkit/v1/crew_pb";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastError } from "../../../lib/notify";
import { useAssignments, useMyCrewMember, useRespondToAssignment, useTimesheets } from "../api/crew";
import { CallTimes, formatRate } from "../components/AssignmentTable";
import { AssignmentStatusBadge, QualificationBadge, TimesheetStatusBadge } from "../components/badges";
import { CalendarFeedCard } from "../components/CalendarFeedCard";
import { TimesheetCard } from "../components/TimesheetCard";
import { UnavailabilityPanel } from "../components/UnavailabilityPanel";
import { canRespond, myAssignmentOrder } from "../lib/mywork";

const route = getRouteApi("/_app/my-work");
const MINE = [AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED, AssignmentStatus.DECLINED];

/**
 * A crew member's own week on a phone: assignments to accept or decline, unavailable periods,
 * timesheets per accepted assignment, and the calendar feed. For anyone whose account is linked
 * to a crew member (the home of a Crew user).
 */
export function MyWorkScreen() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMyCrewMember();
  const tab = search.tab ?? "assignments";
  const notLinked = me.error && toUiError(me.error).code === Code.NotFound;
  return (
    <Stack gap="md" maw={720}>
      <Title order={2} data-testid="my-work-title">
        <FormattedMessage id="crew.my.title" />
      </Title>
      {notLinked ? (
        <Alert color="blue" role="status" data-testid="my-work-unlinked">
          <FormattedMessage id="crew.my.notLinked" />
        </Alert>
      ) : (
        <QueryState isPending={me.isPending} error={me.error} onRetry={() => void me.refetch()}>
          {me.data && (
            <>
              <Group gap={6}>
                <Text fw={500}>{me.data.name}</Text>
                {me.data.qualifications.map((q) => (
                  <QualificationBadge key={q.skill} q={q} />
                ))}
              </Group>
              <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: v === "assignments" ? undefined : (v as never) } })} keepMounted={false}>
                <Tabs.List grow>
                  <Tabs.Tab value="assignments" py="md" data-testid="tab-assignments">
                    <FormattedMessage id="crew.my.assignments" />
                  </Tabs.Tab>
                  <Tabs.Tab value="availability" py="md" data-testid="tab-availability">
                    <FormattedMessage id="crew.my.availability" />
                  </Tabs.Tab>
                  <Tabs.Tab value="timesheets" py="md" data-testid="tab-timesheets">
                    <FormattedMessage id="crew.my.timesheets" />
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="assignments" pt="md">
                  <MyAssignments />
                </Tabs.Panel>
                <Tabs.Panel value="availability" pt="md">
                  <Stack>
                    <UnavailabilityPanel crewMemberId={me.data.id} memberName={me.data.name} canEdit />
                    <CalendarFeedCard />
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="timesheets" pt="md">
                  <MyTimesheets />
                </Tabs.Panel>
              </Tabs>
            </>
          )}
        </QueryState>
      )}
    </Stack>
  );
}

function MyAssignments() {
  const list = useAssignments({ mine: true, statuses: MINE });
  const now = Date.now();
  const rows = myAssignmentOrder(list.data?.assignments ?? [], now);
  const [declining, setDeclining] = useState<Assignment | null>(null);
  return (
    <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="crew.my.noAssignments" />}>
      <Stack gap="sm" data-testid="my-assignments">
        {rows.map((a) => (
          <AssignmentCard key={a.id} a={a} now={now} onDecline={() => setDeclining(a)} />
        ))}
      </Stack>
      <DeclineDialog assignment={declining} onClose={() => setDeclining(null)} />
    </QueryState>
  );
}

function AssignmentCard({ a, now, onDecline }: { a: Assignment; now: number; onDecline(): void }) {
  const intl = useIntl();
  const respond = useRespondToAssignment();
  const open = canRespond(a, now);
  return (
    <Card withBorder padding="md" data-testid="my-assignment" data-assignment={a.id} data-status={AssignmentStatus[a.status]}>
      <Stack gap={6}>
        <Group justify="space-between" align="start" wrap="nowrap">
          <div>
            <Text fw={600} size="lg">
              {a.eventName}
            </Text>
            <Text size="sm">{a.function}</Text>
          </div>
          <AssignmentStatusBadge status={a.status} />
        </Group>
        <CallTimes a={a} />
        {a.venue && (
          <Text size="sm" c="dimmed">
            {a.venue}
          </Text>
        )}
        <Text size="sm">{formatRate(intl, a)}</Text>
        {a.notes && <Text size="sm">{a.notes}</Text>}
        {a.timesheetStatus !== TimesheetStatus.UNSPECIFIED && (
          <Group gap={6}>
            <Text size="sm">
              <FormattedMessage id="crew.timesheet" />
            </Text>
            <TimesheetStatusBadge status={a.timesheetStatus} />
          </Group>
        )}
        {open && a.status === AssignmentStatus.OFFERED && (
          <SimpleGrid cols={2} mt="xs">
            <Button
              size="lg"
              color="green"
              loading={respond.isPending}
              onClick={() => respond.mutate({ id: a.id, accept: true }, { onError: toastError })}
              aria-label={intl.formatMessage({ id: "crew.my.acceptLabel" }, { event: a.eventName })}
              data-testid="assignment-accept"
            >
              <FormattedMessage id="crew.my.accept" />
            </Button>
            <Button size="lg" variant="default" onClick={onDecline} aria-label={intl.formatMessage({ id: "crew.my.declineLabel" }, { event: a.eventName })} data-testid="assignment-decline">
              <FormattedMessage id="crew.my.decline" />
            </Button>
          </SimpleGrid>
        )}
        {open && a.status === AssignmentStatus.ACCEPTED && (
          <Button size="md" variant="subtle" color="red" onClick={onDecline} data-testid="assignment-decline">
            <FormattedMessage id="crew.my.cantMakeIt" />
          </Button>
        )}
        {a.status === AssignmentStatus.DECLINED && a.declineReason && (
          <Badge variant="light" color="gray">
            {a.declineReason}
          </Badge>
        )}
      </Stack>
    </Card>
  );
}

function DeclineDialog({ assignment, onClose }: { assignment: Assignment | null; onClose(): void }) {
  const intl = useIntl();
  const [reason, setReason] = useState("");
  const respond = useRespondToAssignment();
  return (
    <Modal
      opened={!!assignment}
      onClose={onClose}
      title={intl.formatMessage({ id: "crew.my.declineTitle" }, { event: assignment?.eventName ?? "" })}
      fullScreen={typeof window !== "undefined" && window.innerWidth < 500}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
    >
      {assignment && (
        <Stack>
          <TextInput label={intl.formatMessage({ id: "crew.my.declineReason" })} size="md" maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus data-testid="decline-reason" />
          <SimpleGrid cols={2}>
            <Button size="lg" variant="default" onClick={onClose}>
              <FormattedMessage id="crew.cancel" />
            </Button>
            <Button
              size="lg"
              color="red.9"
              loading={respond.isPending}
              onClick={() =>
                respond.mutate(
                  { id: assignment.id, accept: false, reason: reason.trim() },
                  {
                    onSuccess: () => {
                      setReason("");
                      onClose();
                    },
                    onError: toastError,
                  },
                )
              }
              data-testid="decline-submit"
            >
              <FormattedMessage id="crew.my.decline" />
            </Button>
          </SimpleGrid>
        </Stack>
      )}
    </Modal>
  );
}

function MyTimesheets() {
  const accepted = useAssignments({ mine: true, statuses: [AssignmentStatus.ACCEPTED] });
  const sheets = useTimesheets({ mine: true });
  const byAssignment = new Map((sheets.data?.timesheets ?? []).map((s) => [s.assignmentId, s]));
  // What needs doing first: drafts and rejected, then not yet recorded, then the rest.
  const rank = (a: Assignment) => {
    const s = byAssignment.get(a.id)?.status;
    return s === TimesheetStatus.REJECTED ? 0 : s === undefined || s === TimesheetStatus.DRAFT ? 1 : 2;
  };
  const rows = [...(accepted.data?.assignments ?? [])].sort((a, b) => rank(a) - rank(b));
  return (
    <QueryState
      isPending={accepted.isPending || sheets.isPending}
      error={accepted.error ?? sheets.error}
      onRetry={() => {
        void accepted.refetch();
        void sheets.refetch();
      }}
      isEmpty={rows.length === 0}
      empty={<FormattedMessage id="crew.my.noTimesheets" />}
    >
      <Stack gap="sm" data-testid="my-timesheets">
        {rows.map((a) => (
          <TimesheetCard key={`${a.id}-${byAssignment.get(a.id)?.updatedAt?.seconds ?? 0}`} assignment={a} timesheet={byAssignment.get(a.id)} />
        ))}
      </Stack>
    </QueryState>
  );
}
