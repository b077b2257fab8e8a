import { useState, type FormEvent } from "react";
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { TableCard } from "../../../components/TableCard";
import { Code } from "@connectrpc/connect";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl, type IntlShape } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { Role, type ApiToken } from "../../../gen/eventkit/v1/auth_pb";
import { parseDay } from "../../../lib/dates";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "../api/keys";
import { useCustomRoles } from "../api/roles";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { SecretReveal } from "../../../components/SecretReveal";
import { BUILT_IN_ROLES, permissionLabel, roleLabel } from "../lib/labels";


/** The permissions a key can be given one by one: not UNSPECIFIED or PUBLIC (refused), nor SELF (every caller has it). */
const GRANTABLE = Object.values(Permission).filter((p): p is Permission => typeof p === "number" && p > Permission.SELF);


function zoneOf(intl: IntlShape): string {
  return intl.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "2026-12-08": the day `d` falls on in `timeZone`. */
function dayIn(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(d).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `t` (ms). */
function offsetAt(t: number, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(new Date(t))
      .map((x) => [x.type, Number(x.value)]),
  );
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
}

/**
 * When `day` ("2026-12-08") ends in `timeZone` (the user's, which the table's times are shown in, not
 * necessarily the browser's): the next day's midnight there.
 */
function endOfDayIn(day: string, timeZone: string): Date | null {
  const d = parseDay(day);
  if (!d) return null;
  const wall = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + 1);
  let t = wall - offsetAt(wall, timeZone);
  t = wall - offsetAt(t, timeZone); // again, in case the offset changed in between (a DST switch)
  return new Date(t);
}

type KeyState = "active" | "expired" | "revoked";

function stateOf(t: ApiToken, now: number): KeyState {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && timestampDate(t.expiresAt).getTime() <= now) return "expired";
  return "active";
}

const STATE_COLOR: Record<KeyState, string> = { active: "green", expired: "gray", revoked: "red" };

/** API keys (USERS_ADMIN): list, create (the secret shown once), revoke after a confirmation. */
export function ApiKeysPanel() {
  const intl = useIntl();
  const [showInactive, setShowInactive] = useState(false);
  const list = useApiKeys(showInactive);
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [formOpen, setFormOpen] = useState(false);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [confirm, setConfirm] = useState<ApiToken | null>(null);
  const [revokeError, setRevokeError] = useState("");
  const tokens = list.data?.tokens ?? [];
  const denied = !!list.error && toUiError(list.error).code === Code.PermissionDenied;
  const now = Date.now();
  const when = (t: Timestamp) => intl.formatDate(timestampDate(t), { dateStyle: "medium", timeStyle: "short" });

  const askRevoke = (t: ApiToken) => {
    revoke.reset();
    setRevokeError("");
    setConfirm(t);
  };
  const confirmed = () => {
    if (!confirm) return;
    revoke.mutate(
      { tokenId: confirm.id },
      {
        onSuccess: () => {
          setConfirm(null);
          toastInfo(intl.formatMessage({ id: "keys.revoked" }));
        },
        onError: (e) => setRevokeError(toUiError(e).message),
      },
    );
  };

  return (
    <Stack data-testid="api-keys-panel">
      <Group justify="space-between" wrap="wrap">
        <Title order={3}>
          <FormattedMessage id="keys.title" />
        </Title>
        <Button onClick={() => setFormOpen(true)} disabled={denied} data-testid="key-new">
          <FormattedMessage id="keys.new" />
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        <FormattedMessage id="keys.intro" />
      </Text>
      {denied ? (
        <Alert color="gray" role="status" data-testid="keys-forbidden">
          <FormattedMessage id="keys.needPermission" />
        </Alert>
      ) : (
        <>
          <Switch
            label={intl.formatMessage({ id: "keys.showInactive" })}
            checked={showInactive}
            onChange={(e) => setShowInactive(e.currentTarget.checked)}
            data-testid="keys-show-inactive"
          />
          <TableCard query={list} isEmpty={tokens.length === 0} empty={<FormattedMessage id="keys.empty" />} minWidth={900}>
            <Table verticalSpacing={8} aria-label={intl.formatMessage({ id: "keys.title" })} data-testid="key-table">
              <Table.Thead>
                <Table.Tr>
                  {(["name", "access", "created", "expires", "lastUsed", "state", "actions"] as const).map((c) => (
                    <Table.Th key={c} scope="col">
                      <FormattedMessage id={`keys.col.${c}`} />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.map((t) => {
                  const state = stateOf(t, now);
                  return (
                    <Table.Tr key={t.id} data-testid="key-row" data-key={t.id} data-state={state}>
                      <Table.Td style={{ maxWidth: 260 }}>
                        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }} data-testid="key-name">
                          {t.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          <FormattedMessage
                            id="keys.prefix"
                            values={{
                              prefix: (
                                <bdi dir="ltr" style={{ fontFamily: "var(--mantine-font-family-monospace)" }} data-testid="key-prefix">
                                  {t.prefix}…
                                </bdi>
                              ),
                            }}
                          />
                        </Text>
                        {t.bootstrap && (
                          <Badge size="xs" variant="outline" color="gray">
                            <FormattedMessage id="keys.bootstrap" />
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 280 }} data-testid="key-access">
                        <Access token={t} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                          {t.createdAt ? when(t.createdAt) : "—"}
                        </Text>
                        {t.createdBy && (
                          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                            <FormattedMessage id="keys.createdBy" values={{ who: <bdi>{t.createdBy}</bdi> }} />
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }} data-testid="key-expires">
                        {t.expiresAt ? when(t.expiresAt) : <FormattedMessage id="keys.never" />}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }} data-testid="key-last-used">
                        {t.lastUsedAt ? when(t.lastUsedAt) : <FormattedMessage id="keys.neverUsed" />}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLOR[state]} miw="max-content" data-testid="key-state">
                          <FormattedMessage id={`keys.state.${state}`} />
                        </Badge>
                        {t.revokedAt && (
                          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                            <FormattedMessage id="keys.revokedAt" values={{ time: when(t.revokedAt) }} />
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {state === "active" && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red.9"
                            onClick={() => askRevoke(t)}
                            aria-label={intl.formatMessage({ id: "keys.revokeFor" }, { name: t.name })}
                            data-testid="key-revoke"
                          >
                            <FormattedMessage id="keys.revoke" />
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableCard>
        </>
      )}
      {formOpen && (
        <KeyForm
          saving={create.isPending}
          onSave={async (req) => {
            const r = await create.mutateAsync(req);
            setFormOpen(false);
            setSecret({ name: r.apiToken?.name ?? req.name, token: r.token });
          }}
          onClose={() => setFormOpen(false)}
        />
      )}
      <SecretReveal
        secret={secret?.token ?? null}
        title={intl.formatMessage({ id: "keys.secret.title" })}
        warning={intl.formatMessage({ id: "keys.secret.warning" })}
        label={intl.formatMessage({ id: "keys.secret.label" }, { name: secret?.name ?? "" })}
        copy={intl.formatMessage({ id: "keys.secret.copy" })}
        copied={intl.formatMessage({ id: "keys.secret.copied" })}
        done={intl.formatMessage({ id: "keys.secret.done" })}
        note={intl.formatMessage({ id: "keys.secret.usage" })}
        testId="key-secret"
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        opened={confirm !== null}
        title={intl.formatMessage({ id: "keys.revokeTitle" })}
        confirmLabel={intl.formatMessage({ id: "keys.revoke" })}
        loading={revoke.isPending}
        error={revokeError}
        onConfirm={confirmed}
        onClose={() => setConfirm(null)}
      >
        {confirm && (
          <FormattedMessage id="keys.revokeConfirm" values={{ name: <b>{confirm.name}</b>, prefix: <bdi dir="ltr">{confirm.prefix}</bdi> }} />
        )}
      </ConfirmDialog>
    </Stack>
  );
}

/** A key's access: its built-in role, its custom role, or its explicit permissions. */
function Access({ token }: { token: ApiToken }) {
  const intl = useIntl();
  if (token.role !== Role.UNSPECIFIED) {
    return (
      <Badge variant="light" tt="none">
        {roleLabel(intl, token.role)}
      </Badge>
    );
  }
  if (token.customRole) {
    return (
      <>
        <Badge variant="outline" tt="none" style={{ maxWidth: "100%" }}>
          {token.customRole}
        </Badge>
        <Text size="xs" c="dimmed">
          <FormattedMessage id="keys.customRole" />
        </Text>
      </>
    );
  }
  return (
    <>
      <Text size="sm">
        <FormattedMessage id="keys.permissionCount" values={{ count: token.permissions.length }} />
      </Text>
      <Text size="xs" c="dimmed">
        {token.permissions.map((p) => permissionLabel(intl, p)).join(" · ")}
      </Text>
    </>
  );
}

type Kind = "role" | "customRole" | "permissions";

/** The request field of each kind of grant; the form's fields are named after the kinds. */
const GRANT_FIELD: Record<Kind, string> = { role: "role", customRole: "custom_role", permissions: "permissions" };

/** What CreateApiToken is sent: exactly one of role, customRole and permissions is set. */
interface NewKey {
  name: string;
  role?: Role;
  customRole?: string;
  permissions?: Permission[];
  expiresAt?: Timestamp;
}

/** The "New API key" form. The parent creates; an API error is shown here, on the field it names when it names one. */
function KeyForm(props: { saving: boolean; onSave(req: NewKey): Promise<void>; onClose(): void }) {
  const intl = useIntl();
  const timeZone = zoneOf(intl);
  const custom = useCustomRoles();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("role");
  const [role, setRole] = useState("");
  const [customRole, setCustomRole] = useState("");
  const [perms, setPerms] = useState<string[]>([]);
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const noCustomRoles = !custom.isPending && !custom.error && custom.names.length === 0;
  const today = dayIn(new Date(), timeZone);
  const t = (id: string) => intl.formatMessage({ id });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const trimmed = name.trim();
    if (!trimmed) problems.name = t("keys.form.name.required");
    else if ([...trimmed].length > 100) problems.name = t("keys.form.name.tooLong");
    if (kind === "role" && !role) problems.role = t("keys.form.role.required");
    if (kind === "customRole" && !customRole) problems.customRole = t("keys.form.customRole.required");
    if (kind === "permissions" && perms.length === 0) problems.permissions = t("keys.form.permissions.required");
    const end = expires ? endOfDayIn(expires, timeZone) : null;
    if (expires && (!end || expires < today)) problems.expires = t("keys.form.expires.past");
    setErrors(problems);
    setMessage("");
    if (Object.keys(problems).length > 0) return;
    const req: NewKey = {
      name: trimmed,
      ...(kind === "role"
        ? { role: Number(role) as Role }
        : kind === "customRole"
          ? { customRole }
          : { permissions: perms.map((p) => Number(p) as Permission) }),
      ...(end ? { expiresAt: timestampFromDate(end) } : {}),
    };
    try {
      await props.onSave(req);
    } catch (err) {
      // Only the grant field on show takes its error; a complaint about another stays in the message.
      const ui = toUiError(err, { name: "name", expires_at: "expires", [GRANT_FIELD[kind]]: kind });
      setErrors(ui.fields);
      setMessage(ui.message);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={t("keys.new")} closeButtonProps={{ "aria-label": t("keys.cancel") }} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="key-form">
        <Stack>
          {message && (
            <Alert color="red" role="alert" data-testid="key-form-error">
              {message}
            </Alert>
          )}
          <TextInput
            label={t("keys.form.name")}
            description={t("keys.form.nameHint")}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-testid="key-name-input"
            data-autofocus
          />
          <Radio.Group label={t("keys.form.access")} description={t("keys.form.accessHint")} value={kind} onChange={(v) => setKind(v as Kind)} required>
            <Stack gap="xs" mt="xs">
              <Radio value="role" label={t("keys.form.kind.role")} />
              <Radio
                value="customRole"
                label={t("keys.form.kind.customRole")}
                disabled={noCustomRoles}
                description={noCustomRoles ? t("keys.form.customRole.none") : undefined}
              />
              <Radio value="permissions" label={t("keys.form.kind.permissions")} />
            </Stack>
          </Radio.Group>
          {kind === "role" && (
            <NativeSelect
              label={t("keys.form.role")}
              required
              value={role}
              onChange={(e) => setRole(e.currentTarget.value)}
              data={[{ value: "", label: t("keys.form.role.placeholder"), disabled: true }, ...BUILT_IN_ROLES.map((r) => ({ value: String(r), label: roleLabel(intl, r) }))]}
              error={errors.role}
              data-testid="key-role"
            />
          )}
          {kind === "customRole" && (
            <NativeSelect
              label={t("keys.form.customRole")}
              required
              value={customRole}
              onChange={(e) => setCustomRole(e.currentTarget.value)}
              data={[{ value: "", label: t("keys.form.customRole.placeholder"), disabled: true }, ...custom.names.map((n) => ({ value: n, label: n }))]}
              error={errors.customRole ?? (custom.error ? toUiError(custom.error).message : undefined)}
              disabled={custom.isPending}
              data-testid="key-custom-role"
            />
          )}
          {kind === "permissions" && (
            <Checkbox.Group label={t("keys.form.permissions")} required value={perms} onChange={setPerms} error={errors.permissions} data-testid="key-permissions">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={6} mt="xs">
                {GRANTABLE.map((p) => (
                  <Checkbox key={p} value={String(p)} label={permissionLabel(intl, p)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          )}
          <TextInput
            type="date"
            label={t("keys.form.expires")}
            description={intl.formatMessage({ id: "keys.form.expiresHint" }, { timeZone })}
            min={today}
            value={expires}
            onChange={(e) => setExpires(e.currentTarget.value)}
            error={errors.expires}
            data-testid="key-expires-input"
          />
          <Group justify="end">
            <Button variant="default" onClick={props.onClose}>
              <FormattedMessage id="keys.cancel" />
            </Button>
            <Button type="submit" loading={props.saving} data-testid="key-create">
              <FormattedMessage id="keys.create" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

