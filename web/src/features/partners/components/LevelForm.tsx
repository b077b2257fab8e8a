import { useEffect, useState, type FormEvent } from "react";
import { Alert, Button, Group, Stack, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { AutoConfirmLimitsSchema, TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import type { Partner } from "../../../gen/eventkit/v1/trust_pb";
import { toUiError } from "../../../lib/errors";
import { fromMinorUnits, toMinorUnits } from "../../../lib/money";
import { toastInfo } from "../../../lib/notify";
import { useSetPartnerLevel } from "../api/partners";
import { LevelRadios } from "./LevelRadios";

/** Changes what the partner may do here; at SUBHIRE_AUTO_CONFIRM, also the auto-confirm limits. */
export function LevelForm({ partner, name }: { partner: Partner; name: string }) {
  const intl = useIntl();
  const set = useSetPartnerLevel();
  const [level, setLevel] = useState(partner.grantedLevel);
  const ac = partner.autoConfirm;
  const [maxQty, setMaxQty] = useState(ac?.maxQuantityPerRequest ? String(ac.maxQuantityPerRequest) : "");
  const [currency, setCurrency] = useState(ac?.currencyCode || "EUR");
  const [maxValue, setMaxValue] = useState(ac?.maxValueMinorUnits ? fromMinorUnits(ac.maxValueMinorUnits, ac.currencyCode || "EUR") : "");
  const [rate, setRate] = useState(partner.rateLimitPerSecond ? String(partner.rateLimitPerSecond) : "");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setLevel(partner.grantedLevel), [partner.grantedLevel]);
  const auto = level === TrustLevel.SUBHIRE_AUTO_CONFIRM;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const f: Record<string, string> = {};
    let qty = 0;
    let value = 0n;
    const cur = currency.trim().toUpperCase();
    if (auto) {
      if (maxQty.trim() !== "") {
        qty = Number(maxQty);
        if (!Number.isInteger(qty) || qty < 0) f.maxQty = intl.formatMessage({ id: "partners.level.badQty" });
      }
      if (!/^[A-Z]{3}$/.test(cur)) f.currency = intl.formatMessage({ id: "partners.level.badCurrency" });
      else if (maxValue.trim() !== "") {
        const v = toMinorUnits(maxValue.trim(), cur);
        if (v === null || v < 0n) f.maxValue = intl.formatMessage({ id: "partners.level.badValue" });
        else value = v;
      }
    }
    let rateN = 0;
    if (rate.trim() !== "") {
      rateN = Number(rate);
      if (!Number.isInteger(rateN) || rateN < 1) f.rate = intl.formatMessage({ id: "partners.level.badRate" });
    }
    setFields(f);
    if (Object.keys(f).length) return;
    try {
      await set.mutateAsync({
        nodeId: partner.nodeId,
        level,
        autoConfirm: auto ? create(AutoConfirmLimitsSchema, { maxQuantityPerRequest: qty, maxValueMinorUnits: value, currencyCode: value > 0n ? cur : "" }) : undefined,
        rateLimitPerSecond: rateN,
      });
      toastInfo(intl.formatMessage({ id: "partners.level.saved" }, { name }));
    } catch (err) {
      const ui = toUiError(err, {
        "auto_confirm.max_quantity_per_request": "maxQty",
        "auto_confirm.max_value_minor_units": "maxValue",
        "auto_confirm.currency_code": "currency",
        rate_limit_per_second: "rate",
      });
      setFields(ui.fields);
      setError(ui.message || null);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3} size="h4">
          <FormattedMessage id="partners.level.title" />
        </Title>
        <LevelRadios
          label={intl.formatMessage({ id: "partners.level.granted" }, { name })}
          value={level}
          onChange={setLevel}
          disabled={set.isPending}
          testId="partner-level"
        />
        {auto && (
          <Group align="start" wrap="wrap">
            <TextInput
              label={intl.formatMessage({ id: "partners.level.maxQty" })}
              description={intl.formatMessage({ id: "partners.level.zeroIsNone" })}
              inputMode="numeric"
              value={maxQty}
              onChange={(e) => setMaxQty(e.currentTarget.value)}
              error={fields.maxQty}
              w={220}
              data-testid="auto-max-qty"
            />
            <TextInput
              label={intl.formatMessage({ id: "partners.level.maxValue" })}
              description={intl.formatMessage({ id: "partners.level.zeroIsNone" })}
              inputMode="decimal"
              value={maxValue}
              onChange={(e) => setMaxValue(e.currentTarget.value)}
              error={fields.maxValue}
              w={220}
              data-testid="auto-max-value"
            />
            <TextInput
              label={intl.formatMessage({ id: "partners.level.currency" })}
              value={currency}
              onChange={(e) => setCurrency(e.currentTarget.value)}
              error={fields.currency}
              maxLength={3}
              w={120}
              data-testid="auto-currency"
            />
          </Group>
        )}
        <TextInput
          label={intl.formatMessage({ id: "partners.level.rate" })}
          description={intl.formatMessage({ id: "partners.level.rateHint" })}
          inputMode="numeric"
          value={rate}
          onChange={(e) => setRate(e.currentTarget.value)}
          error={fields.rate}
          w={260}
          data-testid="partner-rate"
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={set.isPending} disabled={set.isPending} data-testid="partner-level-save">
            <FormattedMessage id="partners.level.save" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
