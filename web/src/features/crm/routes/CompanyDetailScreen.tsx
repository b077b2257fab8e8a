import { useState, type ReactNode } from "react";
import { Badge, Button, Card, Group, Menu, Modal, SimpleGrid, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { ActivityKind, type Contact } from "../../../gen/eventkit/v1/crm_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { useCan } from "../../../lib/session";
import { toastError } from "../../../lib/notify";
import { useActivities, useCompany, useStages, useUpdateCompany, useUpdateContact } from "../api/crm";
import { ActivityForm, ACTIVITY_KINDS, type ActivityKindName } from "../components/ActivityForm";
import { CompanyForm } from "../components/CompanyForm";
import { ContactForm } from "../components/ContactForm";
import { DealForm } from "../components/DealForm";
import { Money } from "../components/DealMoney";
import { contactName } from "../lib/duplicates";

const route = getRouteApi("/_app/clients/$companyId");

type Dialog = { kind: "edit" } | { kind: "contact"; contact?: Contact } | { kind: "activity"; activity: ActivityKindName } | { kind: "deal" } | null;

/**
 * A client company: details, contacts (add, edit, make primary), the activity timeline with "Log
 * call/email/meeting/note", open deals, and — from other features, composed by the route — the
 * client's events and quotes.
 */
export function CompanyDetailScreen({ events, quotes }: { events?: (companyId: string) => ReactNode; quotes?: (companyId: string, companyName: string) => ReactNode } = {}) {
  const intl = useIntl();
  const { companyId } = route.useParams();
  const q = useCompany(companyId);
  const activities = useActivities(companyId);
  const stages = useStages();
  const canEdit = useCan(Permission.CRM_WRITE);
  const updateCompany = useUpdateCompany();
  const updateContact = useUpdateContact();
  const [dialog, setDialogState] = useState<Dialog>(null);
  // What the dialog shows stays while it fades out after closing.
  const [shown, setShown] = useState<Dialog>(null);
  const setDialog = (d: Dialog) => {
    setDialogState(d);
    if (d) setShown(d);
  };
  const c = q.data?.company;
  const contacts = q.data?.contacts ?? [];
  const close = () => setDialog(null);
  const closeLabel = { "aria-label": intl.formatMessage({ id: "dialog.close" }) };
  const a = c?.billingAddress;
  return (
    <Stack>
      <AnchorLink to="/clients" size="sm">
        ← <FormattedMessage id="crm.companies.title" />
      </AnchorLink>
      <QueryState isPending={q.isPending} error={q.error} onRetry={() => void q.refetch()} notFound={<Text>{intl.formatMessage({ id: "crm.company.notFound" })}</Text>} invalidIsNotFound>
        {c && (
          <>
            <Group justify="space-between" align="start">
              <Stack gap={4}>
                <Group gap="xs">
                  <Title order={2} data-testid="company-title">
                    {c.name}
                  </Title>
                  {c.archived && (
                    <Badge color="gray">
                      <FormattedMessage id="crm.archived" />
                    </Badge>
                  )}
                </Group>
                <Group gap={4}>
                  {c.tags.map((t) => (
                    <Badge key={t} size="sm" variant="light">
                      {t}
                    </Badge>
                  ))}
                </Group>
              </Stack>
              {canEdit && (
                <Group gap="xs">
                  <Button variant="default" onClick={() => setDialog({ kind: "edit" })} data-testid="company-edit">
                    <FormattedMessage id="crm.edit" />
                  </Button>
                  <Button
                    variant="default"
                    loading={updateCompany.isPending}
                    onClick={() => updateCompany.mutate({ id: c.id, archived: !c.archived, expectedUpdatedAt: c.updatedAt }, { onError: toastError })}
                    data-testid="company-archive"
                  >
                    <FormattedMessage id={c.archived ? "crm.unarchive" : "crm.archive"} />
                  </Button>
                </Group>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <Field label="crm.email" value={c.email} />
              <Field label="crm.phone" value={c.phone} />
              <Field label="crm.website" value={c.website} />
              <Field label="crm.taxId" value={c.taxId} />
              <Field label="crm.address" value={[a?.line1, a?.line2, [a?.postalCode, a?.city].filter(Boolean).join(" "), a?.countryCode].filter(Boolean).join(", ")} />
              <Field label="crm.currency" value={c.defaultCurrency} />
              <Field label="crm.language" value={c.language} />
              <Field label="crm.notes" value={c.notes} />
            </SimpleGrid>

            <Group justify="space-between">
              <Title order={3}>
                <FormattedMessage id="crm.contacts" />
              </Title>
              {canEdit && (
                <Button size="xs" onClick={() => setDialog({ kind: "contact" })} data-testid="contact-new">
                  <FormattedMessage id="crm.contact.add" />
                </Button>
              )}
            </Group>
            {contacts.length === 0 ? (
              <Text c="dimmed">
                <FormattedMessage id="crm.contacts.empty" />
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing={4} data-testid="contact-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{intl.formatMessage({ id: "crm.contact.name" })}</Table.Th>
                      <Table.Th>{intl.formatMessage({ id: "crm.contact.role" })}</Table.Th>
                      <Table.Th>{intl.formatMessage({ id: "crm.email" })}</Table.Th>
                      <Table.Th>{intl.formatMessage({ id: "crm.phone" })}</Table.Th>
                      <Table.Th>{intl.formatMessage({ id: "crm.actions" })}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {contacts.map((p) => (
                      <Table.Tr key={p.id} data-testid="contact-row">
                        <Table.Td>
                          {contactName(p)}{" "}
                          {p.primary && (
                            <Badge size="xs" color="teal">
                              <FormattedMessage id="crm.contact.primaryBadge" />
                            </Badge>
                          )}
                          {p.archived && (
                            <Badge size="xs" color="gray">
                              <FormattedMessage id="crm.archived" />
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{p.role}</Table.Td>
                        <Table.Td>{p.email}</Table.Td>
                        <Table.Td>{p.phone || p.mobile}</Table.Td>
                        <Table.Td>
                          {canEdit && (
                            <Group gap={4}>
                              <Button size="compact-xs" variant="default" onClick={() => setDialog({ kind: "contact", contact: p })}>
                                <FormattedMessage id="crm.edit" />
                              </Button>
                              {!p.primary && !p.archived && (
                                <Button size="compact-xs" variant="default" onClick={() => updateContact.mutate({ id: p.id, primary: true }, { onError: toastError })}>
                                  <FormattedMessage id="crm.contact.makePrimary" />
                                </Button>
                              )}
                              <Button size="compact-xs" variant="default" onClick={() => updateContact.mutate({ id: p.id, archived: !p.archived, expectedUpdatedAt: p.updatedAt }, { onError: toastError })}>
                                <FormattedMessage id={p.archived ? "crm.unarchive" : "crm.archive"} />
                              </Button>
                            </Group>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}

            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Stack>
                <Group justify="space-between">
                  <Title order={3}>
                    <FormattedMessage id="crm.activities" />
                  </Title>
                  {canEdit && (
                    <Menu>
                      <Menu.Target>
                        <Button size="xs" variant="default" data-testid="activity-log">
                          <FormattedMessage id="crm.activity.log" />
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {ACTIVITY_KINDS.map((k) => (
                          <Menu.Item key={k} onClick={() => setDialog({ kind: "activity", activity: k })} data-testid={`activity-log-${k}`}>
                            <FormattedMessage id={`crm.activity.log.${k}`} />
                          </Menu.Item>
                        ))}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Group>
                <QueryState
                  isPending={activities.isPending}
                  error={activities.error}
                  onRetry={() => void activities.refetch()}
                  isEmpty={(activities.data?.activities.length ?? 0) === 0}
                  empty={<FormattedMessage id="crm.activities.empty" />}
                >
                  <Timeline bulletSize={14} lineWidth={2} data-testid="activity-timeline">
                    {(activities.data?.activities ?? []).map((x) => (
                      <Timeline.Item key={x.id} title={`${intl.formatMessage({ id: `crm.activity.kind.${ActivityKind[x.kind] ?? "NOTE"}` })}: ${x.subject}`}>
                        <Text size="xs" c="dimmed">
                          {x.occurredAt ? intl.formatDate(timestampDate(x.occurredAt), { dateStyle: "medium", timeStyle: "short" }) : ""}
                          {x.contactName ? ` · ${x.contactName}` : ""}
                          {x.recordedBy ? ` · ${x.recordedBy}` : ""}
                        </Text>
                        {x.body && (
                          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                            {x.body}
                          </Text>
                        )}
                      </Timeline.Item>
                    ))}
                  </Timeline>
                </QueryState>
              </Stack>
              <Stack>
                <Group justify="space-between">
                  <Title order={3}>
                    <FormattedMessage id="crm.openDeals" />
                  </Title>
                  {canEdit && (
                    <Button size="xs" variant="default" onClick={() => setDialog({ kind: "deal" })} data-testid="company-deal-new">
                      <FormattedMessage id="crm.deal.new" />
                    </Button>
                  )}
                </Group>
                {(q.data?.openDeals.length ?? 0) === 0 ? (
                  <Text c="dimmed">
                    <FormattedMessage id="crm.openDeals.empty" />
                  </Text>
                ) : (
                  <Table verticalSpacing={4}>
                    <Table.Tbody>
                      {q.data!.openDeals.map((d) => (
                        <Table.Tr key={d.id}>
                          <Table.Td>{d.title}</Table.Td>
                          <Table.Td>{d.stageName}</Table.Td>
                          <Table.Td>
                            <Money value={d.value} />
                          </Table.Td>
                          <Table.Td>{d.expectedClose ? intl.formatDate(timestampDate(d.expectedClose), { dateStyle: "medium" }) : ""}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Stack>
            </SimpleGrid>
            {events && (
              <Stack>
                <Title order={3}>
                  <FormattedMessage id="crm.events" />
                </Title>
                {events(c.id)}
              </Stack>
            )}
            {quotes && quotes(c.id, c.name)}

            <Modal opened={dialog?.kind === "edit"} onClose={close} size="lg" title={intl.formatMessage({ id: "crm.company.edit" })} closeButtonProps={closeLabel}>
              {shown?.kind === "edit" && <CompanyForm company={c} onCancel={close} onDone={close} />}
            </Modal>
            <Modal opened={dialog?.kind === "contact"} onClose={close} size="lg" title={intl.formatMessage({ id: shown?.kind === "contact" && shown.contact ? "crm.contact.edit" : "crm.contact.add" })} closeButtonProps={closeLabel}>
              {shown?.kind === "contact" && <ContactForm companyId={c.id} contact={shown.contact} onCancel={close} onDone={close} />}
            </Modal>
            <Modal opened={dialog?.kind === "activity"} onClose={close} title={shown?.kind === "activity" ? intl.formatMessage({ id: `crm.activity.log.${shown.activity}` }) : ""} closeButtonProps={closeLabel}>
              {shown?.kind === "activity" && <ActivityForm kind={shown.activity} companyId={c.id} contacts={contacts} onCancel={close} onDone={close} />}
            </Modal>
            <Modal opened={dialog?.kind === "deal"} onClose={close} size="lg" title={intl.formatMessage({ id: "crm.deal.new" })} closeButtonProps={closeLabel}>
              {shown?.kind === "deal" && (
                <DealForm
                  companyId={c.id}
                  companyName={c.name}
                  stages={stages.data?.stages ?? []}
                  baseCurrency={stages.data?.stages[0]?.totalValue?.currencyCode ?? ""}
                  onCancel={close}
                  onDone={close}
                />
              )}
            </Modal>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string | undefined }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        <FormattedMessage id={label} />
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {value || "—"}
      </Text>
    </Card>
  );
}
