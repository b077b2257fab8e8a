import { useEffect, useState } from "react";
import { Alert, Button, ColorInput, FileInput, Group, Image, NumberInput, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import type { PriceList, QuoteSettings } from "../../../gen/eventkit/v1/quotes_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { formatMoney } from "../../../lib/money";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { toastInfo } from "../../../lib/notify";
import { useExchangeRates, usePriceLists, useRateCards, useSetExchangeRate, useSetPriceList, useSetTaxRate, useSettings, useTaxRates, useUpdateSettings } from "../api/quotes";
import { basisPointsText, LOGO_LIMIT, parseBasisPoints, parseRate } from "../lib/amounts";
import { dayFactorsText, parseDayFactors } from "../lib/dayFactors";

/** Pricing: quote settings, tax rates, exchange rates, price lists and rate cards; QUOTES_READ sees, PRICING_ADMIN changes. */
export function PricingScreen() {
  const intl = useIntl();
  const canEdit = useCan(Permission.PRICING_ADMIN);
  return (
    <Stack>
      <Title order={2}>
        <FormattedMessage id="pricing.title" />
      </Title>
      <Tabs defaultValue="settings" keepMounted={false}>
        <Tabs.List>
          {(["settings", "taxes", "rates", "lists", "cards"] as const).map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`pricing-tab-${k}`}>
              {intl.formatMessage({ id: `pricing.tab.${k}` })}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="settings" pt="md">
          <SettingsPanel canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="taxes" pt="md">
          <TaxPanel canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="rates" pt="md">
          <RatesPanel canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="lists" pt="md">
          <ListsPanel canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="cards" pt="md">
          <CardsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function readAsDataUri(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function SettingsPanel({ canEdit }: { canEdit: boolean }) {
  const s = useSettings();
  return (
    <QueryState isPending={s.isPending} error={s.error} onRetry={() => void s.refetch()}>
      {s.data && <SettingsForm settings={s.data} canEdit={canEdit} />}
    </QueryState>
  );
}

function SettingsForm({ settings, canEdit }: { settings: QuoteSettings; canEdit: boolean }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const save = useUpdateSettings();
  const initial = () => ({
    companyName: settings.companyName,
    companyAddress: settings.companyAddress,
    logo: settings.logoDataUri,
    color: settings.primaryColor,
    terms: settings.terms,
    base: settings.baseCurrency,
    threshold: basisPointsText(settings.approvalThresholdBp),
    validity: settings.validityDays,
    tax: settings.defaultTaxCode,
    prefix: settings.numberPrefix,
    language: settings.defaultLanguage,
    factors: dayFactorsText(settings.defaultDayFactors),
  });
  const [v, setV] = useState(initial);
  useEffect(() => setV(initial()), [settings]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setV({ ...v, [k]: e.currentTarget.value });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const threshold = parseBasisPoints(v.threshold);
    const factors = parseDayFactors(v.factors);
    if (threshold === null) errs.threshold = t("quotes.bad.percent");
    if (!factors) errs.factors = t("quotes.bad.dayFactors");
    if (!/^[A-Za-z]{3}$/.test(v.base.trim())) errs.base = t("quotes.bad.currency");
    if (v.logo.length > LOGO_LIMIT * 1.37) errs.logo = t("pricing.logoTooBig");
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await save.mutateAsync({
        companyName: v.companyName,
        companyAddress: v.companyAddress,
        logoDataUri: v.logo,
        primaryColor: v.color,
        terms: v.terms,
        baseCurrency: v.base.trim().toUpperCase(),
        approvalThresholdBp: threshold!,
        validityDays: v.validity,
        defaultTaxCode: v.tax.trim(),
        numberPrefix: v.prefix,
        defaultLanguage: v.language.trim(),
        defaultDayFactors: factors!,
        replaceDefaultDayFactors: true,
      });
      toastInfo(t("pricing.saved"));
    } catch (err) {
      setErrors({ form: toUiError(err).message });
    }
  };
  const disabled = !canEdit;
  return (
    <form onSubmit={submit} noValidate data-testid="pricing-settings">
      <Stack maw={720}>
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <TextInput label={t("pricing.companyName")} disabled={disabled} value={v.companyName} onChange={set("companyName")} />
        <Textarea label={t("pricing.companyAddress")} disabled={disabled} autosize minRows={3} value={v.companyAddress} onChange={set("companyAddress")} />
        <Group align="end">
          <FileInput
            label={t("pricing.logo")}
            description={t("pricing.logoHint")}
            accept="image/png,image/jpeg,image/svg+xml"
            disabled={disabled}
            w={300}
            error={errors.logo}
            onChange={async (f) => {
              if (!f) return;
              if (f.size > LOGO_LIMIT) {
                setErrors({ ...errors, logo: t("pricing.logoTooBig") });
                return;
              }
              const uri = await readAsDataUri(f);
              setErrors({ ...errors, logo: "" });
              setV((x) => ({ ...x, logo: uri }));
            }}
          />
          {v.logo && <Image src={v.logo} alt={t("pricing.logo")} h={48} w="auto" fit="contain" />}
          {v.logo && canEdit && (
            <Button variant="default" size="xs" onClick={() => setV({ ...v, logo: "" })}>
              <FormattedMessage id="pricing.logoRemove" />
            </Button>
          )}
        </Group>
        <ColorInput label={t("pricing.color")} disabled={disabled} value={v.color} onChange={(color) => setV({ ...v, color })} w={200} />
        <Textarea label={t("pricing.terms")} disabled={disabled} autosize minRows={3} value={v.terms} onChange={set("terms")} />
        <Group grow>
          <TextInput label={t("pricing.baseCurrency")} disabled={disabled} maxLength={3} value={v.base} onChange={set("base")} error={errors.base} />
          <TextInput label={t("pricing.threshold")} disabled={disabled} value={v.threshold} onChange={set("threshold")} error={errors.threshold} rightSection="%" />
          <NumberInput label={t("pricing.validity")} disabled={disabled} min={1} max={3650} value={v.validity} onChange={(n) => setV({ ...v, validity: typeof n === "number" ? n : 30 })} />
        </Group>
        <Group grow>
          <TextInput label={t("pricing.defaultTax")} disabled={disabled} value={v.tax} onChange={set("tax")} />
          <TextInput label={t("pricing.prefix")} disabled={disabled} value={v.prefix} onChange={set("prefix")} />
          <TextInput label={t("pricing.language")} disabled={disabled} value={v.language} onChange={set("language")} />
        </Group>
        <TextInput label={t("pricing.dayFactors")} description={t("quotes.rateCard.factorsHint")} disabled={disabled} value={v.factors} onChange={set("factors")} error={errors.factors} />
        {canEdit && (
          <Group justify="end">
            <Button type="submit" loading={save.isPending} data-testid="pricing-settings-save">
              <FormattedMessage id="quotes.save" />
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function TaxPanel({ canEdit }: { canEdit: boolean }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const list = useTaxRates();
  const save = useSetTaxRate();
  const [v, setV] = useState({ code: "", label: "", jurisdiction: "", rate: "" });
  const [error, setError] = useState("");
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const bp = parseBasisPoints(v.rate);
    if (bp === null) return setError(t("quotes.bad.percent"));
    try {
      await save.mutateAsync({ taxRate: { code: v.code.trim(), label: v.label.trim(), jurisdiction: v.jurisdiction.trim(), rateBp: bp } });
      setV({ code: "", label: "", jurisdiction: "", rate: "" });
      setError("");
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  const rows = list.data?.taxRates ?? [];
  return (
    <Stack>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="pricing.taxes.empty" />}>
        <Table verticalSpacing={4} data-testid="tax-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("pricing.code")}</Table.Th>
              <Table.Th>{t("pricing.label")}</Table.Th>
              <Table.Th>{t("pricing.jurisdiction")}</Table.Th>
              <Table.Th>{t("pricing.rate")}</Table.Th>
              {canEdit && <Table.Th>{t("quotes.line.actions")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.code}>
                <Table.Td>{r.code}</Table.Td>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>{r.jurisdiction}</Table.Td>
                <Table.Td>{basisPointsText(r.rateBp)} %</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="compact-xs" variant="default" onClick={() => setV({ code: r.code, label: r.label, jurisdiction: r.jurisdiction, rate: basisPointsText(r.rateBp) })}>
                      <FormattedMessage id="quotes.edit" />
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
      {canEdit && (
        <form onSubmit={submit} noValidate>
          <Group align="end" wrap="wrap">
            <TextInput label={t("pricing.code")} w={120} value={v.code} onChange={(e) => setV({ ...v, code: e.currentTarget.value })} data-testid="tax-code" />
            <TextInput label={t("pricing.label")} w={160} value={v.label} onChange={(e) => setV({ ...v, label: e.currentTarget.value })} />
            <TextInput label={t("pricing.jurisdiction")} w={120} value={v.jurisdiction} onChange={(e) => setV({ ...v, jurisdiction: e.currentTarget.value })} />
            <TextInput label={t("pricing.rate")} w={90} rightSection="%" value={v.rate} onChange={(e) => setV({ ...v, rate: e.currentTarget.value })} data-testid="tax-rate" />
            <Button type="submit" loading={save.isPending} data-testid="tax-save">
              <FormattedMessage id="quotes.save" />
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </form>
      )}
    </Stack>
  );
}

function RatesPanel({ canEdit }: { canEdit: boolean }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const list = useExchangeRates();
  const save = useSetExchangeRate();
  const [v, setV] = useState({ currency: "", rate: "" });
  const [error, setError] = useState("");
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const rate = parseRate(v.rate);
    if (!/^[A-Za-z]{3}$/.test(v.currency.trim())) return setError(t("quotes.bad.currency"));
    if (!rate) return setError(t("quotes.bad.rate"));
    try {
      await save.mutateAsync({ currencyCode: v.currency.trim().toUpperCase(), rate });
      setV({ currency: "", rate: "" });
      setError("");
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  const rows = list.data?.rates ?? [];
  return (
    <Stack>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()}>
        <Text size="sm">
          <FormattedMessage id="pricing.rates.base" values={{ base: list.data?.baseCurrency ?? "" }} />
        </Text>
        {rows.length === 0 ? (
          <Text c="dimmed">
            <FormattedMessage id="pricing.rates.empty" />
          </Text>
        ) : (
          <Table verticalSpacing={4} data-testid="rate-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("pricing.currency")}</Table.Th>
                <Table.Th>{t("pricing.rateFor1")}</Table.Th>
                <Table.Th>{t("pricing.recorded")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.currencyCode}>
                  <Table.Td>{r.currencyCode}</Table.Td>
                  <Table.Td>{r.rate}</Table.Td>
                  <Table.Td>{r.recordedAt ? intl.formatDate(timestampDate(r.recordedAt), { dateStyle: "medium", timeStyle: "short" }) : ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      {canEdit && (
        <form onSubmit={submit} noValidate>
          <Group align="end">
            <TextInput label={t("pricing.currency")} w={100} maxLength={3} value={v.currency} onChange={(e) => setV({ ...v, currency: e.currentTarget.value })} />
            <TextInput label={t("pricing.rateFor1")} w={140} value={v.rate} onChange={(e) => setV({ ...v, rate: e.currentTarget.value })} />
            <Button type="submit" loading={save.isPending}>
              <FormattedMessage id="pricing.rates.record" />
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </form>
      )}
    </Stack>
  );
}

function ListsPanel({ canEdit }: { canEdit: boolean }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const list = usePriceLists();
  const save = useSetPriceList();
  const [v, setV] = useState<{ id: string; name: string; discount: string; overrides: PriceList["overrides"] }>({ id: "", name: "", discount: "", overrides: [] });
  const [error, setError] = useState("");
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const bp = parseBasisPoints(v.discount);
    if (bp === null) return setError(t("quotes.bad.percent"));
    try {
      await save.mutateAsync({ id: v.id, name: v.name.trim(), discountBp: bp, overrides: v.overrides });
      setV({ id: "", name: "", discount: "", overrides: [] });
      setError("");
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  const rows = list.data?.priceLists ?? [];
  return (
    <Stack>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="pricing.lists.empty" />}>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("pricing.label")}</Table.Th>
              <Table.Th>{t("quotes.discount")}</Table.Th>
              <Table.Th>{t("pricing.overrides")}</Table.Th>
              <Table.Th>{t("pricing.companies")}</Table.Th>
              {canEdit && <Table.Th>{t("quotes.line.actions")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{basisPointsText(p.discountBp)} %</Table.Td>
                <Table.Td>
                  {p.overrides.map((o) => (
                    <Text key={o.productId} size="xs">
                      {o.productName}: {formatMoney(intl, o.dayRate)}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>{p.companyCount}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="compact-xs" variant="default" onClick={() => setV({ id: p.id, name: p.name, discount: basisPointsText(p.discountBp), overrides: p.overrides })}>
                      <FormattedMessage id="quotes.edit" />
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
      {canEdit && (
        <form onSubmit={submit} noValidate>
          <Group align="end">
            <TextInput label={t("pricing.label")} w={220} value={v.name} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} />
            <TextInput label={t("quotes.discount")} w={100} rightSection="%" value={v.discount} onChange={(e) => setV({ ...v, discount: e.currentTarget.value })} />
            <Button type="submit" loading={save.isPending}>
              <FormattedMessage id={v.id ? "quotes.save" : "pricing.lists.add"} />
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </form>
      )}
    </Stack>
  );
}

function CardsPanel() {
  const intl = useIntl();
  const [q, setQ] = useState("");
  const [page, setPage] = useState<string | undefined>();
  const list = useRateCards(q, page);
  const rows = list.data?.rateCards ?? [];
  return (
    <Stack>
      <TextInput type="search" w={280} aria-label={intl.formatMessage({ id: "pricing.cards.search" })} placeholder={intl.formatMessage({ id: "pricing.cards.search" })} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(undefined); }} />
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="pricing.cards.empty" />}>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{intl.formatMessage({ id: "quotes.line.product" })}</Table.Th>
              <Table.Th>{intl.formatMessage({ id: "quotes.rateCard.day" })}</Table.Th>
              <Table.Th>{intl.formatMessage({ id: "quotes.rateCard.week" })}</Table.Th>
              <Table.Th>{intl.formatMessage({ id: "quotes.rateCard.factors" })}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.productId}>
                <Table.Td>
                  <AnchorLink to="/inventory/products/$productId" params={{ productId: c.productId }} size="sm">
                    {c.productName}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatMoney(intl, c.dayRate)}</Table.Td>
                <Table.Td>{c.weekRate?.minorUnits ? formatMoney(intl, c.weekRate) : "—"}</Table.Td>
                <Table.Td>{dayFactorsText(c.dayFactors) || intl.formatMessage({ id: "quotes.rateCard.defaultFactors" })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Pager page={page} next={list.data?.page?.nextPageToken || undefined} onPage={setPage} />
      </QueryState>
    </Stack>
  );
}
