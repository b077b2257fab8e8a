package io.eventkit.node.crm;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.FindDuplicatesRequest;
import io.eventkit.proto.v1.ListActivitiesRequest;
import io.eventkit.proto.v1.PostalAddress;
import io.eventkit.proto.v1.SetDealStagesRequest;
import io.eventkit.proto.v1.UpdateCompanyRequest;
import io.eventkit.proto.v1.UpdateContactRequest;
import io.eventkit.proto.v1.UpdateDealRequest;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Shape checks of every CrmService request, run before the service (lengths beyond the text
 * policy's, emails, ISO codes, tags, IDs). What needs the database is {@link Crm}'s and {@link
 * Pipeline}'s job.
 */
final class CrmValidators {
  static final int MAX_TAGS = 20;
  static final int MAX_TAG = 40;
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>(),;:\"\\[\\]]+@[^@\\s<>(),;:\"\\[\\]]+\\.[^@\\s<>(),;:\"\\[\\]]+");
  private static final Pattern PHONE =
      Pattern.compile("[+]?[0-9 ()./-]{3,40}( ?(x|ext\\.?) ?[0-9]{1,6})?");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  private CrmValidators() {}

  static boolean currency(String code) {
    return CURRENCIES.contains(code);
  }

  static boolean language(String tag) {
    if (tag.length() > 35) {
      return false;
    }
    try {
      Locale l = new Locale.Builder().setLanguageTag(tag).build();
      return !l.getLanguage().isEmpty();
    } catch (IllformedLocaleException e) {
      return false;
    }
  }

  private static Validation email(Validation v, String value, String field) {
    String s = value.strip();
    return v.check(
        s.isEmpty() || (s.length() <= 254 && EMAIL.matcher(s).matches()),
        field,
        "'" + value + "' is not an email address such as name@example.com");
  }

  private static Validation phone(Validation v, String value, String field) {
    String s = value.strip();
    return v.check(
        s.isEmpty() || PHONE.matcher(s).matches(),
        field,
        "'" + value + "' is not a phone number (digits, spaces, + ( ) - . /, at most 40)");
  }

  private static Validation currencyCode(Validation v, String value, String field) {
    return v.check(
        value.isEmpty() || currency(value),
        field,
        "'" + value + "' is not an ISO 4217 currency code such as EUR, GBP or USD (upper case)");
  }

  private static Validation languageTag(Validation v, String value, String field) {
    return v.check(
        value.isEmpty() || language(value),
        field,
        "'" + value + "' is not a BCP 47 language tag such as en, de or pt-BR");
  }

  private static Validation website(Validation v, String value, String field) {
    String s = value.strip();
    return v.check(
        s.isEmpty()
            || (!s.contains(" ")
                && !Duplicates.websiteDomain(s).isEmpty()
                && Duplicates.websiteDomain(s).contains(".")),
        field,
        "'" + value + "' is not a website address such as https://example.com");
  }

  private static Validation address(Validation v, PostalAddress a, String field) {
    return v.check(
        a.getCountryCode().isEmpty() || COUNTRIES.contains(a.getCountryCode()),
        field + ".country_code",
        "'"
            + a.getCountryCode()
            + "' is not an ISO 3166-1 alpha-2 country code such as GB, DE or US (upper case)");
  }

  private static Validation tags(Validation v, List<String> tags) {
    v.check(
        tags.size() <= MAX_TAGS, "tags", "at most " + MAX_TAGS + " tags (was " + tags.size() + ")");
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i).strip();
      v.check(!t.isEmpty(), "tags[" + i + "]", "must not be empty");
      v.check(
          t.codePointCount(0, t.length()) <= MAX_TAG,
          "tags[" + i + "]",
          "must be at most " + MAX_TAG + " characters");
    }
    return v;
  }

  private static Validation companyFields(
      Validation v, String email, String phone, String website, String currency, String language) {
    email(v, email, "email");
    phone(v, phone, "phone");
    website(v, website, "website");
    currencyCode(v, currency, "default_currency");
    return languageTag(v, language, "language");
  }

  /**
   * Formats, lists and cross-field checks; IDs, required names, lengths, the activity and stage
   * kinds, probabilities and the event-link limit are rules in crm.proto.
   */
  static void register(RequestValidators validators) {
    validators
        .register(
            CreateCompanyRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  companyFields(
                      new Validation(),
                      r.getEmail(),
                      r.getPhone(),
                      r.getWebsite(),
                      r.getDefaultCurrency(),
                      r.getLanguage());
              address(v, r.getBillingAddress(), "billing_address");
              tags(v, r.getTagsList()).throwIfInvalid();
            })
        .register(
            UpdateCompanyRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  companyFields(
                      new Validation(),
                      r.getEmail(),
                      r.getPhone(),
                      r.getWebsite(),
                      r.getDefaultCurrency(),
                      r.getLanguage());
              if (r.hasBillingAddress()) {
                address(v, r.getBillingAddress(), "billing_address");
              }
              v.check(
                  r.getReplaceTags() || r.getTagsCount() == 0,
                  "tags",
                  "set replace_tags to replace the tags (an empty list with replace_tags clears"
                      + " them)");
              tags(v, r.getTagsList()).throwIfInvalid();
            })
        .register(
            FindDuplicatesRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(
                          !(r.getName().isBlank()
                              && r.getEmail().isBlank()
                              && r.getWebsite().isBlank()),
                          "name",
                          "give at least one of name, email and website");
              email(v, r.getEmail(), "email");
              v.throwIfInvalid();
            })
        .register(
            CreateContactRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(
                          !(r.getFirstName().isBlank() && r.getLastName().isBlank()),
                          "first_name",
                          "give a first or a last name (or both)");
              contactFields(v, r.getEmail(), r.getPhone(), r.getMobile(), r.getLanguage());
              v.throwIfInvalid();
            })
        .register(
            UpdateContactRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              contactFields(v, r.getEmail(), r.getPhone(), r.getMobile(), r.getLanguage());
              v.throwIfInvalid();
            })
        .register(
            ListActivitiesRequest.getDefaultInstance(),
            r -> {
              int filters =
                  (r.getCompanyId().isEmpty() ? 0 : 1)
                      + (r.getContactId().isEmpty() ? 0 : 1)
                      + (r.getDealId().isEmpty() ? 0 : 1);
              new Validation()
                  .check(
                      filters == 1,
                      "company_id",
                      "give exactly one of company_id, contact_id and deal_id (was "
                          + filters
                          + ")")
                  .throwIfInvalid();
            })
        .register(
            SetDealStagesRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(r.getStagesCount() > 0, "stages", "the pipeline needs stages")
                    .check(r.getStagesCount() <= 30, "stages", "at most 30 stages")
                    .throwIfInvalid())
        .register(
            CreateDealRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              if (r.hasValue()) {
                money(v, r.getValue(), "value");
              }
              v.throwIfInvalid();
            })
        .register(
            UpdateDealRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              if (r.hasValue()) {
                money(v, r.getValue(), "value");
              }
              v.check(
                  r.getReplaceEventIds() || r.getEventIdsCount() == 0,
                  "event_ids",
                  "set replace_event_ids to replace the linked events");
              v.throwIfInvalid();
            });
  }

  private static void contactFields(
      Validation v, String email, String phone, String mobile, String language) {
    email(v, email, "email");
    phone(v, phone, "phone");
    phone(v, mobile, "mobile");
    languageTag(v, language, "language");
  }

  private static void money(Validation v, io.eventkit.proto.v1.Money m, String field) {
    currencyCode(v, m.getCurrencyCode(), field + ".currency_code");
    v.check(m.getMinorUnits() >= 0, field + ".minor_units", "must not be negative");
  }
}
