import { useState, type FormEvent } from "react";
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useIntl } from "react-intl";
import { toUiError, type UiError } from "../../../lib/errors";

const FIELDS = { email: "email", password: "password" };

/** Email + password. `onSubmit` rejects with the API's error, shown by field or above the form. */
export function LoginForm({ onSubmit }: { onSubmit(email: string, password: string): Promise<void> }) {
  const intl = useIntl();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(email.trim(), password);
    } catch (err) {
      setError(toUiError(err, FIELDS));
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
