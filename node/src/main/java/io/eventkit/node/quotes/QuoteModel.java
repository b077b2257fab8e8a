package io.eventkit.node.quotes;

import io.eventkit.node.quotes.Pricing.DayFactor;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The quotes feature's values: pricing settings and tables, quotes, versions, diffs. */
public final class QuoteModel {
  private QuoteModel() {}

  public record Settings(
      String baseCurrency,
      int approvalThresholdBp,
      int validityDays,
      String defaultTaxCode,
      String numberPrefix,
      List<DayFactor> defaultDayFactors,
      String companyName,
      String companyAddress,
      String logoDataUri,
      String primaryColor,
      String terms,
      String defaultLanguage) {}

  /** Changes to the settings; null keeps a value. */
  public record SettingsChanges(
      String baseCurrency,
      Integer approvalThresholdBp,
      Integer validityDays,
      String defaultTaxCode,
      String numberPrefix,
      List<DayFactor> defaultDayFactors,
      String companyName,
      String companyAddress,
      String logoDataUri,
      String primaryColor,
      String terms,
      String defaultLanguage) {}

  /** Rates in minor units of the base currency. */
  public record RateCard(
      UUID productId,
      String productName,
      String currency,
      long dayMinor,
      long weekMinor,
      List<DayFactor> dayFactors,
      Instant updatedAt) {}

  public record PriceOverride(UUID productId, String productName, long dayMinor, long weekMinor) {}

  public record PriceList(
      UUID id, String name, int discountBp, List<PriceOverride> overrides, int companyCount) {}

  public record TaxRate(String code, String label, String jurisdiction, int rateBp) {}

  public record ExchangeRate(String currencyCode, BigDecimal rate, Instant recordedAt) {}

  public enum State {
    DRAFT,
    SENT,
    ACCEPTED,
    DECLINED,
    EXPIRED
  }

  public enum LineKind {
    RENTAL,
    SERVICE,
    SALE
  }

  /** A priced line: inputs and, in the quote's currency, its figures. */
  public record Line(
      UUID id,
      LineKind kind,
      UUID productId,
      String description,
      String quantity,
      String unit,
      Instant periodStart,
      Instant periodEnd,
      int days,
      String chargedDays,
      String rateDetail,
      long unitPrice,
      boolean priceOverridden,
      int discountBp,
      String taxCode,
      int taxRateBp,
      long gross,
      long discount,
      long net,
      long tax,
      long total,
      UUID bookingLineId,
      int position) {}

  public record Tax(String code, String label, int rateBp, long base, long amount) {}

  public record Totals(
      long subtotal,
      long lineDiscounts,
      long quoteDiscount,
      long net,
      long tax,
      long total,
      List<Tax> taxes) {}

  /**
   * A quote's document: the draft as it prices now, or a version as it was sent (stored as is, so
   * it never changes).
   */
  public record Doc(
      String number,
      String title,
      UUID companyId,
      String companyName,
      String companyAddress,
      String companyTaxId,
      UUID contactId,
      String contactName,
      String contactEmail,
      UUID eventId,
      String eventName,
      @org.jspecify.annotations.Nullable EventPeriod eventPeriod,
      String currency,
      String exchangeRate,
      String language,
      Instant validUntil,
      int discountBp,
      String notes,
      List<Line> lines,
      Totals totals,
      @org.jspecify.annotations.Nullable Letterhead letterhead) {

    /** This document as sent: with the company's letterhead of that moment frozen into it. */
    Doc sentWith(Letterhead l) {
      return new Doc(
          number,
          title,
          companyId,
          companyName,
          companyAddress,
          companyTaxId,
          contactId,
          contactName,
          contactEmail,
          eventId,
          eventName,
          eventPeriod,
          currency,
          exchangeRate,
          language,
          validUntil,
          discountBp,
          notes,
          lines,
          totals,
          l);
    }
  }

  /** The quoted event's period and the zone its dates are shown in. */
  public record EventPeriod(Instant start, Instant end, String timeZone) {}

  /**
   * The sender's side of a document (company, logo, colour, terms). A sent version keeps the one it
   * was sent with, so its PDF never changes; the draft (null) shows the settings as they are now.
   */
  public record Letterhead(
      String companyName,
      String companyAddress,
      String logoDataUri,
      String primaryColor,
      String terms) {
    static Letterhead of(Settings s) {
      return new Letterhead(
          s.companyName(), s.companyAddress(), s.logoDataUri(), s.primaryColor(), s.terms());
    }
  }

  public record Email(
      UUID id,
      String toAddress,
      String state,
      int attempts,
      String lastError,
      Instant sentAt,
      Instant nextAttemptAt) {}

  public record VersionSummary(
      int version,
      Instant sentAt,
      String sentBy,
      String currency,
      long total,
      Instant validUntil,
      List<Email> emails) {}

  public record Version(
      UUID quoteId, int version, Doc doc, Instant sentAt, String sentBy, List<Email> emails) {}

  public record Approval(
      boolean required,
      boolean approved,
      String approvedBy,
      Instant approvedAt,
      int maxDiscountBp) {}

  public record Quote(
      UUID id,
      State state,
      Doc draft,
      UUID priceListId,
      String eventStatus,
      long revision,
      boolean hasUnsentChanges,
      Approval approval,
      List<VersionSummary> versions,
      int acceptedVersion,
      String declineReason,
      Instant decidedAt,
      String createdBy,
      Instant createdAt,
      Instant updatedAt) {}

  public record NewQuote(
      UUID companyId, UUID contactId, UUID eventId, String title, String currency, String notes) {}

  /** Header changes; null keeps a value ("" for price list: none). */
  public record QuoteChanges(
      String title,
      UUID contactId,
      boolean clearContact,
      String currency,
      String exchangeRate,
      String priceListId,
      String language,
      Instant validUntil,
      Integer discountBp,
      String notes) {}

  public record NewLine(
      LineKind kind,
      UUID productId,
      String description,
      String quantity,
      String unit,
      Instant periodStart,
      Instant periodEnd,
      Long unitPrice,
      int discountBp,
      String taxCode) {}

  public record LineChanges(
      String description,
      String quantity,
      String unit,
      Instant periodStart,
      Instant periodEnd,
      Long unitPrice,
      boolean clearUnitPrice,
      Integer discountBp,
      String taxCode,
      Integer position) {}

  public record Sent(Quote quote, Version version) {}

  public record Shortage(
      UUID productId,
      String productName,
      int requested,
      int available,
      Instant start,
      Instant end) {}

  public record Accepted(
      Quote quote, boolean eventConfirmed, List<Shortage> shortages, List<String> warnings) {}

  public record FieldChange(String field, String before, String after) {}

  public enum ChangeKind {
    ADDED,
    REMOVED,
    CHANGED
  }

  public record LineChange(
      ChangeKind kind, String description, Line line, List<FieldChange> changes) {}

  public record Diff(
      int from,
      int to,
      String currencyBefore,
      String currencyAfter,
      List<FieldChange> header,
      List<LineChange> lines,
      Totals before,
      Totals after) {}
}
