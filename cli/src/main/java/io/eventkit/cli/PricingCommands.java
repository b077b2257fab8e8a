package io.eventkit.cli;

import io.eventkit.proto.v1.DayFactor;
import io.eventkit.proto.v1.ExchangeRate;
import io.eventkit.proto.v1.GetQuoteSettingsRequest;
import io.eventkit.proto.v1.ListExchangeRatesRequest;
import io.eventkit.proto.v1.ListExchangeRatesResponse;
import io.eventkit.proto.v1.ListRateCardsRequest;
import io.eventkit.proto.v1.ListRateCardsResponse;
import io.eventkit.proto.v1.ListTaxRatesRequest;
import io.eventkit.proto.v1.ListTaxRatesResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.QuoteServiceGrpc;
import io.eventkit.proto.v1.QuoteSettings;
import io.eventkit.proto.v1.RateCard;
import io.eventkit.proto.v1.SetExchangeRateRequest;
import io.eventkit.proto.v1.SetRateCardRequest;
import io.eventkit.proto.v1.SetTaxRateRequest;
import io.eventkit.proto.v1.TaxRate;
import io.eventkit.proto.v1.UpdateQuoteSettingsRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pricing",
    description = "The node's pricing: rate cards, tax and exchange rates, quote settings.",
    subcommands = {
      PricingCommands.Rates.class,
      PricingCommands.SetRate.class,
      PricingCommands.Tax.class,
      PricingCommands.Fx.class,
      PricingCommands.Settings.class
    })
final class PricingCommands {
  private PricingCommands() {}

  static String factors(List<DayFactor> f) {
    StringBuilder b = new StringBuilder();
    for (DayFactor d : f) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(d.getDays())
          .append('=')
          .append(
              BigDecimal.valueOf(d.getChargedDaysMilli(), 3).stripTrailingZeros().toPlainString());
    }
    return b.toString();
  }

  @Command(
      name = "rates",
      description = "Rate cards by product name.",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit pricing rates --query mixer"})
  static final class Rates extends ApiCommand {
    @Option(names = "--query", description = "Product name contains this.")
    String query = "";

    @Override
    int run(NodeClient client) {
      ListRateCardsRequest.Builder b = ListRateCardsRequest.newBuilder().setQuery(query);
      b.getPageBuilder().setPageSize(500);
      ListRateCardsResponse r = client.call(QuoteServiceGrpc.getListRateCardsMethod(), b.build());
      return emit(
          r,
          () -> {
            Text.Table t = new Text.Table("PRODUCT", "DAY", "WEEK", "FACTORS", "PRODUCT ID");
            for (RateCard c : r.getRateCardsList()) {
              t.row(
                  c.getProductName(),
                  Amounts.format(c.getDayRate()),
                  c.getWeekRate().getMinorUnits() == 0
                      ? Text.NONE
                      : Amounts.format(c.getWeekRate()),
                  c.getDayFactorsCount() == 0 ? "default" : factors(c.getDayFactorsList()),
                  c.getProductId());
            }
            t.print(out());
          });
    }
  }

  @Command(
      name = "set-rate",
      description = "Create or replace a product's rate card (base currency).",
      footerHeading = "%nExample:%n",
      footer = {
        "  eventkit pricing set-rate PRODUCT_ID --day 120.00EUR --week 480.00EUR \\",
        "      --factor 1=1 --factor 2=1.5 --factor 3=2"
      })
  static final class SetRate extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PRODUCT_ID")
    String product;

    @Option(
        names = "--day",
        required = true,
        paramLabel = "AMOUNT",
        description = "Day rate, e.g. 120.00EUR.")
    String day;

    @Option(names = "--week", paramLabel = "AMOUNT", description = "Week rate (none if left out).")
    String week;

    @Option(
        names = "--factor",
        paramLabel = "DAYS=CHARGED",
        description = "Day factor, e.g. 3=2 (repeatable; none: the default table).")
    List<String> factorSpecs = new ArrayList<>();

    @Override
    int run(NodeClient client) {
      SetRateCardRequest.Builder b = SetRateCardRequest.newBuilder().setProductId(product);
      try {
        Money d = Amounts.parse(day);
        b.setDayRate(d);
        b.setWeekRate(
            week == null
                ? Money.newBuilder().setCurrencyCode(d.getCurrencyCode()).build()
                : Amounts.parse(week));
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw usage(e.getMessage());
      }
      for (String f : factorSpecs) {
        String[] p = f.split("=", -1);
        try {
          b.addDayFactors(
              DayFactor.newBuilder()
                  .setDays(Integer.parseInt(p[0].trim()))
                  .setChargedDaysMilli(
                      new BigDecimal(p[1].trim()).movePointRight(3).intValueExact()));
        } catch (RuntimeException e) {
          throw usage("--factor must be DAYS=CHARGED, e.g. 3=2 or 2=1.5");
        }
      }
      RateCard c = client.call(QuoteServiceGrpc.getSetRateCardMethod(), b.build());
      return emit(
          c,
          () ->
              out().println(c.getProductName() + ": " + Amounts.format(c.getDayRate()) + " a day"));
    }
  }

  @Command(
      name = "tax",
      description = "Tax rates.",
      subcommands = {Tax.ListTax.class, Tax.SetTax.class})
  static final class Tax {
    @Command(name = "list", description = "Tax rates by code.")
    static final class ListTax extends ApiCommand {
      @Override
      int run(NodeClient client) {
        ListTaxRatesResponse r =
            client.call(
                QuoteServiceGrpc.getListTaxRatesMethod(), ListTaxRatesRequest.getDefaultInstance());
        return emit(
            r,
            () -> {
              Text.Table t = new Text.Table("CODE", "RATE", "LABEL", "JURISDICTION");
              for (TaxRate x : r.getTaxRatesList()) {
                t.row(
                    x.getCode(),
                    BigDecimal.valueOf(x.getRateBp(), 2).stripTrailingZeros().toPlainString()
                        + " %",
                    x.getLabel(),
                    x.getJurisdiction());
              }
              t.print(out());
            });
      }
    }

    @Command(
        name = "set",
        description = "Create or replace a tax rate.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit pricing tax set GB-STD --rate 20 --label \"VAT 20 %\" --jurisdiction GB"
        })
    static final class SetTax extends ApiCommand {
      @Parameters(index = "0", paramLabel = "CODE")
      String code;

      @Option(
          names = "--rate",
          required = true,
          paramLabel = "PERCENT",
          description = "E.g. 20 or 5.5.")
      String rate;

      @Option(names = "--label", description = "Shown on documents.")
      String label = "";

      @Option(names = "--jurisdiction", description = "Country or region, e.g. GB.")
      String jurisdiction = "";

      @Override
      int run(NodeClient client) {
        TaxRate t =
            client.call(
                QuoteServiceGrpc.getSetTaxRateMethod(),
                SetTaxRateRequest.newBuilder()
                    .setTaxRate(
                        TaxRate.newBuilder()
                            .setCode(code)
                            .setRateBp(QuoteCommands.percentBp(rate, this::usage, "--rate"))
                            .setLabel(label)
                            .setJurisdiction(jurisdiction))
                    .build());
        return emit(t, () -> out().println(t.getCode() + ": " + t.getRateBp() / 100.0 + " %"));
      }
    }
  }

  @Command(
      name = "fx",
      description = "Exchange rates from the base currency.",
      subcommands = {Fx.ListFx.class, Fx.SetFx.class})
  static final class Fx {
    @Command(name = "list", description = "The latest rate per currency.")
    static final class ListFx extends ApiCommand {
      @Override
      int run(NodeClient client) {
        ListExchangeRatesResponse r =
            client.call(
                QuoteServiceGrpc.getListExchangeRatesMethod(),
                ListExchangeRatesRequest.getDefaultInstance());
        return emit(
            r,
            () -> {
              Text.Table t = new Text.Table("CURRENCY", "RATE", "RECORDED");
              for (ExchangeRate x : r.getRatesList()) {
                t.row(
                    x.getCurrencyCode(),
                    "1 " + r.getBaseCurrency() + " = " + x.getRate(),
                    Text.instant(x.getRecordedAt()));
              }
              t.print(out());
            });
      }
    }

    @Command(
        name = "set",
        description = "Record a rate: units of CUR for one of the base currency.",
        footerHeading = "%nExample:%n",
        footer = {"  eventkit pricing fx set GBP 0.8567"})
    static final class SetFx extends ApiCommand {
      @Parameters(index = "0", paramLabel = "CUR")
      String currency;

      @Parameters(index = "1", paramLabel = "RATE")
      String rate;

      @Override
      int run(NodeClient client) {
        ExchangeRate x =
            client.call(
                QuoteServiceGrpc.getSetExchangeRateMethod(),
                SetExchangeRateRequest.newBuilder()
                    .setCurrencyCode(currency.toUpperCase(Locale.ROOT))
                    .setRate(rate)
                    .build());
        return emit(x, () -> out().println(x.getCurrencyCode() + " " + x.getRate()));
      }
    }
  }

  @Command(
      name = "settings",
      description = "Show the quote settings, or change those given.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit pricing settings",
        "  eventkit pricing settings --company-name \"Acme Rental\" --threshold 20"
      })
  static final class Settings extends ApiCommand {
    @Option(names = "--base-currency", paramLabel = "CUR")
    String base;

    @Option(
        names = "--threshold",
        paramLabel = "PERCENT",
        description = "Discount above which a Manager approves.")
    String threshold;

    @Option(names = "--validity-days", paramLabel = "DAYS")
    Integer validity;

    @Option(names = "--default-tax", paramLabel = "CODE")
    String tax;

    @Option(names = "--company-name")
    String company;

    @Option(names = "--terms")
    String terms;

    @Option(names = "--language", paramLabel = "TAG", description = "For clients without one.")
    String language;

    @Override
    int run(NodeClient client) {
      QuoteSettings s;
      if (base == null
          && threshold == null
          && validity == null
          && tax == null
          && company == null
          && terms == null
          && language == null) {
        s =
            client.call(
                QuoteServiceGrpc.getGetQuoteSettingsMethod(),
                GetQuoteSettingsRequest.getDefaultInstance());
      } else {
        UpdateQuoteSettingsRequest.Builder b = UpdateQuoteSettingsRequest.newBuilder();
        if (base != null) {
          b.setBaseCurrency(base.toUpperCase(Locale.ROOT));
        }
        if (threshold != null) {
          b.setApprovalThresholdBp(QuoteCommands.percentBp(threshold, this::usage, "--threshold"));
        }
        if (validity != null) {
          b.setValidityDays(validity);
        }
        if (tax != null) {
          b.setDefaultTaxCode(tax);
        }
        if (company != null) {
          b.setCompanyName(company);
        }
        if (terms != null) {
          b.setTerms(terms);
        }
        if (language != null) {
          b.setDefaultLanguage(language);
        }
        s = client.call(QuoteServiceGrpc.getUpdateQuoteSettingsMethod(), b.build());
      }
      QuoteSettings r = s;
      return emit(
          r,
          () -> {
            Map<String, String> kv = new LinkedHashMap<>();
            kv.put("base currency", r.getBaseCurrency());
            kv.put("approval above", r.getApprovalThresholdBp() / 100.0 + " %");
            kv.put("validity", r.getValidityDays() + " days");
            kv.put("default tax", Text.orNone(r.getDefaultTaxCode()));
            kv.put("numbers", r.getNumberPrefix() + "YYYY-NNNN");
            kv.put("day factors", factors(r.getDefaultDayFactorsList()));
            kv.put("company", Text.orNone(r.getCompanyName()));
            kv.put("language", r.getDefaultLanguage());
            Text.keyValues(out(), kv);
          });
    }
  }
}
