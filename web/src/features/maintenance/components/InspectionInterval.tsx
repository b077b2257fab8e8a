import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Stack, Text, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useInspectionInterval, useSetInspectionInterval } from "../api/maintenance";
import { parseInterval } from "../lib/maintenance";

/**
 * A serialised product's inspection interval, for the product page: the current one
 * (GetInspectionInterval; 0 is none) and, with Inventory write, a form that replaces it.
 */
export function InspectionInterval({ productId }: { productId: string }) {
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const q = useInspectionInterval(productId);
  return (
    <Card withBorder component="section" aria-labelledby="interval-title" data-testid="inspection-interval">
      <Stack gap="xs">
        <Title order={3} id="interval-title">
          <FormattedMessage id="interval.title" />
        </Title>
        <QueryState isPending={q.isPending} error={q.error} onRetry={() => void q.refetch()}>
          {q.data && (
            <>
              <Text size="sm" data-testid="interval-current" data-days={q.data.intervalDays}>
                <FormattedMessage id="interval.current" values={{ days: q.data.intervalDays }} />
              </Text>
              {canEdit && <IntervalForm key={q.data.intervalDays} productId={productId} current={q.data.intervalDays} />}
            </>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}

/** SetInspectionInterval, starting from the current interval (re-keyed when it changes). */
function IntervalForm({ productId, current }: { productId: string; current: number }) {
  const intl = useIntl();
  const set = useSetInspectionInterval();
  const [days, setDays] = useState(current === 0 ? "" : String(current));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    setError(null);
    const n = parseInterval(days);
    if (n === null) return setFieldError(intl.formatMessage({ id: "interval.bad" }));
    try {
      const rule = await set.mutateAsync({ productId, intervalDays: n });
      toastInfo(intl.formatMessage({ id: "interval.current" }, { days: rule.intervalDays }));
    } catch (err) {
      const ui = toUiError(err, { interval_days: "days" });
      if (ui.fields.days) setFieldError(ui.fields.days);
      setError(ui.message || null);
    }
  };

  return (
    <>
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
    </>
  );
}
