import { Badge, Group, Stack, Switch, Table, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { AnchorLink } from "../../../components/AnchorLink";
import { ListSearch } from "../../../components/ListSearch";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useShortcut } from "../../../lib/shortcuts";
import { useContacts } from "../api/crm";
import { contactName } from "../lib/duplicates";

const route = getRouteApi("/_app/contacts");

/** Every company's contacts, by last name, searched on the server (name, email, phone). */
export function ContactListScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // "/" focuses the search (ux-brief).
  useShortcut("/", () => document.querySelector<HTMLInputElement>('[data-testid="contact-search"]')?.focus());
  const list = useContacts(search);
  const rows = list.data?.contacts ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="crm.contacts" />
        </Title>
        <AnchorLink to="/clients" size="sm">
          <FormattedMessage id="crm.companies.title" />
        </AnchorLink>
      </Group>
      <Group align="end">
        <ListSearch q={search.q} onQuery={(q) => void navigate({ search: (s) => ({ ...s, q, page: undefined }) })} label={intl.formatMessage({ id: "crm.contacts.search" })} testId="contact-search" />
        <Switch label={intl.formatMessage({ id: "crm.showArchived" })} checked={!!search.archived} onChange={(e) => void navigate({ search: (s) => ({ ...s, archived: e.currentTarget.checked || undefined, page: undefined }) })} />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="crm.contacts.none" />}>
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="contacts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "crm.contact.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.company" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.contact.role" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.email" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.phone" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {contactName(c)}{" "}
                    {c.primary && (
                      <Badge size="xs" color="teal">
                        <FormattedMessage id="crm.contact.primaryBadge" />
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink to="/clients/$companyId" params={{ companyId: c.companyId }} size="sm">
                      {c.companyName}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{c.role}</Table.Td>
                  <Table.Td>{c.email}</Table.Td>
                  <Table.Td>{c.phone || c.mobile}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={search.page} next={list.data?.page?.nextPageToken || undefined} onPage={(t) => void navigate({ search: (s) => ({ ...s, page: t }) })} />
      </QueryState>
    </Stack>
  );
}
