import { useState } from "react";
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import type { IssuePasswordResetResponse, User } from "../../../gen/eventkit/v1/auth_pb";
import { toUiError } from "../../../lib/errors";
import { useIssuePasswordReset, useMailsResetLinks } from "../api/users";
import { resetLink, signInMethod } from "../lib/users";

/**
 * A single-use set-password link for `user` (IssuePasswordReset): mailed when the node sends email
 * and the administrator prefers that, else shown once to hand over. `issued`: a link already issued
 * (a new user's), shown without asking again.
 */
export function ResetLinkDialog({ user, issued, onClose }: { user: User; issued?: IssuePasswordResetResponse; onClose(): void }) {
  const intl = useIntl();
  const mails = useMailsResetLinks();
  const issue = useIssuePasswordReset();
  const [answer, setAnswer] = useState<IssuePasswordResetResponse | undefined>(issued);
  const [error, setError] = useState<string | null>(null);
  const external = user.authSource !== "" && user.authSource !== "password";

  const ask = async (sendEmail: boolean) => {
    setError(null);
    try {
      setAnswer(await issue.mutateAsync({ userId: user.id, sendEmail }));
    } catch (e) {
      setError(toUiError(e).message);
    }
  };
  const expires = answer?.expiresAt ? intl.formatDate(timestampDate(answer.expiresAt), { dateStyle: "medium", timeStyle: "short" }) : "";
  const link = answer?.resetToken ? resetLink(window.location.origin, answer.resetToken) : "";

  return (
    <Modal opened onClose={onClose} title={intl.formatMessage({ id: "users.link.title" }, { name: user.displayName })}>
      <Stack data-testid="reset-link-dialog">
        {error && (
          <Alert color="red" role="alert" data-testid="reset-link-error">
            {error}
          </Alert>
        )}
        {external && !answer ? (
          <Text size="sm">
            <FormattedMessage
              id="users.link.external"
              values={{ name: user.displayName, source: intl.formatMessage({ id: signInMethod(user).key }, { provider: signInMethod(user).provider }) }}
            />
          </Text>
        ) : answer?.emailedTo ? (
          <Alert color="green" role="status" data-testid="reset-link-mailed">
            <FormattedMessage id="users.link.mailed" values={{ email: answer.emailedTo, expires }} />
          </Alert>
        ) : answer ? (
          <>
            <Text size="sm">
              <FormattedMessage id="users.link.handOver" values={{ name: user.displayName, expires }} />
            </Text>
            <Group wrap="nowrap" align="end">
              <TextInput
                readOnly
                value={link}
                style={{ flex: 1 }}
                dir="ltr"
                aria-label={intl.formatMessage({ id: "users.link.title" }, { name: user.displayName })}
                onFocus={(e) => e.currentTarget.select()}
                data-testid="reset-link-url"
              />
              <CopyButton value={link}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    <FormattedMessage id={copied ? "users.link.copied" : "users.link.copy"} />
                  </Button>
                )}
              </CopyButton>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">
              <FormattedMessage id="users.link.ask" values={{ name: user.displayName }} />
            </Text>
            <Group>
              {mails && (
                <Button loading={issue.isPending} onClick={() => void ask(true)} data-testid="reset-link-mail">
                  <FormattedMessage id="users.link.mail" />
                </Button>
              )}
              <Button variant={mails ? "default" : "filled"} loading={issue.isPending} onClick={() => void ask(false)} data-testid="reset-link-show">
                <FormattedMessage id="users.link.show" />
              </Button>
            </Group>
          </>
        )}
        <Group justify="end">
          <Button variant="default" onClick={onClose} data-testid="reset-link-close">
            <FormattedMessage id="users.link.close" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
