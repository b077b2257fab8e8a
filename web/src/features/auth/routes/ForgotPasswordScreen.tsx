import { useState, type FormEvent } from "react";
import { Alert, Button, Center, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useSearch } from "@tanstack/react-router";
import { Code } from "@connectrpc/connect";
import { AnchorLink } from "../../../components/AnchorLink";
import { FormattedMessage, useIntl } from "react-intl";
import { useLoginOptions, useRequestPasswordReset } from "../api/auth";
import { toUiError, withTenantField, type UiError } from "../../../lib/errors";
import { CompanyAccountField } from "../components/CompanyAccountField";
import { chosenTenant, isValidTenant, normalizeTenant } from "../../../lib/tenant";

const FIELDS = { email: "email" };

/**
 * "Forgot password": asks the node to mail a reset link (AuthService/RequestPasswordReset). The node
 * answers alike whether or not the address has an account, and so does this screen.
 *
 * On a shared deployment's own address (GetLoginOptions' `tenant_required`) it asks for the company
 * account too, prefilled with a spent link's (`?tenant=`) or the browser's choice. The request is
 * addressed to that company without choosing it for the browser: the mailed link names it, and
 * only a password set with it chooses it.
 */
export function ForgotPasswordScreen() {
  const intl = useIntl();
  const request = useRequestPasswordReset();
  const search: { tenant?: string } = useSearch({ strict: false });
  const [initial] = useState(() => {
    const id = normalizeTenant(search.tenant ?? chosenTenant() ?? "");
    return isValidTenant(id) ? id : "";
  });
  const options = useLoginOptions(initial);
  const tenantRequired = options.data?.tenantRequired === true;
  const [tenant, setTenant] = useState(initial);
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const address = email.trim();
    const company = normalizeTenant(tenant);
    if (tenantRequired && !isValidTenant(company)) {
      const problem = intl.formatMessage({ id: company ? "login.tenantInvalid" : "login.tenantMissing" });
      setError({ fields: { tenant: problem }, message: "", code: Code.InvalidArgument });
      return;
    }
    try {
      await request.mutateAsync({ email: address, tenant: tenantRequired ? company : "" });
      setSentTo(address);
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      setError(tenantRequired ? withTenantField(ui, "tenant") : ui);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>
            <FormattedMessage id="forgot.title" />
          </Title>
          {sentTo ? (
            <Alert color="green" role="status" data-testid="forgot-sent">
              <FormattedMessage id="forgot.sent" values={{ email: sentTo }} />
            </Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack>
                <Text size="sm">
                  <FormattedMessage id="forgot.intro" />
                </Text>
                {error?.message && (
                  <Alert color="red" role="alert" data-testid="forgot-error">
                    {error.message}
                  </Alert>
                )}
                {tenantRequired && (
                  <CompanyAccountField
                    value={tenant}
                    onChange={setTenant}
                    error={error?.fields.tenant}
                    data-testid="forgot-tenant"
                  />
                )}
                <TextInput
                  label={intl.formatMessage({ id: "login.email" })}
                  name="email"
                  type="email"
                  autoComplete="username"
                  required
                  autoFocus
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={error?.fields.email}
                />
                <Button type="submit" loading={request.isPending}>
                  <FormattedMessage id="forgot.submit" />
                </Button>
              </Stack>
            </form>
          )}
          <AnchorLink to="/login" size="sm">
            <FormattedMessage id="forgot.backToLogin" />
          </AnchorLink>
        </Stack>
      </Paper>
    </Center>
  );
}
