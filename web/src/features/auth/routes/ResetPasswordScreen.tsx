import { useState, type FormEvent } from "react";
import { Alert, Button, Center, Paper, PasswordInput, Stack, Title } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { AnchorLink } from "../../../components/AnchorLink";
import { FormattedMessage, useIntl } from "react-intl";
import { Code } from "@connectrpc/connect";
import { useResetPassword } from "../api/auth";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { chooseTenant, isValidTenant, normalizeTenant } from "../../../lib/tenant";

const FIELDS = { new_password: "next" };

export interface ResetLink {
  token: string;
  /** The company account the link is for (`&tenant=`), or "" when the host name says it (or on a self-hosted node). */
  tenant: string;
  /** The link names a company account that is not an ID (cut short or mangled). */
  badTenant: boolean;
}

/**
 * The token of a reset link travels in the fragment (`#token=…`), which browsers never send to a
 * server; on a shared deployment without company host names, so does the company account
 * (`#token=…&tenant=acme`). Read once and then removed from the address bar and history. The
 * company account is not chosen for the browser here: ResetPassword and "ask for a new link" are
 * addressed to it, and only a password set with the link chooses it (lib/tenant.ts), so a crafted
 * link can't redirect the browser's next login.
 */
export function takeResetLink(): ResetLink {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const token = params.get("token") ?? "";
  const named = params.get("tenant");
  const tenant = named === null ? "" : normalizeTenant(named);
  const badTenant = named !== null && !isValidTenant(tenant);
  if (token || named !== null) {
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  }
  return { token, tenant: badTenant ? "" : tenant, badTenant };
}

/** Where a reset link lands: choose a new password (AuthService/ResetPassword), then sign in. */
export function ResetPasswordScreen() {
  const intl = useIntl();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const [link] = useState(takeResetLink);
  const token = link.badTenant ? "" : link.token;
  // A new link is asked for in the same company account.
  const askAgain = link.tenant ? { tenant: link.tenant } : {};
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
      // Addressed to the link's company, whatever this browser chose before; chosen once it worked,
      // so that the login screen asks in it.
      await reset.mutateAsync({ resetToken: token, newPassword: next, tenant: link.tenant });
      if (link.tenant) chooseTenant(link.tenant);
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
          {link.badTenant ? (
            <Alert color="yellow" role="alert" data-testid="reset-bad-tenant">
              <FormattedMessage id="reset.badTenant" />
            </Alert>
          ) : !token ? (
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
                        <AnchorLink to="/forgot-password" search={askAgain}>
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
          {token ? (
            <AnchorLink to="/login" size="sm">
              <FormattedMessage id="forgot.backToLogin" />
            </AnchorLink>
          ) : (
            <AnchorLink to="/forgot-password" search={askAgain} size="sm">
              <FormattedMessage id="reset.askAgain" />
            </AnchorLink>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
