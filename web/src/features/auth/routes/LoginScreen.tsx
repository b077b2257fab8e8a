import { Button, Center, Divider, Paper, Select, Stack, Title } from "@mantine/core";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useIntl } from "react-intl";
import { AnchorLink } from "../../../components/AnchorLink";
import { LoginForm } from "../components/LoginForm";
import { startSession, useLogin, useLoginOptions } from "../api/auth";
import { client } from "../../../lib/transport";
import { toastError } from "../../../lib/notify";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { LANGUAGES, languageOf, usePreferences, type Language } from "../../../app/i18n";

export function LoginScreen() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: "/login" });
  const options = useLoginOptions();
  const login = useLogin();
  const { language, setLanguage, setTimeZone } = usePreferences();

  const onSubmit = async (email: string, password: string) => {
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
          {password && <LoginForm onSubmit={onSubmit} />}
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
