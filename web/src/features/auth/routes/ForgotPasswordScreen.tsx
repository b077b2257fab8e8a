import { useState, type FormEvent } from "react";
import { Alert, Button, Center, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { AnchorLink } from "../../../components/AnchorLink";
import { FormattedMessage, useIntl } from "react-intl";
import { useRequestPasswordReset } from "../api/auth";
import { toUiError, type UiError } from "../../../lib/errors";

const FIELDS = { email: "email" };

/**
 * "Forgot password": asks the node to mail a reset link (AuthService/RequestPasswordReset). The node
 * answers alike whether or not the address has an account, and so does this screen.
 */
export function ForgotPasswordScreen() {
  const intl = useIntl();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const address = email.trim();
    try {
      await request.mutateAsync({ email: address });
      setSentTo(address);
    } catch (err) {
      setError(toUiError(err, FIELDS));
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
