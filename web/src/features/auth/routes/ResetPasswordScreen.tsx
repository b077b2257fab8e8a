import { useState, type FormEvent } from "react";
import { Alert, Button, Center, Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { AnchorLink } from "../../../components/AnchorLink";
import { FormattedMessage, useIntl } from "react-intl";
import { Code } from "@connectrpc/connect";
import { useResetPassword } from "../api/auth";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";

const FIELDS = { new_password: "next" };

/**
 * The token of a reset link travels in the fragment (`#token=…`), which browsers never send to a
 * server. It is read once and then removed from the address bar and history.
 */
export function takeResetToken(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const token = params.get("token") ?? "";
  if (token) {
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  }
  return token;
}

/** Where a reset link lands: choose a new password (AuthService/ResetPassword), then sign in. */
export function ResetPasswordScreen() {
  const intl = useIntl();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const [token] = useState(takeResetToken);
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== again) {
      setError({ fields: { again: intl.formatMessage({ id: "reset.mismatch" }) }, message: "", code: Code.InvalidArgument });
      return;
    }
    try {
      await reset.mutateAsync({ resetToken: token, newPassword: next });
      toastInfo(intl.formatMessage({ id: "reset.done" }));
      await navigate({ to: "/login" });
    } catch (err) {
      setError(toUiError(err, FIELDS));
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>
            <FormattedMessage id="reset.title" />
          </Title>
          {!token ? (
            <Alert color="yellow" role="alert" data-testid="reset-no-token">
              <FormattedMessage id="reset.noToken" />
            </Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack>
                {error?.message && (
                  <Alert color="red" role="alert" data-testid="reset-error">
                    {error.message}
                    {error.code === Code.Unauthenticated && (
                      <>
                        {" "}
                        <AnchorLink to="/forgot-password">
                          <FormattedMessage id="reset.askAgain" />
                        </AnchorLink>
                      </>
                    )}
                  </Alert>
                )}
                <PasswordInput
                  label={intl.formatMessage({ id: "profile.newPassword" })}
                  description={intl.formatMessage({ id: "profile.newPasswordHint" })}
                  autoComplete="new-password"
                  required
                  autoFocus
                  value={next}
                  onChange={(e) => setNext(e.currentTarget.value)}
                  error={error?.fields.next}
                />
                <PasswordInput
                  label={intl.formatMessage({ id: "reset.again" })}
                  autoComplete="new-password"
                  required
                  value={again}
                  onChange={(e) => setAgain(e.currentTarget.value)}
                  error={error?.fields.again}
                />
                <Button type="submit" loading={reset.isPending}>
                  <FormattedMessage id="reset.submit" />
                </Button>
              </Stack>
            </form>
          )}
          <AnchorLink to={token ? "/login" : "/forgot-password"} size="sm">
            <FormattedMessage id={token ? "forgot.backToLogin" : "reset.askAgain"} />
          </AnchorLink>
        </Stack>
      </Paper>
    </Center>
  );
}
