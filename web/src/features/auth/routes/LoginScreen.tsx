import { useState } from "react";
import { Button, Center, Divider, Paper, Select, Stack, Title } from "@mantine/core";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useIntl } from "react-intl";
import { AnchorLink } from "../../../components/AnchorLink";
import { LoginForm } from "../components/LoginForm";
import { startSession, useLogin, useLoginOptions } from "../api/auth";
import { client } from "../../../lib/transport";
import { toastError } from "../../../lib/notify";
import { isTenantRefusal, toUiError } from "../../../lib/errors";
import { chooseTenant, chosenTenant } from "../../../lib/tenant";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { LANGUAGES, languageOf, usePreferences, type Language } from "../../../app/i18n";

export function LoginScreen() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: "/login" });
  // The company account the login options are for: the one chosen before (kept over logout), or
  // none (a self-hosted node, a company host name, a first visit to a shared deployment).
  const [tenant, setTenant] = useState(() => chosenTenant() ?? "");
  const options = useLoginOptions(tenant);
  const login = useLogin();
  const { language, setLanguage, setTimeZone } = usePreferences();

  // The node refuses only a shared deployment's company (unknown, suspended): ask for it again.
  const refused = options.error && tenant ? toUiError(options.error) : null;
  const tenantError = refused && isTenantRefusal(refused) ? refused.message : undefined;
  // Once asked, the field stays while another company's options load (no jump, no lost focus).
  const [asked, setAsked] = useState(false);
  const asks = options.data?.tenantRequired === true || tenantError !== undefined;
  if (asks && !asked) setAsked(true);
  const tenantRequired = asked || asks;

  // Chosen as soon as it is given, so every call from here (login, SSO, "forgot password") names it.
  const choose = (id: string) => {
    chooseTenant(id);
    setTenant(id);
  };

  const onSubmit = async (email: string, password: string, company?: string) => {
    if (company !== undefined) choose(company);
    const r = await login.mutateAsync({ email, password });
    startSession(r);
    const lang = languageOf(r.user?.locale);
    if (lang && !localStorage.getItem("eventkit.language")) setLanguage(lang);
    if (r.user?.timeZone && !localStorage.getItem("eventkit.timeZone")) setTimeZone(r.user.timeZone);
    const target = redirect && redirect.startsWith("/") && !redirect.startsWith("//") ? redirect : "/";
    await navigate({ to: target });
  };

  const sso = async (providerId: string) => {
    try {
      const r = await client(AuthService).startSsoLogin({
        providerId,
        redirectUri: `${window.location.origin}/sso`,
      });
      window.location.assign(r.authorizationUrl);
    } catch (e) {
      toastError(e);
    }
  };

  // GetLoginOptions may be missing (UNIMPLEMENTED) or fail: the password form still works.
  const providers = options.data?.ssoProviders ?? [];
  const password = options.data ? options.data.password : true;

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        <Stack>
          <Title order={2}>{intl.formatMessage({ id: "login.title" })}</Title>
          {password && (
            <LoginForm
              onSubmit={onSubmit}
              tenantRequired={tenantRequired}
              tenant={tenant}
              onTenantChange={choose}
              tenantError={tenantError}
            />
          )}
          {password && options.data?.passwordResetEmail && (
            <AnchorLink to="/forgot-password" size="sm" data-testid="forgot-password">
              {intl.formatMessage({ id: "login.forgot" })}
            </AnchorLink>
          )}
          {providers.length > 0 && password && <Divider label={intl.formatMessage({ id: "login.or" })} />}
          {providers.map((p) => (
            <Button key={p.id} variant="default" onClick={() => void sso(p.id)} data-sso={p.id}>
              {p.displayName || intl.formatMessage({ id: "login.sso" }, { provider: p.id })}
            </Button>
          ))}
          <Select
            aria-label={intl.formatMessage({ id: "shell.language" })}
            size="xs"
            allowDeselect={false}
            value={language}
            data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            onChange={(v) => v && setLanguage(v as Language)}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
