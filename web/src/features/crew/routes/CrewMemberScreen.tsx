import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { formatMoney } from "../../../lib/money";
import { useCan } from "../../../lib/session";
import { dayStart } from "../../../lib/dates";
import { useState } from "react";
import { useAssignments, useCrewMember } from "../api/crew";
import { CrewMemberForm } from "../components/CrewMemberForm";
import { EmploymentBadge, QualificationBadge } from "../components/badges";
import { AssignmentTable } from "../components/AssignmentTable";
import { UnavailabilityPanel } from "../components/UnavailabilityPanel";

const route = getRouteApi("/_app/crew/$memberId");

/** One crew member: profile, qualifications, upcoming assignments and unavailable periods. */
export function CrewMemberScreen() {
  const intl = useIntl();
  const { memberId } = route.useParams();
  const member = useCrewMember(memberId);
  const canEdit = useCan(Permission.CREW_WRITE);
  const canMarkUnavailable = useCanRespondFor();
  const [editing, setEditing] = useState(false);
  const m = member.data;
  const upcoming = useAssignments({ crewMemberId: memberId, window: { from: dayStart(0), to: dayStart(365) } }, !!m);
  return (
    <Stack>
      <AnchorLink to="/crew" size="sm">
        ← <FormattedMessage id="crew.list.title" />
      </AnchorLink>
      <QueryState
        isPending={member.isPending}
        error={member.error}
        onRetry={() => void member.refetch()}
        notFound={<Text>{intl.formatMessage({ id: "crew.notFound" })}</Text>}
        invalidIsNotFound
      >
        {m && (
          <>
            <Group justify="space-between" align="start">
              <Stack gap={4}>
                <Group gap="sm">
                  <Title order={2} data-testid="crew-title">
                    {m.name}
                  </Title>
                  <EmploymentBadge kind={m.employment} />
                  {m.archived && (
                    <Badge color="gray">
                      <FormattedMessage id="crew.archived" />
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {[m.email, m.phone].filter(Boolean).join(" · ") || "—"}
                </Text>
              </Stack>
              {canEdit && (
                <Button variant="default" onClick={() => setEditing(true)} data-testid="crew-edit">
                  <FormattedMessage id="crew.edit" />
                </Button>
              )}
            </Group>
            <Modal opened={editing} onClose={() => setEditing(false)} title={intl.formatMessage({ id: "crew.editTitle" })} size="lg" closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
              {editing && <CrewMemberForm member={m} onCancel={() => setEditing(false)} onDone={() => setEditing(false)} />}
            </Modal>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="crew.dayRate" />
                </Text>
                <Text data-testid="crew-day-rate-value">{formatMoney(intl, m.dayRate)}</Text>
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="crew.hourRate" />
                </Text>
                <Text>{formatMoney(intl, m.hourRate)}</Text>
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="crew.linkedUser" />
                </Text>
                <Text data-testid="crew-linked">{m.userId ? intl.formatMessage({ id: "crew.linkedYes" }) : intl.formatMessage({ id: "crew.linkedNo" })}</Text>
              </Card>
            </SimpleGrid>
            <Card withBorder padding="sm">
              <Text size="xs" c="dimmed" mb={4}>
                <FormattedMessage id="crew.qualifications" />
              </Text>
              {m.qualifications.length === 0 ? (
                <Text size="sm" c="dimmed">
                  <FormattedMessage id="crew.qual.none" />
                </Text>
              ) : (
                <Group gap="xs" data-testid="crew-qualifications">
                  {m.qualifications.map((q) => (
                    <QualificationBadge key={q.skill} q={q} />
                  ))}
                </Group>
              )}
            </Card>
            {m.notes && <Text>{m.notes}</Text>}
            <Title order={3}>
              <FormattedMessage id="crew.upcoming" />
            </Title>
            <QueryState isPending={upcoming.isPending} error={upcoming.error} onRetry={() => void upcoming.refetch()} isEmpty={(upcoming.data?.assignments.length ?? 0) === 0} empty={<FormattedMessage id="crew.upcoming.none" />}>
              <AssignmentTable assignments={upcoming.data?.assignments ?? []} show="event" testId="member-assignments" />
            </QueryState>
            <UnavailabilityPanel crewMemberId={m.id} memberName={m.name} canEdit={canMarkUnavailable} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

/** Planners (CREW_RESPOND besides CREW_WRITE) may mark someone unavailable for them. */
function useCanRespondFor() {
  const write = useCan(Permission.CREW_WRITE);
  const respond = useCan(Permission.CREW_RESPOND);
  return write && respond;
}
