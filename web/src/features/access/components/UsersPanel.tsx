import { useState } from "react";
import { Badge, Button, Group, Menu, Stack, Table, Text, TextInput } from "@mantine/core";
import { TableCard } from "../../../components/TableCard";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import { UserStatus, type IssuePasswordResetResponse, type User } from "../../../gen/eventkit/v1/auth_pb";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastError, toastInfo } from "../../../lib/notify";
import { useWhoAmI } from "../../../lib/session";
import { useCustomRoles } from "../api/roles";
import { useCreateUser, useIssuePasswordReset, useMailsResetLinks, useUpdateUser, useUsers } from "../api/users";
import { roleLabel } from "../lib/labels";
import { filterUsers, signInMethod, statusBadge } from "../lib/users";
import { ResetLinkDialog } from "./ResetLinkDialog";
import { UserForm, type UserDraft } from "./UserForm";

/** The API's field names on CreateUser/UpdateUser → the form's. */
const FIELDS = { email: "email", display_name: "displayName", roles: "roles", custom_roles: "customRoles", "roles.custom_roles": "customRoles" };

/** Users (USERS_ADMIN): list and search, add (with a set-password link), edit roles, disable, enable, unlock, links. */
export function UsersPanel() {
  const intl = useIntl();
  const me = useWhoAmI();
  const list = useUsers();
  const customRoleNames = useCustomRoles().names;
  const mails = useMailsResetLinks();
  const create = useCreateUser();
  const update = useUpdateUser();
  const issue = useIssuePasswordReset();
  const [query, setQuery] = useState("");
  const [form, setForm] = useState<{ user?: User } | null>(null);
  const [formError, setFormError] = useState<UiError | null>(null);
  const [link, setLink] = useState<{ user: User; issued?: IssuePasswordResetResponse } | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const users = list.data?.users ?? [];
  const shown = filterUsers(users, query);

  const openForm = (user?: User) => {
    setFormError(null);
    setForm({ user });
  };

  const save = async (d: UserDraft) => {
    const editing = form?.user;
    try {
      if (editing) {
        const saved = await update.mutateAsync({
          userId: editing.id,
          displayName: d.displayName,
          roles: { roles: d.roles, customRoles: d.customRoles },
        });
        toastInfo(intl.formatMessage({ id: "users.saved" }, { name: saved.displayName }));
        setForm(null);
        return;
      }
      const created = await create.mutateAsync({ email: d.email, displayName: d.displayName, roles: d.roles, customRoles: d.customRoles });
      toastInfo(intl.formatMessage({ id: "users.created" }, { name: created.displayName }));
      setForm(null);
      if (d.sendLink) {
        // Mailed when the node sends email; else shown once to hand over. A failure leaves the user
        // added: the dialog then offers to try again.
        try {
          setLink({ user: created, issued: await issue.mutateAsync({ userId: created.id, sendEmail: mails }) });
        } catch (e) {
          toastError(e);
          setLink({ user: created });
        }
      }
    } catch (e) {
      const ui = toUiError(e, FIELDS);
      // "a user with the email … already exists" belongs next to the address.
      setFormError(ui.code === Code.AlreadyExists ? { fields: { email: ui.message }, message: "", code: ui.code } : ui);
    }
  };

  const setStatus = async (u: User, status: UserStatus, done: string) => {
    try {
      await update.mutateAsync({ userId: u.id, status });
      toastInfo(intl.formatMessage({ id: done }, { name: u.displayName }));
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Text size="sm" c="dimmed" maw={640}>
          <FormattedMessage id="users.intro" />
        </Text>
        <Button onClick={() => openForm()} data-testid="user-new">
          <FormattedMessage id="users.new" />
        </Button>
      </Group>
      <TextInput
        type="search"
        placeholder={intl.formatMessage({ id: "users.search" })}
        aria-label={intl.formatMessage({ id: "users.search" })}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        maw={360}
        data-testid="user-search"
      />
      <TableCard query={list} isEmpty={shown.length === 0} empty={users.length === 0 ? <FormattedMessage id="users.empty" /> : <FormattedMessage id="users.noMatch" values={{ query }} />} minWidth={760}>
        <Table verticalSpacing={8} highlightOnHover data-testid="user-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <FormattedMessage id="users.name" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="users.roles" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="users.status" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="users.signIn" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="users.actions" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((u) => {
              const badge = statusBadge(u.status);
              const method = signInMethod(u);
              const self = u.id === me.data?.principalId;
              return (
                <Table.Tr key={u.id} data-testid="user-row" data-user={u.email} data-status={UserStatus[u.status]}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {u.displayName}
                      {self && (
                        <Text span size="xs" c="dimmed">
                          {" "}
                          (<FormattedMessage id="users.you" />)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed" dir="ltr" style={{ overflowWrap: "anywhere" }}>
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} data-testid="user-roles">
                      {u.roles.map((r) => (
                        <Badge key={r} variant="light" tt="none" size="sm">
                          {roleLabel(intl, r)}
                        </Badge>
                      ))}
                      {u.customRoles.map((r) => (
                        <Badge key={r} variant="outline" color="gray" tt="none" size="sm">
                          {r}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={badge.color} miw="max-content" data-testid="user-status">
                      <FormattedMessage id={badge.key} />
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <FormattedMessage id={method.key} values={{ provider: method.provider }} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={intl.formatMessage({ id: "users.actionsFor" }, { name: u.displayName })}
                          data-testid="user-actions"
                        >
                          <FormattedMessage id="users.actions" />
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => openForm(u)} data-testid="user-edit">
                          <FormattedMessage id="users.edit" />
                        </Menu.Item>
                        <Menu.Item onClick={() => setLink({ user: u })} data-testid="user-reset-link">
                          <FormattedMessage id="users.resetLink" />
                        </Menu.Item>
                        {u.status === UserStatus.LOCKED && (
                          <Menu.Item onClick={() => void setStatus(u, UserStatus.ACTIVE, "users.enabled")} data-testid="user-unlock">
                            <FormattedMessage id="users.unlock" />
                          </Menu.Item>
                        )}
                        {u.status === UserStatus.DISABLED && (
                          <Menu.Item onClick={() => void setStatus(u, UserStatus.ACTIVE, "users.enabled")} data-testid="user-enable">
                            <FormattedMessage id="users.enable" />
                          </Menu.Item>
                        )}
                        {u.status !== UserStatus.DISABLED && !self && (
                          <Menu.Item color="red.9" onClick={() => setDisabling(u)} data-testid="user-disable">
                            <FormattedMessage id="users.disable" />
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </TableCard>
      {form && (
        <UserForm
          user={form.user}
          customRoleNames={customRoleNames}
          saving={create.isPending || update.isPending}
          error={formError}
          onSave={(d) => void save(d)}
          onClose={() => setForm(null)}
        />
      )}
      {link && <ResetLinkDialog user={link.user} issued={link.issued} onClose={() => setLink(null)} />}
      <ConfirmDialog
        opened={disabling !== null}
        title={intl.formatMessage({ id: "users.disable" })}
        confirmLabel={intl.formatMessage({ id: "users.disable" })}
        loading={update.isPending}
        onConfirm={() => {
          const u = disabling;
          setDisabling(null);
          if (u) void setStatus(u, UserStatus.DISABLED, "users.disabled");
        }}
        onClose={() => setDisabling(null)}
      >
        {disabling && <FormattedMessage id="users.disableConfirm" values={{ name: disabling.displayName }} />}
      </ConfirmDialog>
    </Stack>
  );
}
