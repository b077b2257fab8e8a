import { Button, Group, Loader, Modal, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ListSearch } from "../../../components/ListSearch";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { formatMoney } from "../../../lib/money";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { useCrewMembers } from "../api/crew";
import { CrewMemberForm } from "../components/CrewMemberForm";
import { EmploymentBadge, QualificationBadge } from "../components/badges";
import { isoDay, normaliseSkill } from "../lib/crew";
import { Badge } from "@mantine/core";

const route = getRouteApi("/_app/crew/");

/** Crew members by name, filtered on the server (text, skill, archived); the filters live in the URL. */
export function CrewListScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const go = useNavigate();
  const canRead = useCan(Permission.CREW_READ);
  const canEdit = useCan(Permission.CREW_WRITE);
  const [creating, { open, close }] = useDisclosure(false);
  useShortcut("/", () => document.querySelector<HTMLInputElement>('[data-testid="crew-search"]')?.focus());
  useShortcut("n", open, canEdit);
  const list = useCrewMembers(search, canRead);
  const rows = list.data?.members ?? [];
  const today = isoDay(new Date());
  const setSkill = (value: string) => void navigate({ search: (s) => ({ ...s, skill: normaliseSkill(value) || undefined, page: undefined }) });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="crew.list.title" />
        </Title>
        <Group>
          {list.isFetching && !list.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "crew.refreshing" })} />}
          <AnchorLink to="/crew/availability" size="sm">
            <FormattedMessage id="nav.crewAvailability" />
          </AnchorLink>
          {canEdit && (
            <Button onClick={open} data-testid="crew-new">
              <FormattedMessage id="crew.new" />
            </Button>
          )}
        </Group>
      </Group>
      <Modal opened={creating} onClose={close} title={intl.formatMessage({ id: "crew.new" })} size="lg" closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
        {creating && (
          <CrewMemberForm
            onCancel={close}
            onDone={(m) => {
              close();
              void go({ to: "/crew/$memberId", params: { memberId: m.id } });
            }}
          />
        )}
      </Modal>
      <Group align="end" wrap="wrap">
        <ListSearch q={search.q} onQuery={(q) => void navigate({ search: (s) => ({ ...s, q, page: undefined }) })} label={intl.formatMessage({ id: "crew.list.search" })} testId="crew-search" />
        <TextInput
          aria-label={intl.formatMessage({ id: "crew.skillFilter" })}
          placeholder={intl.formatMessage({ id: "crew.skillFilter" })}
          defaultValue={search.skill ?? ""}
          key={search.skill ?? ""}
          onBlur={(e) => setSkill(e.currentTarget.value)}
          onKeyDown={(e) => e.key === "Enter" && setSkill(e.currentTarget.value)}
          w={180}
          data-testid="crew-skill-filter"
        />
        <Switch
          label={intl.formatMessage({ id: "crew.showArchived" })}
          checked={!!search.archived}
          onChange={(e) => void navigate({ search: (s) => ({ ...s, archived: e.currentTarget.checked || undefined, page: undefined }) })}
        />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id={canEdit ? "crew.list.emptyNew" : "crew.list.empty"} />}>
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="crew-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "crew.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.employment" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.contact" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.dayRate" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.hourRate" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.qualifications" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id} data-testid="crew-row" data-member={m.id}>
                  <Table.Td>
                    <AnchorLink to="/crew/$memberId" params={{ memberId: m.id }} size="sm">
                      {m.name}
                    </AnchorLink>
                    {m.archived && (
                      <Badge size="xs" color="gray" ms="xs">
                        <FormattedMessage id="crew.archived" />
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <EmploymentBadge kind={m.employment} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[m.email, m.phone].filter(Boolean).join(" · ")}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatMoney(intl, m.dayRate)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatMoney(intl, m.hourRate)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {m.qualifications.map((q) => (
                        <QualificationBadge key={q.skill} q={q} today={today} />
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={search.page} next={list.data?.page?.nextPageToken || undefined} onPage={(tk) => void navigate({ search: (s) => ({ ...s, page: tk }) })} />
      </QueryState>
    </Stack>
  );
}
