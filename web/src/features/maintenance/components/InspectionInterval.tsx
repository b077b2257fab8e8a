import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Stack, Text, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useSetInspectionInterval } from "../api/maintenance";
import { parseInterval } from "../lib/maintenance";

/**
 * A serialised product's inspection interval (SetInspectionInterval), for the product page. The API
 * does not report the current interval, so the form says so and shows what was last set here.
 */
export function InspectionInterval({ productId }: { productId: string }) {
  const intl = useIntl();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const set = useSetInspectionInterval();
  const [days, setDays] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  if (!canEdit) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    setError(null);
    const n = parseInterval(days);
    if (n === null) return setFieldError(intl.formatMessage({ id: "interval.bad" }));
    try {
      const rule = await set.mutateAsync({ productId, intervalDays: n });
      setSaved(rule.intervalDays);
      toastInfo(intl.formatMessage({ id: "interval.saved" }, { days: rule.intervalDays }));
    } catch (err) {
      const ui = toUiError(err, { interval_days: "days" });
      if (ui.fields.days) setFieldError(ui.fields.days);
      setError(ui.message || null);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="interval-title" data-testid="inspection-interval">
      <Stack gap="xs">
        <Title order={3} id="interval-title">
          <FormattedMessage id="interval.title" />
        </Title>
        <Text size="sm">
          {saved === null ? (
            <FormattedMessage id="interval.unknown" />
          ) : (
            <span data-testid="interval-saved">
              <FormattedMessage id="interval.saved" values={{ days: saved }} />
            </span>
          )}
        </Text>
        {error && (
          <Alert color="red" role="alert" data-testid="interval-error">
            {error}
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="xs" align="start">
            <TextInput
              label={intl.formatMessage({ id: "interval.days" })}
              description={intl.formatMessage({ id: "interval.hint" })}
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.currentTarget.value)}
              error={fieldError}
              maw={420}
              w="100%"
              data-testid="interval-days"
            />
            <Button type="submit" loading={set.isPending} data-testid="interval-save">
              <FormattedMessage id="interval.save" />
            </Button>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
