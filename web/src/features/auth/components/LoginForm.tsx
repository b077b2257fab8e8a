import { useState, type FormEvent } from "react";
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useIntl } from "react-intl";
import { Code } from "@connectrpc/connect";
import { toUiError, withTenantField, type UiError } from "../../../lib/errors";
import { isValidTenant, normalizeTenant } from "../../../lib/tenant";
import { CompanyAccountField } from "./CompanyAccountField";

const FIELDS = { email: "email", password: "password" };

interface Props {
  /**
   * Rejects with the API's error, shown by field or above the form. `tenant` (the company account,
   * well formed) is passed only when the form asks for it.
   */
  onSubmit(email: string, password: string, tenant?: string): Promise<void>;
  /** Ask for the company account (GetLoginOptions' `tenant_required`: a shared deployment's address). */
  tenantRequired?: boolean;
  /** The company account chosen before: the field's first value. */
  tenant?: string;
  /** The field was left with a well-formed ID other than `tenant`: the screen asks for its login options. */
  onTenantChange?(tenant: string): void;
  /** The API's refusal of `tenant` (unknown, suspended) before any submit, shown on the field. */
  tenantError?: string;
}

/**
 * Email + password, and the company account when the node asks for it. `onSubmit` rejects with the
 * API's error, shown by field or above the form (an unknown or suspended company on its field).
 */
export function LoginForm({ onSubmit, tenantRequired = false, tenant: chosen = "", onTenantChange, tenantError }: Props) {
  const intl = useIntl();
  const [tenant, setTenant] = useState(chosen);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  /** The company account as typed, or why it is not one (client-side, the node's own pattern). */
  const checkTenant = (): { id: string; problem?: string } => {
    const id = normalizeTenant(tenant);
    if (!id) return { id, problem: intl.formatMessage({ id: "login.tenantMissing" }) };
    if (!isValidTenant(id)) return { id, problem: intl.formatMessage({ id: "login.tenantInvalid" }) };
    return { id };
  };

  const leaveTenant = () => {
    const { id, problem } = checkTenant();
    if (!problem && id !== chosen) onTenantChange?.(id);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let id: string | undefined;
    if (tenantRequired) {
      const checked = checkTenant();
      if (checked.problem) {
        setError({ fields: { tenant: checked.problem }, message: "", code: Code.InvalidArgument });
        return;
      }
      id = checked.id;
      setTenant(id);
    }
    setBusy(true);
    try {
      await (id === undefined ? onSubmit(email.trim(), password) : onSubmit(email.trim(), password, id));
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      setError(tenantRequired ? withTenantField(ui, "tenant") : ui);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error?.message && (
          <Alert color="red" role="alert" data-testid="login-error">
            {intl.formatMessage({ id: "login.failed" }, { message: error.message })}
          </Alert>
        )}
        {tenantRequired && (
          <CompanyAccountField
            autoFocus={!tenant}
            value={tenant}
            onChange={(value) => {
              setTenant(value);
              // A refusal of the ID that was there no longer applies to what is typed now.
              setError((prev) => {
                if (!prev?.fields.tenant) return prev;
                const { tenant: _refused, ...fields } = prev.fields;
                return { ...prev, fields };
              });
            }}
            onBlur={leaveTenant}
            error={error?.fields.tenant ?? tenantError}
            data-testid="login-tenant"
          />
        )}
        <TextInput
          label={intl.formatMessage({ id: "login.email" })}
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus={!(tenantRequired && !tenant)}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={error?.fields.email}
        />
        <PasswordInput
          label={intl.formatMessage({ id: "login.password" })}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={error?.fields.password}
        />
        <Button type="submit" loading={busy}>
          {intl.formatMessage({ id: "login.submit" })}
        </Button>
      </Stack>
    </form>
  );
}
