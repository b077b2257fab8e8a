package io.eventkit.node.crew;

import io.eventkit.node.crew.CrewModel.BusyBlock;
import io.eventkit.node.crew.CrewModel.Caller;
import io.eventkit.node.crew.CrewModel.Feed;
import io.eventkit.node.crew.CrewModel.GridRow;
import io.eventkit.node.crew.CrewModel.Member;
import io.eventkit.node.crew.CrewModel.MemberFields;
import io.eventkit.node.crew.CrewModel.Policy;
import io.eventkit.node.crew.CrewModel.Qualification;
import io.eventkit.node.crew.CrewModel.Unavailability;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Crew profiles, unavailability, the availability grid, the policy and calendar feeds
 * (docs/crew.md). Every read and write filters on the caller's record scope in SQL: a Crew-only
 * user reaches only the member linked to their account, anything else is NOT_FOUND.
 */
final class Crew {
  static final String DEFAULT_BASE_CURRENCY = "EUR";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final Clock clock;
  private final Supplier<String> baseUrl;

  Crew(Jdbi jdbi, Clock clock, Supplier<String> baseUrl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Today in the node's zone (the injected clock's: UTC in production), for expiry dates. */
  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), clock.getZone());
  }

  Clock clock() {
    return clock;
  }

  static DomainException memberNotFound(Object id) {
    return DomainException.notFound("crew member " + id + " not found");
  }

  // ---- profiles ----

  Member create(MemberFields f) {
    Instant now = now();
    return jdbi.inTransaction(
        h -> {
          Member m = build(h, UUID.randomUUID(), f, now, now);
          write(h, m, true);
          return m;
        });
  }

  Member update(UUID id, MemberFields f) {
    return jdbi.inTransaction(
        h -> {
          Member old =
              Daos.of(h, CrewDao.class).lock(id, true, null).orElseThrow(() -> memberNotFound(id));
          Member m = build(h, id, f, old.createdAt(), now());
          write(h, m, false);
          return m;
        });
  }

  private Member build(Handle h, UUID id, MemberFields f, Instant created, Instant now) {
    String currency =
        f.dayRate() != null
            ? f.dayRate().currencyCode()
            : f.hourRate() != null ? f.hourRate().currencyCode() : baseCurrency(h);
    if (f.dayRate() != null
        && f.hourRate() != null
        && !f.dayRate().currencyCode().equals(f.hourRate().currencyCode())) {
      throw DomainException.invalid(
          "member.day_rate and member.hour_rate must be in the same currency ("
              + f.dayRate().currencyCode()
              + " vs "
              + f.hourRate().currencyCode()
              + ")");
    }
    if (f.userId() != null && !Daos.of(h, CrewDao.class).userExists(f.userId())) {
      throw DomainException.notFound("user " + f.userId() + " not found; link an existing user");
    }
    return new Member(
        id,
        f.name().strip(),
        f.email().strip(),
        f.phone().strip(),
        f.employment(),
        new Money(currency, f.dayRate() == null ? 0 : f.dayRate().minorUnits()),
        new Money(currency, f.hourRate() == null ? 0 : f.hourRate().minorUnits()),
        f.qualifications(),
        f.userId(),
        f.notes(),
        f.archived(),
        created,
        now);
  }

  private static void write(Handle h, Member m, boolean insert) {
    CrewDao dao = Daos.of(h, CrewDao.class);
    try {
      if (insert) {
        dao.insert(CrewDao.MemberRow.of(m));
      } else {
        dao.update(CrewDao.MemberRow.of(m));
      }
    } catch (RuntimeException e) {
      if (Pg.is(e, Pg.UNIQUE_VIOLATION, "crew_member_user")) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "user " + m.userId() + " is already linked to another crew member");
      }
      throw e;
    }
    dao.clearQualifications(m.id());
    dao.addQualifications(m.id(), CrewDao.QualificationFields.of(m.qualifications()));
  }

  /** The node's base currency: quotes' settings when present, else EUR. */
  static String baseCurrency(Handle h) {
    String table =
        h.createQuery("SELECT CAST(to_regclass('quote_settings') AS text)")
            .mapTo(String.class)
            .findOne()
            .orElse(null);
    if (table == null) {
      return DEFAULT_BASE_CURRENCY;
    }
    String c =
        h.createQuery(
                "SELECT to_jsonb(q) ->> 'base_currency' FROM quote_settings q"
                    + " WHERE coalesce(to_jsonb(q) ->> 'tenant_id', :tenant) = :tenant LIMIT 1")
            .bind("tenant", TenantContext.current())
            .mapTo(String.class)
            .findOne()
            .orElse(null);
    return c == null || c.isBlank() ? DEFAULT_BASE_CURRENCY : c;
  }

  Member get(Caller c, UUID id) {
    return jdbi.withHandle(
        h ->
            withQualifications(
                    h,
                    List.of(
                        Daos.of(h, CrewDao.class)
                            .find(id, c.all(), c.scopeUser())
                            .orElseThrow(() -> memberNotFound(id))))
                .get(0));
  }

  /** The member linked to the caller's account; NOT_FOUND when there is none. */
  Member mine(Caller c) {
    if (c.userId() == null) {
      throw DomainException.notFound("no crew member is linked to this caller (not a user)");
    }
    return jdbi.withHandle(
        h ->
            withQualifications(
                    h,
                    List.of(
                        Daos.of(h, CrewDao.class)
                            .byUser(c.userId())
                            .orElseThrow(
                                () ->
                                    DomainException.notFound(
                                        "no crew member is linked to your user account"))))
                .get(0));
  }

  /** The member the caller names, or their own when {@code id} is null. */
  Member target(Handle h, Caller c, UUID id) {
    CrewDao dao = Daos.of(h, CrewDao.class);
    if (id == null) {
      if (c.userId() == null) {
        throw DomainException.invalid("crew_member_id is required (the caller is not a user)");
      }
      return dao.byUser(c.userId())
          .orElseThrow(() -> DomainException.notFound("no crew member is linked to your account"));
    }
    return dao.find(id, c.all(), c.scopeUser()).orElseThrow(() -> memberNotFound(id));
  }

  record ListQuery(
      String query, String skill, LocalDate skillValidOn, boolean includeArchived, PageSpec page) {}

  PageSpec.Page<Member> list(Caller c, ListQuery q) {
    return jdbi.withHandle(h -> list(h, c, q));
  }

  private PageSpec.Page<Member> list(Handle h, Caller c, ListQuery q) {
    String like =
        q.query() == null || q.query().isBlank()
            ? null
            : "%" + Pg.escapeLike(q.query().strip()) + "%";
    PageSpec p = q.page();
    List<Member> rows =
        Daos.of(h, CrewDao.class)
            .list(
                like,
                q.skill() == null || q.skill().isBlank() ? null : q.skill(),
                q.skillValidOn() == null ? today() : q.skillValidOn(),
                q.includeArchived(),
                p.after(0),
                p.isFirst() ? null : parseId(p.after(1)),
                p.fetch(),
                c.all(),
                c.scopeUser());
    PageSpec.Page<Member> page =
        p.page(rows, m -> List.of(m.name().toLowerCase(Locale.ROOT), m.id().toString()));
    return new PageSpec.Page<>(withQualifications(h, page.items()), page.nextToken());
  }

  static UUID parseId(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }

  static Instant parseInstant(String s) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }

  static List<Member> withQualifications(Handle h, List<Member> members) {
    if (members.isEmpty()) {
      return members;
    }
    Map<UUID, List<Qualification>> q = new HashMap<>();
    for (CrewDao.QualificationRow r :
        Daos.of(h, CrewDao.class)
            .qualifications(members.stream().map(Member::id).toArray(UUID[]::new))) {
      q.computeIfAbsent(r.crewMemberId(), k -> new ArrayList<>()).add(r.qualification());
    }
    List<Member> out = new ArrayList<>();
    for (Member m : members) {
      out.add(m.withQualifications(q.getOrDefault(m.id(), List.of())));
    }
    return out;
  }

  // ---- availability ----

  Unavailability addUnavailability(Caller c, UUID memberId, Interval period, String reason) {
    return jdbi.inTransaction(
        h -> {
          Member m = target(h, c, memberId);
          UUID id = UUID.randomUUID();
          Instant now = now();
          Daos.of(h, CrewDao.class)
              .addUnavailability(id, m.id(), period.start(), period.end(), reason.strip(), now);
          return new Unavailability(id, m.id(), period, reason.strip(), now);
        });
  }

  void removeUnavailability(Caller c, UUID id) {
    jdbi.useTransaction(
        h -> {
          CrewDao dao = Daos.of(h, CrewDao.class);
          if (dao.findUnavailability(id, c.all(), c.scopeUser()).isEmpty()) {
            throw DomainException.notFound("unavailability " + id + " not found");
          }
          dao.removeUnavailability(id);
        });
  }

  /** A page of members (two queries with their qualifications) and their blocks (one more). */
  PageSpec.Page<GridRow> grid(Caller c, Interval window, ListQuery q) {
    return jdbi.withHandle(
        h -> {
          PageSpec.Page<Member> members = list(h, c, q);
          Map<UUID, List<BusyBlock>> busy = new HashMap<>();
          if (!members.items().isEmpty()) {
            for (BusyBlock b :
                Daos.of(h, AssignmentDao.class)
                    .busy(
                        members.items().stream().map(Member::id).toArray(UUID[]::new),
                        window.start(),
                        window.end())) {
              busy.computeIfAbsent(b.crewMemberId(), k -> new ArrayList<>()).add(b);
            }
          }
          List<GridRow> rows = new ArrayList<>();
          for (Member m : members.items()) {
            rows.add(new GridRow(m, busy.getOrDefault(m.id(), List.of())));
          }
          return new PageSpec.Page<>(rows, members.nextToken());
        });
  }

  // ---- policy ----

  Policy policy() {
    return jdbi.withHandle(h -> policy(h));
  }

  static Policy policy(Handle h) {
    return Daos.of(h, CrewDao.class).policy().orElse(Policy.DEFAULT);
  }

  Policy setPolicy(Policy p) {
    jdbi.useTransaction(h -> Daos.of(h, CrewDao.class).setPolicy(CrewDao.PolicyRow.of(p), now()));
    return p;
  }

  // ---- calendar feed ----

  Feed feed(Caller c, UUID memberId) {
    return jdbi.withHandle(
        h -> {
          Member m = target(h, c, memberId);
          Optional<Instant> at = Daos.of(h, CrewDao.class).feedCreatedAt(m.id());
          return new Feed(m.id(), at.isPresent(), at.orElse(null), "");
        });
  }

  Feed resetFeed(Caller c, UUID memberId) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return jdbi.inTransaction(
        h -> {
          Member m = target(h, c, memberId);
          Instant now = now();
          Daos.of(h, CrewDao.class).resetFeed(m.id(), sha256(secret), now);
          String base = baseUrl.get();
          if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
          }
          // Another company's feed names it: the servlet reads the secret's hash as that tenant.
          String tenant = TenantContext.current();
          return new Feed(
              m.id(),
              true,
              now,
              base
                  + "/calendar/crew/"
                  + (TenantContext.DEFAULT_TENANT.equals(tenant) ? "" : tenant + "/")
                  + secret
                  + ".ics");
        });
  }

  Feed revokeFeed(Caller c, UUID memberId) {
    return jdbi.inTransaction(
        h -> {
          Member m = target(h, c, memberId);
          Daos.of(h, CrewDao.class).revokeFeed(m.id());
          return new Feed(m.id(), false, null, "");
        });
  }

  /** The owner of a feed secret, if the secret is current. */
  Optional<CrewDao.FeedOwner> feedOwner(String secret) {
    return jdbi.withHandle(h -> Daos.of(h, CrewDao.class).feedOwner(sha256(secret)));
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  List<AssignmentDao.EventStart> upcomingEvents(Instant after, int limit) {
    return jdbi.withHandle(h -> Daos.of(h, AssignmentDao.class).upcoming(after, limit));
  }

  boolean anyMember() {
    return jdbi.withHandle(h -> Daos.of(h, CrewDao.class).any());
  }
}
