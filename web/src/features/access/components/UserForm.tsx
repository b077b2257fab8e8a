import { useState, type FormEvent } from "react";
import { Alert, Button, Checkbox, Group, Modal, MultiSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import type { Role, User } from "../../../gen/eventkit/v1/auth_pb";
import type { UiError } from "../../../lib/errors";
import { BUILT_IN_ROLES, roleLabel } from "../lib/labels";

export interface UserDraft {
  email: string;
  displayName: string;
  roles: Role[];
  customRoles: string[];
  /** New users only: give them a set-password link once added. */
  sendLink: boolean;
}

interface Props {
  /** The user edited; absent for a new one. */
  user?: User;
  customRoleNames: readonly string[];
  saving: boolean;
  /** The API's refusal of the last save: by field (email, display_name, roles) or as a message. */
  error: UiError | null;
  onSave(d: UserDraft): void;
  onClose(): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Adds a user or edits one's name and roles (the address is the login and stays). */
export function UserForm({ user, customRoleNames, saving, error, onSave, onClose }: Props) {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string>) => intl.formatMessage({ id }, values);
  const [email, setEmail] = useState(user?.email ?? "");
  const [displayName, setDisplayName] = useState(user?.displayName ?? "");
  const [roles, setRoles] = useState<Role[]>(user?.roles ?? []);
  const [customRoles, setCustomRoles] = useState<string[]>(user?.customRoles ?? []);
  const [sendLink, setSendLink] = useState(true);
  const [checked, setChecked] = useState<UiError | null>(null);
  const shown = checked ?? error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!displayName.trim()) fields.displayName = t("users.form.nameRequired");
    if (!user && !EMAIL.test(email.trim())) fields.email = t("users.form.emailInvalid");
    if (roles.length === 0 && customRoles.length === 0) fields.roles = t("users.form.roleRequired");
    if (Object.keys(fields).length > 0) {
      setChecked({ fields, message: "", code: Code.InvalidArgument });
      return;
    }
    setChecked(null);
    onSave({ email: email.trim(), displayName: displayName.trim(), roles, customRoles, sendLink: !user && sendLink });
  };

  // Custom roles the user holds stay choosable even if the list has not loaded or lost them.
  const customOptions = [...new Set([...customRoleNames, ...customRoles])];
  return (
    <Modal opened onClose={onClose} title={user ? t("users.form.edit", { name: user.displayName }) : t("users.form.new")} size="lg">
      <form onSubmit={submit} noValidate data-testid="user-form">
        <Stack>
          {shown?.message && (
            <Alert color="red" role="alert" data-testid="user-form-error">
              {shown.message}
            </Alert>
          )}
          <TextInput
            label={t("users.form.displayName")}
            required
            data-autofocus
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={shown?.fields.displayName}
            data-testid="user-name"
          />
          <TextInput
            label={t("users.form.email")}
            description={t("users.form.emailHint")}
            type="email"
            required={!user}
            disabled={!!user}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={shown?.fields.email}
            data-testid="user-email"
          />
          <Checkbox.Group
            label={t("users.form.roles")}
            description={t("users.form.rolesHint")}
            value={roles.map(String)}
            onChange={(v) => setRoles(v.map((x) => Number(x) as Role))}
            error={shown?.fields.roles}
          >
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
              {BUILT_IN_ROLES.map((r) => (
                <Checkbox key={r} value={String(r)} label={roleLabel(intl, r)} data-testid={`user-role-${r}`} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {customOptions.length > 0 && (
            <MultiSelect
              label={t("users.form.customRoles")}
              description={t("users.form.customRolesHint")}
              data={customOptions}
              value={customRoles}
              onChange={setCustomRoles}
              searchable
              clearable
              error={shown?.fields.customRoles}
              data-testid="user-custom-roles"
            />
          )}
          {!user && (
            <Checkbox
              label={t("users.form.sendLink")}
              description={t("users.form.sendLinkHint")}
              checked={sendLink}
              onChange={(e) => setSendLink(e.currentTarget.checked)}
              data-testid="user-send-link"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              <FormattedMessage id="users.form.cancel" />
            </Button>
            <Button type="submit" loading={saving} data-testid="user-save">
              <FormattedMessage id={user ? "users.form.save" : "users.form.create"} />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
