package io.eventkit.node.crm;

import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Companies, contacts and activities (docs/crm.md). Requests arrive shape-checked ({@link
 * CrmValidators}); this class checks what needs the database: existence, duplicates, stale writes.
 */
final class Crm {
  private final Jdbi jdbi;
  private final Clock clock;

  Crm(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---- companies ----

  record NewCompany(
      String name,
      String email,
      String phone,
      String website,
      String taxId,
      Company.Address address,
      String defaultCurrency,
      String language,
      UUID priceListId,
      List<String> tags,
      String notes,
      boolean allowDuplicate) {}

  /** A null field keeps its value; {@code clearPriceList} removes the price list. */
  record CompanyChanges(
      String name,
      String email,
      String phone,
      String website,
      String taxId,
      Company.Address address,
      String defaultCurrency,
      String language,
      UUID priceListId,
      boolean clearPriceList,
      List<String> tags,
      String notes,
      Boolean archived,
      Instant expectedUpdatedAt) {}

  record CompanyView(Company company, List<Contact> contacts, List<Deal> openDeals) {}

  record Match(Reason reason, Company company, Contact contact) {}

  enum Reason {
    NAME,
    EMAIL,
    DOMAIN
  }

  /** Whether any company exists (of the bound tenant). */
  boolean anyCompany() {
    return jdbi.withHandle(h -> Daos.of(h, CompanyDao.class).any());
  }

  Company createCompany(NewCompany n) {
    Instant now = now();
    String email = n.email().strip();
    String website = n.website().strip();
    Company c =
        new Company(
            UUID.randomUUID(),
            n.name().strip(),
            Duplicates.nameKey(n.name()),
            email,
            n.phone().strip(),
            website,
            Duplicates.domain(website, email),
            n.taxId().strip(),
            n.address(),
            n.defaultCurrency(),
            n.language(),
            n.priceListId(),
            tags(n.tags()),
            n.notes(),
            false,
            now,
            now);
    return jdbi.inTransaction(
        h -> {
          // One duplicate check at a time, so two people creating the same client both can't pass.
          h.execute("SELECT pg_advisory_xact_lock(hashtext('crm_company_create'))");
          if (!n.allowDuplicate()) {
            List<Company> found =
                Daos.of(h, CompanyDao.class)
                    .duplicates(c.nameKey(), blankToNull(c.domain()), blankToNull(email), null);
            if (!found.isEmpty()) {
              throw companyExists(c, found.get(0));
            }
          }
          writeCompany(h, c, true);
          return c;
        });
  }

  private static DomainException companyExists(Company wanted, Company match) {
    Reason r = reason(wanted.nameKey(), wanted.domain(), match);
    String why =
        switch (r) {
          case NAME -> "same name";
          case DOMAIN -> "same domain " + match.domain();
          case EMAIL -> "same email " + match.email();
        };
    return new DomainException(
        ErrorCode.ALREADY_EXISTS,
        (match.archived() ? "An archived company named '" : "A company named '")
            + match.name()
            + "' already exists ("
            + why
            + ", id "
            + match.id()
            + "); set allow_duplicate to create it anyway");
  }

  private static Reason reason(String nameKey, String domain, Company match) {
    if (nameKey != null && nameKey.equals(match.nameKey())) {
      return Reason.NAME;
    }
    if (domain != null && !domain.isEmpty() && domain.equals(match.domain())) {
      return Reason.DOMAIN;
    }
    return Reason.EMAIL;
  }

  private static void writeCompany(Handle h, Company c, boolean insert) {
    try {
      if (insert) {
        Daos.of(h, CompanyDao.class).insert(CompanyDao.Row.of(c));
      } else {
        Daos.of(h, CompanyDao.class).update(CompanyDao.Row.of(c));
      }
    } catch (RuntimeException e) {
      if (Pg.is(e, Pg.FOREIGN_KEY_VIOLATION, null)
          && Pg.constraint(e).toLowerCase(Locale.ROOT).contains("price_list")) {
        throw DomainException.notFound(
            "unknown price list " + c.priceListId() + "; pick one of the price lists of quotes");
      }
      throw e;
    }
  }

  Company updateCompany(UUID id, CompanyChanges ch) {
    return jdbi.inTransaction(
        h -> {
          CompanyDao dao = Daos.of(h, CompanyDao.class);
          Company c = dao.lock(id).orElseThrow(() -> companyNotFound(id));
          stale(ch.expectedUpdatedAt(), c.updatedAt(), "company '" + c.name() + "'");
          String name = ch.name() == null ? c.name() : ch.name().strip();
          String email = ch.email() == null ? c.email() : ch.email().strip();
          String website = ch.website() == null ? c.website() : ch.website().strip();
          Company next =
              new Company(
                  c.id(),
                  name,
                  Duplicates.nameKey(name),
                  email,
                  ch.phone() == null ? c.phone() : ch.phone().strip(),
                  website,
                  Duplicates.domain(website, email),
                  ch.taxId() == null ? c.taxId() : ch.taxId().strip(),
                  ch.address() == null ? c.address() : ch.address(),
                  ch.defaultCurrency() == null ? c.defaultCurrency() : ch.defaultCurrency(),
                  ch.language() == null ? c.language() : ch.language(),
                  ch.clearPriceList()
                      ? null
                      : ch.priceListId() == null ? c.priceListId() : ch.priceListId(),
                  ch.tags() == null ? c.tags() : tags(ch.tags()),
                  ch.notes() == null ? c.notes() : ch.notes(),
                  ch.archived() == null ? c.archived() : ch.archived(),
                  c.createdAt(),
                  now());
          writeCompany(h, next, false);
          return next;
        });
  }

  CompanyView getCompany(UUID id, Pipeline pipeline) {
    return jdbi.withHandle(
        h -> {
          Company c = Daos.of(h, CompanyDao.class).find(id).orElseThrow(() -> companyNotFound(id));
          return new CompanyView(
              c, Daos.of(h, ContactDao.class).ofCompany(id), pipeline.openDealsOf(h, id));
        });
  }

  Company requireCompany(Handle h, UUID id) {
    return Daos.of(h, CompanyDao.class).find(id).orElseThrow(() -> companyNotFound(id));
  }

  static DomainException companyNotFound(UUID id) {
    return DomainException.notFound("company " + id + " not found");
  }

  PageSpec.Page<Company> listCompanies(
      String query, String tag, boolean includeArchived, PageSpec page) {
    List<Company> rows =
        Daos.with(
            jdbi,
            CompanyDao.class,
            dao ->
                dao.list(
                    like(query),
                    blankToNull(tag),
                    includeArchived,
                    page.after(0),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, c -> List.of(c.name(), c.id().toString()));
  }

  /** Companies (by name key, email, domain) and contacts (by email) like the given ones. */
  List<Match> findDuplicates(String name, String email, String website) {
    String nameKey = name == null || name.isBlank() ? null : Duplicates.nameKey(name);
    String mail = blankToNull(email == null ? null : email.strip());
    String domain = Duplicates.domain(website, mail);
    return jdbi.withHandle(
        h -> {
          Map<UUID, Match> out = new LinkedHashMap<>();
          for (Company c :
              Daos.of(h, CompanyDao.class).duplicates(nameKey, blankToNull(domain), mail, null)) {
            out.put(c.id(), new Match(reason(nameKey, domain, c), c, null));
          }
          List<Match> matches = new ArrayList<>(out.values());
          if (mail != null) {
            for (Contact ct : Daos.of(h, ContactDao.class).withEmail(mail, null)) {
              matches.add(new Match(Reason.EMAIL, null, ct));
            }
          }
          return matches;
        });
  }

  // ---- contacts ----

  record NewContact(
      UUID companyId,
      String firstName,
      String lastName,
      String role,
      String email,
      String phone,
      String mobile,
      String language,
      boolean primary,
      String notes,
      boolean allowDuplicate) {}

  record ContactChanges(
      String firstName,
      String lastName,
      String role,
      String email,
      String phone,
      String mobile,
      String language,
      Boolean primary,
      String notes,
      Boolean archived,
      Instant expectedUpdatedAt) {}

  Contact createContact(NewContact n) {
    return jdbi.inTransaction(
        h -> {
          Company c =
              Daos.of(h, CompanyDao.class)
                  .lock(n.companyId())
                  .orElseThrow(() -> companyNotFound(n.companyId()));
          if (c.archived()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "company '"
                    + c.name()
                    + "' is archived; restore it (update archived=false) before adding contacts");
          }
          ContactDao dao = Daos.of(h, ContactDao.class);
          String email = n.email().strip();
          if (!n.allowDuplicate() && !email.isEmpty()) {
            List<Contact> same = dao.withEmail(email, null);
            if (!same.isEmpty()) {
              throw contactExists(same.get(0));
            }
          }
          Instant now = now();
          Contact ct =
              new Contact(
                  UUID.randomUUID(),
                  c.id(),
                  c.name(),
                  n.firstName().strip(),
                  n.lastName().strip(),
                  n.role().strip(),
                  email,
                  n.phone().strip(),
                  n.mobile().strip(),
                  n.language(),
                  n.primary(),
                  n.notes(),
                  false,
                  now,
                  now);
          if (ct.primary()) {
            dao.clearPrimary(c.id(), ct.id(), now);
          }
          dao.insert(ContactDao.Row.of(ct));
          return ct;
        });
  }

  private static DomainException contactExists(Contact match) {
    return new DomainException(
        ErrorCode.ALREADY_EXISTS,
        (match.archived() ? "An archived contact " : "A contact ")
            + "with email '"
            + match.email()
            + "' already exists ("
            + match.displayName()
            + " at "
            + match.companyName()
            + ", id "
            + match.id()
            + "); set allow_duplicate to create it anyway");
  }

  Contact updateContact(UUID id, ContactChanges ch) {
    return jdbi.inTransaction(
        h -> {
          ContactDao dao = Daos.of(h, ContactDao.class);
          Contact c = dao.lock(id).orElseThrow(() -> contactNotFound(id));
          stale(ch.expectedUpdatedAt(), c.updatedAt(), "contact '" + c.displayName() + "'");
          String first = ch.firstName() == null ? c.firstName() : ch.firstName().strip();
          String last = ch.lastName() == null ? c.lastName() : ch.lastName().strip();
          if (first.isEmpty() && last.isEmpty()) {
            throw new DomainException(
                ErrorCode.INVALID_ARGUMENT,
                "a contact needs a first or a last name; both would be empty",
                List.of(new DomainException.FieldViolation("first_name", "is required")));
          }
          boolean archived = ch.archived() == null ? c.archived() : ch.archived();
          boolean primary = !archived && (ch.primary() == null ? c.primary() : ch.primary());
          Instant now = now();
          Contact next =
              new Contact(
                  c.id(),
                  c.companyId(),
                  c.companyName(),
                  first,
                  last,
                  ch.role() == null ? c.role() : ch.role().strip(),
                  ch.email() == null ? c.email() : ch.email().strip(),
                  ch.phone() == null ? c.phone() : ch.phone().strip(),
                  ch.mobile() == null ? c.mobile() : ch.mobile().strip(),
                  ch.language() == null ? c.language() : ch.language(),
                  primary,
                  ch.notes() == null ? c.notes() : ch.notes(),
                  archived,
                  c.createdAt(),
                  now);
          if (primary && !c.primary()) {
            dao.clearPrimary(c.companyId(), c.id(), now);
          }
          dao.update(ContactDao.Row.of(next));
          return next;
        });
  }

  Contact getContact(UUID id) {
    return Daos.with(jdbi, ContactDao.class, dao -> dao.find(id))
        .orElseThrow(() -> contactNotFound(id));
  }

  static DomainException contactNotFound(UUID id) {
    return DomainException.notFound("contact " + id + " not found");
  }

  /** The contact, which must be one of {@code company}'s (INVALID_ARGUMENT otherwise). */
  static Contact contactOf(Handle h, Company company, UUID contactId, String field) {
    Contact ct =
        Daos.of(h, ContactDao.class).find(contactId).orElseThrow(() -> contactNotFound(contactId));
    if (!ct.companyId().equals(company.id())) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          field
              + ": "
              + ct.displayName()
              + " is a contact of '"
              + ct.companyName()
              + "', not of '"
              + company.name()
              + "'",
          List.of(new DomainException.FieldViolation(field, "is not a contact of the company")));
    }
    return ct;
  }

  /** Up to this many hits, a contact search sorts its hits rather than walk the name index. */
  static final int FEW_HITS = 1_000;

  PageSpec.Page<Contact> listContacts(
      UUID companyId, String query, boolean includeArchived, PageSpec page) {
    UUID afterId = page.isFirst() ? null : UUID.fromString(page.after(2));
    // Two plans, each bad where the other is good. Walking the name index and filtering finds a
    // common fragment's first page at once, but reads most of the table for hits that are few and
    // sort late; finding the hits by trigrams and sorting them costs what there are hits. A capped
    // count picks (2–20 ms over 50,000 contacts, measured under load). Trigrams need 3 characters,
    // and a company's contacts are few enough for its own index.
    String like = like(query);
    List<Contact> rows =
        Daos.with(
            jdbi,
            ContactDao.class,
            dao ->
                companyId == null
                        && like != null
                        && query.strip().length() >= 3
                        && dao.countHits(like, FEW_HITS + 1) <= FEW_HITS
                    ? dao.search(
                        like, includeArchived, page.after(0), page.after(1), afterId, page.fetch())
                    : dao.list(
                        companyId,
                        like,
                        includeArchived,
                        page.after(0),
                        page.after(1),
                        afterId,
                        page.fetch()));
    return page.page(rows, c -> List.of(c.lastName(), c.firstName(), c.id().toString()));
  }

  // ---- activities ----

  record NewActivity(
      Activity.Kind kind,
      UUID companyId,
      UUID contactId,
      UUID dealId,
      String subject,
      String body,
      Instant occurredAt) {}

  Activity addActivity(NewActivity n, Pipeline pipeline) {
    return jdbi.inTransaction(
        h -> {
          Company c = requireCompany(h, n.companyId());
          if (n.contactId() != null) {
            contactOf(h, c, n.contactId(), "contact_id");
          }
          if (n.dealId() != null) {
            pipeline.dealOf(h, c, n.dealId());
          }
          Instant now = now();
          UUID id = UUID.randomUUID();
          Daos.of(h, ActivityDao.class)
              .insert(
                  id,
                  n.kind().name(),
                  c.id(),
                  n.contactId(),
                  n.dealId(),
                  n.subject().strip(),
                  n.body(),
                  n.occurredAt() == null ? now : n.occurredAt().truncatedTo(ChronoUnit.MICROS),
                  callerUserId(),
                  Actor.name(),
                  now);
          return Daos.of(h, ActivityDao.class).find(id).orElseThrow();
        });
  }

  PageSpec.Page<Activity> listActivities(
      UUID companyId, UUID contactId, UUID dealId, PageSpec page) {
    List<Activity> rows =
        Daos.with(
            jdbi,
            ActivityDao.class,
            dao ->
                dao.list(
                    companyId,
                    contactId,
                    dealId,
                    page.isFirst() ? null : Instant.parse(page.after(0)),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, a -> List.of(a.occurredAt().toString(), a.id().toString()));
  }

  // ---- helpers ----

  /** The calling user's ID, or null for an API token or a call outside a request. */
  static UUID callerUserId() {
    Principal p = Principal.current();
    if (p == null || p.kind() != Principal.Kind.USER) {
      return null;
    }
    try {
      return UUID.fromString(p.id());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static void stale(Instant expected, Instant actual, String what) {
    if (expected != null
        && !expected.truncatedTo(ChronoUnit.MICROS).equals(actual.truncatedTo(ChronoUnit.MICROS))) {
      throw new DomainException(
          ErrorCode.ABORTED,
          what
              + " was changed by someone else at "
              + actual
              + "; reload it and apply your change again");
    }
  }

  static String like(String query) {
    return query == null || query.isBlank() ? null : "%" + Pg.escapeLike(query.strip()) + "%";
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Tags trimmed, without repeats (case-insensitive), in the order given. */
  static List<String> tags(List<String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : tags) {
      String s = t.strip();
      if (!s.isEmpty()) {
        out.putIfAbsent(s.toLowerCase(Locale.ROOT), s);
      }
    }
    return List.copyOf(out.values());
  }
}
