package io.eventkit.node.crm;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.ActivityKind;
import io.eventkit.proto.v1.AddActivityRequest;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.FindDuplicatesRequest;
import io.eventkit.proto.v1.GetCompanyRequest;
import io.eventkit.proto.v1.GetContactRequest;
import io.eventkit.proto.v1.GetDealRequest;
import io.eventkit.proto.v1.ListActivitiesRequest;
import io.eventkit.proto.v1.ListCompaniesRequest;
import io.eventkit.proto.v1.ListContactsRequest;
import io.eventkit.proto.v1.ListDealsRequest;
import io.eventkit.proto.v1.PageRequest;
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
  static final int MAX_QUERY = 100;
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

  private static Validation id(Validation v, String value, String field) {
    return v.check(Ids.valid(value), field, "must be an ID (UUID); got '" + value + "'");
  }

  private static Validation optionalId(Validation v, String value, String field) {
    return value.isEmpty() ? v : id(v, value, field);
  }

  private static Validation page(Validation v, PageRequest p) {
    return v.check(p.getPageSize() >= 0, "page.page_size", "must not be negative");
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
    v.maxLength(a.getLine1(), 200, field + ".line1")
        .maxLength(a.getLine2(), 200, field + ".line2")
        .maxLength(a.getPostalCode(), 20, field + ".postal_code")
        .maxLength(a.getCity(), 100, field + ".city")
        .maxLength(a.getRegion(), 100, field + ".region");
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

  private static Validation name(Validation v, String value, int max, String field) {
    return v.notBlank(value, field)
        .check(
            value.strip().codePointCount(0, value.strip().length()) <= max,
            field,
            "must be at most " + max + " characters");
  }

  private static Validation companyFields(
      Validation v,
      String email,
      String phone,
      String website,
      String taxId,
      String currency,
      String language,
      String priceListId) {
    email(v, email, "email");
    phone(v, phone, "phone");
    website(v, website, "website");
    v.maxLength(taxId, 50, "tax_id");
    currencyCode(v, currency, "default_currency");
    languageTag(v, language, "language");
    return optionalId(v, priceListId, "price_list_id");
  }

  static void register(RequestValidators validators) {
    validators
        .register(
            CreateCompanyRequest.getDefaultInstance(),
            r -> {
              Validation v = name(new Validation(), r.getName(), 200, "name");
              companyFields(
                  v,
                  r.getEmail(),
                  r.getPhone(),
                  r.getWebsite(),
                  r.getTaxId(),
                  r.getDefaultCurrency(),
                  r.getLanguage(),
                  r.getPriceListId());
              address(v, r.getBillingAddress(), "billing_address");
              tags(v, r.getTagsList()).throwIfInvalid();
            })
        .register(
            UpdateCompanyRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getId(), "id");
              if (r.hasName()) {
                name(v, r.getName(), 200, "name");
              }
              companyFields(
                  v,
                  r.getEmail(),
                  r.getPhone(),
                  r.getWebsite(),
                  r.getTaxId(),
                  r.getDefaultCurrency(),
                  r.getLanguage(),
                  r.getPriceListId());
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
            GetCompanyRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            ListCompaniesRequest.getDefaultInstance(),
            r ->
                page(new Validation(), r.getPage())
                    .maxLength(r.getQuery(), MAX_QUERY, "query")
                    .maxLength(r.getTag(), MAX_TAG, "tag")
                    .throwIfInvalid())
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
              Validation v = id(new Validation(), r.getCompanyId(), "company_id");
              v.check(
                  !(r.getFirstName().isBlank() && r.getLastName().isBlank()),
                  "first_name",
                  "give a first or a last name (or both)");
              contactFields(
                  v,
                  r.getFirstName(),
                  r.getLastName(),
                  r.getRole(),
                  r.getEmail(),
                  r.getPhone(),
                  r.getMobile(),
                  r.getLanguage());
              v.throwIfInvalid();
            })
        .register(
            UpdateContactRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getId(), "id");
              contactFields(
                  v,
                  r.getFirstName(),
                  r.getLastName(),
                  r.getRole(),
                  r.getEmail(),
                  r.getPhone(),
                  r.getMobile(),
                  r.getLanguage());
              v.throwIfInvalid();
            })
        .register(
            GetContactRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            ListContactsRequest.getDefaultInstance(),
            r -> {
              Validation v = page(new Validation(), r.getPage());
              optionalId(v, r.getCompanyId(), "company_id")
                  .maxLength(r.getQuery(), MAX_QUERY, "query")
                  .throwIfInvalid();
            })
        .register(
            AddActivityRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(
                          r.getKind() != ActivityKind.ACTIVITY_KIND_UNSPECIFIED
                              && r.getKind() != ActivityKind.UNRECOGNIZED,
                          "kind",
                          "is required: CALL, EMAIL, MEETING or NOTE");
              id(v, r.getCompanyId(), "company_id");
              optionalId(v, r.getContactId(), "contact_id");
              optionalId(v, r.getDealId(), "deal_id");
              name(v, r.getSubject(), 200, "subject");
              v.maxLength(r.getBody(), 10_000, "body");
              v.throwIfInvalid();
            })
        .register(
            ListActivitiesRequest.getDefaultInstance(),
            r -> {
              Validation v = page(new Validation(), r.getPage());
              int filters =
                  (r.getCompanyId().isEmpty() ? 0 : 1)
                      + (r.getContactId().isEmpty() ? 0 : 1)
                      + (r.getDealId().isEmpty() ? 0 : 1);
              v.check(
                  filters == 1,
                  "company_id",
                  "give exactly one of company_id, contact_id and deal_id (was " + filters + ")");
              optionalId(v, r.getCompanyId(), "company_id");
              optionalId(v, r.getContactId(), "contact_id");
              optionalId(v, r.getDealId(), "deal_id");
              v.throwIfInvalid();
            })
        .register(
            SetDealStagesRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(r.getStagesCount() > 0, "stages", "the pipeline needs stages")
                      .check(r.getStagesCount() <= 30, "stages", "at most 30 stages");
              for (int i = 0; i < r.getStagesCount(); i++) {
                var s = r.getStages(i);
                String f = "stages[" + i + "]";
                optionalId(v, s.getId(), f + ".id");
                name(v, s.getName(), 60, f + ".name");
                v.check(
                    s.getKind() != io.eventkit.proto.v1.DealStage.Kind.KIND_UNSPECIFIED
                        && s.getKind() != io.eventkit.proto.v1.DealStage.Kind.UNRECOGNIZED,
                    f + ".kind",
                    "is required: OPEN, WON or LOST");
                v.check(
                    s.getProbability() >= 0 && s.getProbability() <= 100,
                    f + ".probability",
                    "must be between 0 and 100");
              }
              v.throwIfInvalid();
            })
        .register(
            CreateDealRequest.getDefaultInstance(),
            r -> {
              Validation v = name(new Validation(), r.getTitle(), 200, "title");
              id(v, r.getCompanyId(), "company_id");
              optionalId(v, r.getContactId(), "contact_id");
              optionalId(v, r.getStageId(), "stage_id");
              optionalId(v, r.getOwnerUserId(), "owner_user_id");
              if (r.hasValue()) {
                money(v, r.getValue(), "value");
              }
              if (r.hasProbability()) {
                probability(v, r.getProbability());
              }
              eventIds(v, r.getEventIdsList());
              v.throwIfInvalid();
            })
        .register(
            UpdateDealRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getId(), "id");
              if (r.hasTitle()) {
                name(v, r.getTitle(), 200, "title");
              }
              optionalId(v, r.getContactId(), "contact_id");
              optionalId(v, r.getStageId(), "stage_id");
              optionalId(v, r.getOwnerUserId(), "owner_user_id");
              if (r.hasValue()) {
                money(v, r.getValue(), "value");
              }
              if (r.hasProbability()) {
                probability(v, r.getProbability());
              }
              v.check(
                  r.getReplaceEventIds() || r.getEventIdsCount() == 0,
                  "event_ids",
                  "set replace_event_ids to replace the linked events");
              eventIds(v, r.getEventIdsList());
              v.maxLength(r.getLostReason().strip(), 500, "lost_reason");
              v.throwIfInvalid();
            })
        .register(
            GetDealRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            ListDealsRequest.getDefaultInstance(),
            r -> {
              Validation v = page(new Validation(), r.getPage());
              optionalId(v, r.getStageId(), "stage_id");
              optionalId(v, r.getCompanyId(), "company_id");
              optionalId(v, r.getOwnerUserId(), "owner_user_id");
              v.maxLength(r.getQuery(), MAX_QUERY, "query").throwIfInvalid();
            });
  }

  private static void contactFields(
      Validation v,
      String first,
      String last,
      String role,
      String email,
      String phone,
      String mobile,
      String language) {
    v.maxLength(first.strip(), 100, "first_name")
        .maxLength(last.strip(), 100, "last_name")
        .maxLength(role.strip(), 100, "role");
    email(v, email, "email");
    phone(v, phone, "phone");
    phone(v, mobile, "mobile");
    languageTag(v, language, "language");
  }

  private static void money(Validation v, io.eventkit.proto.v1.Money m, String field) {
    currencyCode(v, m.getCurrencyCode(), field + ".currency_code");
    v.check(m.getMinorUnits() >= 0, field + ".minor_units", "must not be negative");
  }

  private static void probability(Validation v, int p) {
    v.check(p >= 0 && p <= 100, "probability", "must be between 0 and 100 (was " + p + ")");
  }

  private static void eventIds(Validation v, List<String> ids) {
    v.check(ids.size() <= 100, "event_ids", "at most 100 events");
    for (int i = 0; i < ids.size(); i++) {
      id(v, ids.get(i), "event_ids[" + i + "]");
    }
  }
}
