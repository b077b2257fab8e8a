import { Badge, Button, Group, Loader, Modal, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ListSearch } from "../../../components/ListSearch";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { useCompanies } from "../api/crm";
import { CompanyForm } from "../components/CompanyForm";

const route = getRouteApi("/_app/clients/");

/** Client companies by name, filtered on the server (text, tag, archived); the filters live in the URL. */
export function CompanyListScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // "/" focuses the search (ux-brief).
  useShortcut("/", () => document.querySelector<HTMLInputElement>('[data-testid="company-search"]')?.focus());
  const go = useNavigate();
  const canEdit = useCan(Permission.CRM_WRITE);
  const [creating, { open, close }] = useDisclosure(false);
  useShortcut("n", open, canEdit);
  const list = useCompanies(search);
  const rows = list.data?.companies ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="crm.companies.title" />
        </Title>
        <Group>
          {list.isFetching && !list.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "crm.refreshing" })} />}
          <AnchorLink to="/contacts" size="sm">
            <FormattedMessage id="nav.contacts" />
          </AnchorLink>
          {canEdit && (
            <Button onClick={open} data-testid="company-new">
              <FormattedMessage id="crm.company.new" />
            </Button>
          )}
        </Group>
      </Group>
      <Modal opened={creating} onClose={close} title={intl.formatMessage({ id: "crm.company.new" })} size="lg" closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
        {creating && (
          <CompanyForm
            onCancel={close}
            onDone={(c) => {
              close();
              void go({ to: "/clients/$companyId", params: { companyId: c.id } });
            }}
          />
        )}
      </Modal>
      <Group align="end" wrap="wrap">
        <ListSearch q={search.q} onQuery={(q) => void navigate({ search: (s) => ({ ...s, q, page: undefined }) })} label={intl.formatMessage({ id: "crm.companies.search" })} testId="company-search" />
        <TextInput
          aria-label={intl.formatMessage({ id: "crm.tag" })}
          placeholder={intl.formatMessage({ id: "crm.tag" })}
          defaultValue={search.tag ?? ""}
          onBlur={(e) => void navigate({ search: (s) => ({ ...s, tag: e.currentTarget.value.trim() || undefined, page: undefined }) })}
          onKeyDown={(e) => {
            if (e.key === "Enter") void navigate({ search: (s) => ({ ...s, tag: e.currentTarget.value.trim() || undefined, page: undefined }) });
          }}
          w={160}
          data-testid="company-tag"
        />
        <Switch
          label={intl.formatMessage({ id: "crm.showArchived" })}
          checked={!!search.archived}
          onChange={(e) => void navigate({ search: (s) => ({ ...s, archived: e.currentTarget.checked || undefined, page: undefined }) })}
        />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="crm.companies.empty" />}>
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="company-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "crm.company.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.email" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.phone" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.address.city" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crm.tags" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} data-testid="company-row">
                  <Table.Td>
                    <AnchorLink to="/clients/$companyId" params={{ companyId: c.id }} size="sm">
                      {c.name}
                    </AnchorLink>
                    {c.archived && (
                      <Badge size="xs" color="gray" ms="xs">
                        <FormattedMessage id="crm.archived" />
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.phone}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.billingAddress?.city}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {c.tags.map((t) => (
                        <Badge key={t} size="xs" variant="light" style={{ cursor: "pointer" }} onClick={() => void navigate({ search: (s) => ({ ...s, tag: t, page: undefined }) })}>
                          {t}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
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
