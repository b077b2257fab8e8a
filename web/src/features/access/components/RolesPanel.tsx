import { useId, useMemo, useState } from "react";
import { Alert, Badge, Button, Card, Checkbox, Fieldset, Group, Menu, Modal, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl, type IntlShape } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { Role, type RoleInfo } from "../../../gen/eventkit/v1/auth_pb";
import { QueryState } from "../../../components/QueryState";
import { useLastOpen } from "../../../lib/dialog";
import { toUiError } from "../../../lib/errors";
import { toastError, toastInfo } from "../../../lib/notify";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { permissionLabel, roleLabel } from "../lib/labels";
import { useCreateRole, useDeleteRole, useRoles, useUpdateRole } from "../api/roles";

/** The server's rule for a custom role's name (CustomRoles.NAME). */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const DESCRIPTION_MAX = 500;

/** The permissions a custom role can be given here: all but UNSPECIFIED, PUBLIC and SELF (every caller holds SELF). */
const PICKABLE: readonly Permission[] = Object.values(Permission)
  .filter((v): v is Permission => typeof v === "number" && v !== Permission.UNSPECIFIED && v !== Permission.PUBLIC && v !== Permission.SELF)
  .sort((a, b) => a - b);
const PICKABLE_SET = new Set<Permission>(PICKABLE);

/** Names a custom role may not take: the built-ins', with or without ROLE_ (compared case-insensitively). */
const BUILT_IN_NAMES = new Set(
  Object.values(Role)
    .filter((v): v is Role => typeof v === "number" && v !== Role.UNSPECIFIED)
    .flatMap((r) => [Role[r].toLowerCase(), `role_${Role[r].toLowerCase()}`]),
);

/** The area of a permission is the first word of its enum name: INVENTORY_READ → INVENTORY, SCAN_OVERRIDE → SCAN. */
function areaOf(p: Permission): string {
  return (Permission[p] as string | undefined)?.split("_")[0] ?? "OTHER";
}

/** The picker's areas, each with its permissions, in the enum's order. */
const AREAS: readonly { area: string; permissions: Permission[] }[] = PICKABLE.reduce<{ area: string; permissions: Permission[] }[]>((out, p) => {
  const area = areaOf(p);
  const group = out.find((g) => g.area === area);
  if (group) group.permissions.push(p);
  else out.push({ area, permissions: [p] });
  return out;
}, []);

/** "CREW_RESPOND" → "Crew respond": what a value this build has no text for is called. */
function humanise(name: string): string {
  const s = name.toLowerCase().replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function areaLabel(intl: IntlShape, area: string): string {
  return intl.formatMessage({ id: `roles.area.${area}`, defaultMessage: humanise(area) });
}

function roleName(intl: IntlShape, r: RoleInfo): string {
  return r.builtIn ? roleLabel(intl, r.role) : r.name;
}

/** A text that may not exist for a value newer than this build: empty then. */
function optionalText(intl: IntlShape, id: string): string {
  return id in intl.messages ? intl.formatMessage({ id }) : "";
}

function roleAbout(intl: IntlShape, r: RoleInfo): string {
  if (!r.builtIn) return r.description;
  return optionalText(intl, `roles.builtinAbout.${(Role[r.role] as string | undefined) ?? r.name}`);
}

/** A role's permissions as the table counts them: SELF is everyone's, so it is not counted. */
function counted(perms: readonly Permission[]): Permission[] {
  return perms.filter((p) => p !== Permission.SELF && p !== Permission.PUBLIC && p !== Permission.UNSPECIFIED);
}

function summary(intl: IntlShape, perms: readonly Permission[]): string {
  const held = new Set(perms);
  if (PICKABLE.every((p) => held.has(p))) return intl.formatMessage({ id: "roles.allPermissions" });
  const areas = AREAS.filter((g) => g.permissions.some((p) => held.has(p))).map((g) => areaLabel(intl, g.area));
  return intl.formatList(areas, { type: "conjunction" });
}

type FormState = { mode: "create"; from?: RoleInfo } | { mode: "edit"; role: RoleInfo } | { mode: "view"; role: RoleInfo };

interface RoleDraft {
  name: string;
  description: string;
  permissions: Permission[];
}

/**
 * Settings → Roles (USERS_ADMIN): the built-in roles, read-only, and the company's custom roles,
 * which can be created, edited (not renamed: the API has no rename) and deleted. ListRoles says
 * nothing of who holds a role, so the table shows no holder count; a delete the node refuses because
 * the role is still held keeps the dialog open with the node's answer, which names the holders.
 */
export function RolesPanel() {
  const intl = useIntl();
  const roles = useRoles();
  const create = useCreateRole();
  const update = useUpdateRole();
  const remove = useDeleteRole();
  const [form, setForm] = useState<FormState | null>(null);
  const [confirm, setConfirm] = useState<RoleInfo | null>(null);
  const [deleteError, setDeleteError] = useState("");
  const asked = useLastOpen(confirm);
  const list = roles.data?.roles ?? [];
  const customs = list.filter((r) => !r.builtIn);
  const denied = !!roles.error && toUiError(roles.error).code === Code.PermissionDenied;

  const save = async (d: RoleDraft) => {
    if (form?.mode === "edit") {
      try {
        await update.mutateAsync({ name: form.role.name, description: d.description, permissions: { permissions: d.permissions } });
      } catch (e) {
        if (toUiError(e).code === Code.NotFound) {
          setForm(null);
          void roles.refetch();
          toastError(new Error(intl.formatMessage({ id: "roles.gone" }, { name: form.role.name })));
          return;
        }
        throw e;
      }
      setForm(null);
      toastInfo(intl.formatMessage({ id: "roles.saved" }, { name: form.role.name }));
    } else {
      const r = await create.mutateAsync(d);
      setForm(null);
      toastInfo(intl.formatMessage({ id: "roles.created" }, { name: r.name || d.name }));
    }
  };

  const askDelete = (r: RoleInfo) => {
    setDeleteError("");
    setConfirm(r);
  };

  const confirmed = () => {
    if (!confirm) return;
    const name = confirm.name;
    remove.mutate(
      { name },
      {
        onSuccess: () => {
          setConfirm(null);
          toastInfo(intl.formatMessage({ id: "roles.deleted" }, { name }));
        },
        onError: (e) => {
          if (toUiError(e).code === Code.NotFound) void roles.refetch();
          setDeleteError(toUiError(e).message);
        },
      },
    );
  };

  if (denied) {
    return (
      <Alert color="gray" role="status" data-testid="roles-forbidden">
        <FormattedMessage id="roles.needPermission" />
      </Alert>
    );
  }

  return (
    <Stack data-testid="roles-panel">
      <Group justify="space-between" align="end">
        <Text size="sm" c="dimmed" maw={640}>
          <FormattedMessage id="roles.intro" />
        </Text>
        <Button onClick={() => setForm({ mode: "create" })} disabled={!roles.data} data-testid="role-new">
          <FormattedMessage id="roles.new" />
        </Button>
      </Group>
      <Card withBorder padding={0}>
        <QueryState isPending={roles.isPending} error={roles.error} onRetry={() => void roles.refetch()}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={8} highlightOnHover data-testid="role-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">
                    <FormattedMessage id="roles.name" />
                  </Table.Th>
                  <Table.Th scope="col">
                    <FormattedMessage id="roles.description" />
                  </Table.Th>
                  <Table.Th scope="col">
                    <FormattedMessage id="roles.permissions" />
                  </Table.Th>
                  <Table.Th scope="col">
                    <FormattedMessage id="roles.actions" />
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((r) => {
                  const label = roleName(intl, r);
                  const about = roleAbout(intl, r);
                  const perms = counted(r.permissions);
                  return (
                    <Table.Tr key={`${r.builtIn ? "b" : "c"}:${r.name}`} data-testid="role-row" data-role={r.name} data-builtin={r.builtIn || undefined}>
                      <Table.Th scope="row" fw="normal">
                        <Group gap="xs" wrap="nowrap">
                          <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }} data-testid="role-name">
                            {label}
                          </Text>
                          {r.builtIn && (
                            <Badge variant="light" color="gray" size="sm" miw="max-content" data-testid="role-builtin">
                              <FormattedMessage id="roles.builtIn" />
                            </Badge>
                          )}
                        </Group>
                      </Table.Th>
                      <Table.Td style={{ maxWidth: 340 }}>
                        <Text size="sm" c={about ? undefined : "dimmed"} style={{ overflowWrap: "anywhere" }} data-testid="role-description">
                          {about || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 280 }}>
                        <Text size="sm" data-testid="role-permission-count">
                          <FormattedMessage id="roles.permissionCount" values={{ count: perms.length }} />
                        </Text>
                        <Text size="xs" c="dimmed" lineClamp={2} data-testid="role-permission-summary">
                          {summary(intl, perms)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="light"
                            onClick={() => setForm(r.builtIn ? { mode: "view", role: r } : { mode: "edit", role: r })}
                            aria-label={intl.formatMessage({ id: r.builtIn ? "roles.viewNamed" : "roles.editNamed" }, { name: label })}
                            data-testid={r.builtIn ? "role-view" : "role-edit"}
                          >
                            <FormattedMessage id={r.builtIn ? "roles.view" : "roles.edit"} />
                          </Button>
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button
                                size="compact-sm"
                                variant="default"
                                aria-label={intl.formatMessage({ id: "roles.actionsFor" }, { name: label })}
                                data-testid="role-actions"
                              >
                                …
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => setForm({ mode: "create", from: r })} data-testid="role-copy">
                                <FormattedMessage id="roles.copy" />
                              </Menu.Item>
                              {!r.builtIn && (
                                <Menu.Item color="red.9" onClick={() => askDelete(r)} data-testid="role-delete">
                                  <FormattedMessage id="roles.delete" />
                                </Menu.Item>
                              )}
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {customs.length === 0 && (
            <Text p="md" size="sm" c="dimmed" data-testid="roles-empty">
              <FormattedMessage id="roles.emptyCustom" />
            </Text>
          )}
        </QueryState>
      </Card>
      {form && (
        <RoleForm
          key={form.mode === "create" ? `new:${form.from?.name ?? ""}` : `${form.mode}:${form.role.name}`}
          state={form}
          customNames={customs.map((r) => r.name)}
          saving={create.isPending || update.isPending}
          onSave={save}
          onCopy={(r) => setForm({ mode: "create", from: r })}
          onClose={() => setForm(null)}
        />
      )}
      <ConfirmDialog
        opened={confirm !== null}
        title={asked ? intl.formatMessage({ id: "roles.deleteTitle" }, { name: asked.name }) : ""}
        confirmLabel={intl.formatMessage({ id: "roles.delete" })}
        loading={remove.isPending}
        error={deleteError}
        onConfirm={confirmed}
        onClose={() => setConfirm(null)}
      >
        {asked && <FormattedMessage id="roles.deleteConfirm" values={{ name: asked.name }} />}
      </ConfirmDialog>
    </Stack>
  );
}

/**
 * Create (optionally from another role's permissions), edit or view a role. The parent saves; an
 * API error is shown here, on the field it names when it names one.
 */
function RoleForm(props: {
  state: FormState;
  customNames: readonly string[];
  saving: boolean;
  onSave(d: RoleDraft): Promise<unknown>;
  onCopy(r: RoleInfo): void;
  onClose(): void;
}) {
  const intl = useIntl();
  const phone = useMediaQuery("(max-width: 36em)");
  const { state } = props;
  const role = state.mode === "create" ? undefined : state.role;
  const source = state.mode === "create" ? state.from : state.role;
  const readOnly = state.mode === "view";
  const [name, setName] = useState(state.mode === "create" ? "" : state.role.name);
  const [description, setDescription] = useState(state.mode === "edit" ? state.role.description : "");
  const [picked, setPicked] = useState<Set<Permission>>(() => new Set((source?.permissions ?? []).filter((p) => PICKABLE_SET.has(p))));
  // What an edited role holds that the picker does not offer (SELF, or a value newer than this
  // build) is sent back unchanged rather than silently dropped.
  const kept = useMemo(() => (state.mode === "edit" ? state.role.permissions.filter((p) => !PICKABLE_SET.has(p) && p !== Permission.PUBLIC && p !== Permission.UNSPECIFIED) : []), [state]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");

  const title =
    state.mode === "create"
      ? intl.formatMessage({ id: "roles.form.newTitle" })
      : state.mode === "edit"
        ? intl.formatMessage({ id: "roles.form.editTitle" }, { name: state.role.name })
        : intl.formatMessage({ id: "roles.form.viewTitle" }, { name: roleName(intl, state.role) });

  const check = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    if (state.mode === "create") {
      const n = name.trim();
      if (!NAME.test(n)) problems.name = intl.formatMessage({ id: "roles.form.name.format" });
      else if (BUILT_IN_NAMES.has(n.toLowerCase())) problems.name = intl.formatMessage({ id: "roles.form.name.builtIn" });
      else if (props.customNames.some((c) => c.toLowerCase() === n.toLowerCase())) problems.name = intl.formatMessage({ id: "roles.form.name.taken" });
    }
    if (description.trim().length > DESCRIPTION_MAX) {
      problems.description = intl.formatMessage({ id: "roles.form.description.tooLong" }, { count: description.trim().length });
    }
    if (picked.size === 0) problems.permissions = intl.formatMessage({ id: "roles.form.permissions.required" });
    return problems;
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (readOnly) return;
    const problems = check();
    setErrors(problems);
    setMessage("");
    if (Object.keys(problems).length > 0) return;
    const permissions = [...picked, ...kept].sort((a, b) => a - b);
    try {
      await props.onSave({ name: name.trim(), description: description.trim(), permissions });
    } catch (err) {
      const ui = toUiError(err, { name: "name", description: "description", permissions: "permissions" });
      if (ui.code === Code.AlreadyExists && ui.message) {
        setErrors({ ...ui.fields, name: ui.message });
        setMessage("");
      } else {
        setErrors(ui.fields);
        setMessage(ui.message);
      }
    }
  };

  const toggle = (p: Permission, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(p);
    else next.delete(p);
    setPicked(next);
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={title}
      size="xl"
      fullScreen={phone}
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: readOnly ? "roles.close" : "roles.cancel" }) }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="role-form">
        <Stack>
          {message && (
            <Alert color="red" role="alert" data-testid="role-form-error">
              {message}
            </Alert>
          )}
          {readOnly && role ? (
            <>
              {roleAbout(intl, role) && <Text size="sm">{roleAbout(intl, role)}</Text>}
              <Alert color="gray" data-testid="role-builtin-note">
                <FormattedMessage id="roles.form.builtInNote" />
              </Alert>
            </>
          ) : (
            <>
              <TextInput
                label={intl.formatMessage({ id: "roles.form.name" })}
                description={intl.formatMessage({ id: state.mode === "edit" ? "roles.form.nameFixed" : "roles.form.nameHint" })}
                required={state.mode === "create"}
                readOnly={state.mode !== "create"}
                maxLength={64}
                autoComplete="off"
                spellCheck={false}
                dir="ltr"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                data-testid="role-name-input"
                data-autofocus={state.mode === "create" || undefined}
              />
              <Textarea
                label={intl.formatMessage({ id: "roles.form.description" })}
                description={intl.formatMessage({ id: "roles.form.descriptionHint" })}
                autosize
                minRows={1}
                maxRows={4}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={errors.description}
                data-testid="role-description-input"
              />
            </>
          )}
          <PermissionPicker value={picked} onToggle={toggle} readOnly={readOnly} error={errors.permissions} />
          <Group justify="end">
            {readOnly && role ? (
              <>
                <Button variant="default" onClick={props.onClose}>
                  <FormattedMessage id="roles.close" />
                </Button>
                <Button onClick={() => props.onCopy(role)} data-testid="role-form-copy">
                  <FormattedMessage id="roles.copy" />
                </Button>
              </>
            ) : (
              <>
                <Button variant="default" onClick={props.onClose}>
                  <FormattedMessage id="roles.cancel" />
                </Button>
                <Button type="submit" loading={props.saving} data-testid="role-save">
                  <FormattedMessage id={state.mode === "edit" ? "roles.form.save" : "roles.form.create"} />
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The permissions by area (checkboxes with what each allows); disabled when only shown. */
function PermissionPicker(props: { value: ReadonlySet<Permission>; onToggle(p: Permission, on: boolean): void; readOnly: boolean; error?: string }) {
  const intl = useIntl();
  const id = useId();
  return (
    <Stack gap="xs" role="group" aria-labelledby={`${id}-label`} aria-describedby={props.error ? `${id}-error` : undefined} data-testid="role-permissions">
      <Group justify="space-between" gap="xs">
        <Text id={`${id}-label`} fw={500} size="sm">
          <FormattedMessage id="roles.form.permissions" />
        </Text>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="role-permissions-chosen">
          <FormattedMessage id="roles.form.chosen" values={{ count: props.value.size }} />
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        <FormattedMessage id="roles.form.selfImplied" />
      </Text>
      {props.error && (
        <Text id={`${id}-error`} size="sm" c="red.8" role="alert" data-testid="role-permissions-error">
          {props.error}
        </Text>
      )}
      {!props.readOnly && props.value.has(Permission.USERS_ADMIN) && (
        <Alert color="yellow" data-testid="role-users-admin-warning">
          <FormattedMessage id="roles.form.usersAdminWarning" />
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        {AREAS.map((g) => (
          <Fieldset key={g.area} legend={areaLabel(intl, g.area)} variant="filled" p="sm" data-area={g.area}>
            <Stack gap="xs">
              {g.permissions.map((p) => {
                const key = Permission[p] as string;
                return (
                  <Checkbox
                    key={p}
                    label={permissionLabel(intl, p)}
                    description={optionalText(intl, `roles.permAbout.${key}`) || undefined}
                    checked={props.value.has(p)}
                    disabled={props.readOnly}
                    onChange={(e) => props.onToggle(p, e.currentTarget.checked)}
                    data-permission={key}
                  />
                );
              })}
            </Stack>
          </Fieldset>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
