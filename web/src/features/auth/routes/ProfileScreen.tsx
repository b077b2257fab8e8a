import { useState, type FormEvent } from "react";
import { Alert, Button, Paper, PasswordInput, Select, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { LANGUAGES, usePreferences, type Language } from "../../../app/i18n";
import { useChangePassword } from "../api/auth";
import { auth } from "../../../lib/transport";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";

const PASSWORD_FIELDS = { current_password: "current", new_password: "next" };

function timeZones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return all.includes(current) ? all : [current, ...all];
}

/**
 * Language and time zone (kept in this browser: UpdateUser is an admin call), and the caller's own
 * password (AuthService/ChangePassword, which keeps this session and ends the others).
 */
export function ProfileScreen() {
  const intl = useIntl();
  const prefs = usePreferences();
  const changePassword = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await changePassword.mutateAsync({
        currentPassword: current,
        newPassword: next,
        keepSessionId: auth.sessionId ?? "",
      });
      setCurrent("");
      setNext("");
      toastInfo(intl.formatMessage({ id: "profile.passwordChanged" }, { count: r.sessionsEnded }));
    } catch (err) {
      setError(toUiError(err, PASSWORD_FIELDS));
    }
  };

  return (
    <Stack maw={480}>
      <Title order={2}>
        <FormattedMessage id="profile.title" />
      </Title>
      <Paper withBorder p="md">
        <Stack>
          <Title order={4}>
            <FormattedMessage id="profile.preferences" />
          </Title>
          <Select
            label={intl.formatMessage({ id: "profile.language" })}
            allowDeselect={false}
            value={prefs.language}
            data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            onChange={(v) => v && prefs.setLanguage(v as Language)}
          />
          <Select
            label={intl.formatMessage({ id: "profile.timeZone" })}
            searchable
            allowDeselect={false}
            value={prefs.timeZone}
            data={timeZones(prefs.timeZone)}
            onChange={(v) => v && prefs.setTimeZone(v)}
            limit={50}
          />
          <Text size="sm" c="dimmed" data-testid="now">
            <FormattedMessage
              id="profile.now"
              values={{ time: intl.formatDate(new Date(), { dateStyle: "full", timeStyle: "short" }) }}
            />
          </Text>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate data-testid="password-form">
          <Stack>
            <Title order={4}>
              <FormattedMessage id="profile.password" />
            </Title>
            {error?.message && (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            )}
            <PasswordInput
              label={intl.formatMessage({ id: "profile.currentPassword" })}
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={error?.fields.current}
            />
            <PasswordInput
              label={intl.formatMessage({ id: "profile.newPassword" })}
              description={intl.formatMessage({ id: "profile.newPasswordHint" })}
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={error?.fields.next}
            />
            <Button type="submit" loading={changePassword.isPending} w="fit-content" data-testid="change-password">
              <FormattedMessage id="profile.changePassword" />
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
