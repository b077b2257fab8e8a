import { useEffect, useState } from "react";
import { Alert, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useSubscribeWebPush, useUnsubscribeWebPush, useWebPushConfig } from "../api/notifications";
import { currentSubscription, pushSupport, subscribe, unsubscribe } from "../lib/webpush";

/**
 * Web push for this browser: enable (permission, PushManager.subscribe with the node's VAPID key,
 * SubscribeWebPush) or turn off (unsubscribe, UnsubscribeWebPush). Explains itself instead when
 * the browser cannot, or the node has no web push.
 */
export function WebPushCard() {
  const intl = useIntl();
  const support = pushSupport();
  const config = useWebPushConfig();
  const register = useSubscribeWebPush();
  const unregister = useUnsubscribeWebPush();
  const [subscribed, setSubscribed] = useState<boolean | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");

  useEffect(() => {
    if (support !== "supported") return;
    let live = true;
    void currentSubscription()
      .then((s) => live && setSubscribed(!!s))
      .catch(() => live && setSubscribed(false));
    return () => {
      live = false;
    };
  }, [support]);

  const enable = async () => {
    setBusy(true);
    setProblem("");
    try {
      const sub = await subscribe(config.data!.vapidPublicKey);
      if (sub === "denied") {
        setProblem(intl.formatMessage({ id: "push.denied" }));
        return;
      }
      await register.mutateAsync(sub);
      setSubscribed(true);
      toastInfo(intl.formatMessage({ id: "push.enabled" }));
    } catch (e) {
      setProblem(toUiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const disable = async () => {
    setBusy(true);
    setProblem("");
    try {
      const endpoint = await unsubscribe();
      if (endpoint) await unregister.mutateAsync({ endpoint });
      setSubscribed(false);
      toastInfo(intl.formatMessage({ id: "push.disabled" }));
    } catch (e) {
      setProblem(toUiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="webpush">
      <Stack gap="sm">
        <Title order={3} size="h4">
          <FormattedMessage id="push.title" />
        </Title>
        {support !== "supported" ? (
          <Alert color="gray" role="status" data-testid="webpush-unsupported">
            <FormattedMessage id={`push.unsupported.${support}`} />
          </Alert>
        ) : (
          <QueryState isPending={config.isPending} error={config.error} onRetry={() => void config.refetch()}>
            {config.data && !config.data.enabled ? (
              <Alert color="gray" role="status" data-testid="webpush-off-on-node">
                <FormattedMessage id="push.disabledOnNode" />
              </Alert>
            ) : (
              <>
                <Text size="sm">
                  <FormattedMessage id="push.about" />
                </Text>
                <Group>
                  <Text size="sm" fw={500} data-testid="webpush-state" data-on={subscribed || undefined}>
                    <FormattedMessage id={subscribed ? "push.on" : "push.off"} />
                  </Text>
                  {subscribed ? (
                    <Button variant="default" onClick={() => void disable()} loading={busy} data-testid="webpush-disable">
                      <FormattedMessage id="push.disable" />
                    </Button>
                  ) : (
                    <Button onClick={() => void enable()} loading={busy} disabled={subscribed === undefined} data-testid="webpush-enable">
                      <FormattedMessage id="push.enable" />
                    </Button>
                  )}
                </Group>
              </>
            )}
          </QueryState>
        )}
        {problem && (
          <Alert color="red" role="alert" data-testid="webpush-problem">
            {problem}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
