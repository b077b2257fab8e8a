import { Alert, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Delivery } from "../../../gen/eventkit/v1/subhire_pb";

/**
 * The outbox for one negotiation: messages the partner has not acknowledged yet (a partner that is
 * down shows here as attempts and the next try), and a message it refused for good.
 */
export function DeliveryStatus({ delivery, compact = false }: { delivery?: Delivery; compact?: boolean }) {
  const intl = useIntl();
  if (!delivery) return null;
  const next = delivery.nextAttemptAt ? intl.formatTime(timestampDate(delivery.nextAttemptAt), { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
  const pending = delivery.pendingMessages > 0 && (
    <Text size="sm" fw={700} data-testid="subhire-delivery-pending" component="span">
      <FormattedMessage id={next ? "subhire.deliveryPending" : "subhire.deliverySending"} values={{ attempts: delivery.attempts, next, count: delivery.pendingMessages }} />
    </Text>
  );
  if (compact) return pending || null;
  if (!pending && !delivery.failedMessage && !delivery.lastError) {
    return (
      <Text size="sm" c="dimmed" data-testid="subhire-delivery-ok">
        <FormattedMessage id="subhire.deliveryOk" />
      </Text>
    );
  }
  return (
    <Alert color={delivery.failedMessage ? "red" : "orange"} role="status" data-testid="subhire-delivery">
      {pending}
      {delivery.pendingMessages > 0 && delivery.lastError && (
        <Text size="sm">
          <FormattedMessage id="subhire.lastError" values={{ error: delivery.lastError }} />
        </Text>
      )}
      {delivery.failedMessage && (
        <Text size="sm" data-testid="subhire-delivery-failed">
          <FormattedMessage id="subhire.deliveryFailed" values={{ error: delivery.failedMessage }} />
        </Text>
      )}
    </Alert>
  );
}
