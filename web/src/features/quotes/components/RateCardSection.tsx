import { useEffect, useState } from "react";
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { formatMoney, fromMinorUnits } from "../../../lib/money";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { toastInfo } from "../../../lib/notify";
import { useRateCard, useSetRateCard, useSettings } from "../api/quotes";
import { parseMoney } from "../lib/amounts";
import { dayFactorsText, parseDayFactors } from "../lib/dayFactors";

/** A product's rate card (for the product page): shown to QUOTES_READ, edited by PRICING_ADMIN. */
export function RateCardSection({ productId }: { productId: string }) {
  const canRead = useCan(Permission.QUOTES_READ);
  if (!canRead) return null;
  return <RateCard productId={productId} />;
}

function RateCard({ productId }: { productId: string }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const card = useRateCard(productId);
  const settings = useSettings();
  const canEdit = useCan(Permission.PRICING_ADMIN);
  const save = useSetRateCard();
  const base = settings.data?.baseCurrency || card.data?.dayRate?.currencyCode || "EUR";
  const missing = card.error && toUiError(card.error).code === Code.NotFound;
  const [v, setV] = useState({ day: "", week: "", factors: "" });
  const [error, setError] = useState<Record<string, string>>({});
  useEffect(() => {
    const c = card.data;
    setV({
      day: c?.dayRate ? fromMinorUnits(c.dayRate.minorUnits, c.dayRate.currencyCode) : "",
      week: c?.weekRate && c.weekRate.minorUnits > 0n ? fromMinorUnits(c.weekRate.minorUnits, c.weekRate.currencyCode) : "",
      factors: c ? dayFactorsText(c.dayFactors) : "",
    });
  }, [card.data]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const day = parseMoney(v.day, base);
    const week = v.week.trim() ? parseMoney(v.week, base) : { currencyCode: base, minorUnits: 0n };
    const factors = parseDayFactors(v.factors);
    if (!day || day.minorUnits <= 0n) errs.day = t("quotes.bad.amount");
    if (!week) errs.week = t("quotes.bad.amount");
    if (!factors) errs.factors = t("quotes.bad.dayFactors");
    setError(errs);
    if (Object.keys(errs).length) return;
    try {
      await save.mutateAsync({ productId, dayRate: day!, weekRate: week!, dayFactors: factors! });
      toastInfo(t("quotes.rateCard.saved"));
    } catch (err) {
      setError({ form: toUiError(err).message });
    }
  };
  return (
    <Card withBorder padding="sm" data-testid="rate-card">
      <Stack gap="xs">
        <Title order={3}>
          <FormattedMessage id="quotes.rateCard" />
        </Title>
        {card.isPending ? (
          <Text size="sm" role="status">
            <FormattedMessage id="state.loading" />
          </Text>
        ) : card.error && !missing ? (
          <Alert color="red" role="alert">
            {toUiError(card.error).message}
          </Alert>
        ) : (
          <>
            {missing && (
              <Text size="sm" c="dimmed">
                <FormattedMessage id="quotes.rateCard.none" />
              </Text>
            )}
            {card.data && !canEdit && (
              <Text size="sm">
                <FormattedMessage id="quotes.rateCard.summary" values={{ day: formatMoney(intl, card.data.dayRate), week: card.data.weekRate?.minorUnits ? formatMoney(intl, card.data.weekRate) : "—", factors: dayFactorsText(card.data.dayFactors) || t("quotes.rateCard.defaultFactors") }} />
              </Text>
            )}
            {canEdit && (
              <form onSubmit={submit} noValidate>
                {error.form && (
                  <Alert color="red" role="alert" mb="xs">
                    {error.form}
                  </Alert>
                )}
                <Group align="start" wrap="wrap">
                  <TextInput label={`${t("quotes.rateCard.day")} (${base})`} w={140} value={v.day} onChange={(e) => setV({ ...v, day: e.currentTarget.value })} error={error.day} data-testid="rate-day" />
                  <TextInput label={`${t("quotes.rateCard.week")} (${base})`} w={140} value={v.week} onChange={(e) => setV({ ...v, week: e.currentTarget.value })} error={error.week} />
                  <TextInput label={t("quotes.rateCard.factors")} description={t("quotes.rateCard.factorsHint")} w={260} value={v.factors} onChange={(e) => setV({ ...v, factors: e.currentTarget.value })} error={error.factors} />
                  <Button type="submit" mt={24} loading={save.isPending} data-testid="rate-save">
                    <FormattedMessage id="quotes.save" />
                  </Button>
                </Group>
              </form>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
