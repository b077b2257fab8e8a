package io.eventkit.node.crm;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The deal pipeline: its stages and the deals on the board (docs/crm.md, "Pipeline"). */
final class Pipeline {
  /** Closed deals stay on the default board (and in the stage totals) this long. */
  static final Duration RECENTLY_CLOSED = Duration.ofDays(30);

  static final String DEFAULT_BASE_CURRENCY = "EUR";

  private final Jdbi jdbi;
  private final Clock clock;
  private final Crm crm;

  Pipeline(Jdbi jdbi, Clock clock, Crm crm) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.crm = crm;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * The node's base currency: quotes' settings when that table exists (QuoteService), else EUR.
   * Read through to_jsonb so a settings table without the column still answers.
   */
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
            .bind("tenant", io.eventkit.node.kernel.TenantContext.current())
            .mapTo(String.class)
            .findOne()
            .orElse(null);
    return c == null || c.isBlank() ? DEFAULT_BASE_CURRENCY : c;
  }

  // ---- stages ----

  List<DealStage> stages() {
    return jdbi.withHandle(
        h -> Daos.of(h, DealDao.class).stages(baseCurrency(h), now().minus(RECENTLY_CLOSED)));
  }

  /** A stage of the requested pipeline: {@code id} null for a new one. */
  record StageSpec(UUID id, String name, DealStage.Kind kind, int probability) {}

  /**
   * Replaces the pipeline in one transaction: kept stages (by ID) are renamed, re-kinded and
   * reordered, new ones added, missing ones removed if they hold no deals.
   */
  List<DealStage> setStages(List<StageSpec> specs) {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<UUID> ids = new HashSet<>();
    Set<DealStage.Kind> kinds = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      StageSpec s = specs.get(i);
      if (!names.add(s.name().strip().toLowerCase(Locale.ROOT))) {
        problems.add("stages[" + i + "].name '" + s.name() + "' is used twice");
      }
      if (s.id() != null && !ids.add(s.id())) {
        problems.add("stages[" + i + "].id " + s.id() + " is listed twice");
      }
      kinds.add(s.kind());
    }
    for (DealStage.Kind k : DealStage.Kind.values()) {
      if (!kinds.contains(k)) {
        problems.add(
            "the pipeline needs at least one "
                + k
                + " stage"
                + (k == DealStage.Kind.OPEN ? "" : " (deals are closed into it)"));
      }
    }
    if (!problems.isEmpty()) {
      throw DomainException.invalid("invalid pipeline: " + String.join("; ", problems));
    }
    jdbi.useTransaction(
        h -> {
          DealDao dao = Daos.of(h, DealDao.class);
          Map<UUID, DealStage> current = new HashMap<>();
          for (DealStage s : dao.lockStages()) {
            current.put(s.id(), s);
          }
          for (StageSpec s : specs) {
            if (s.id() != null && !current.containsKey(s.id())) {
              throw DomainException.notFound(
                  "stage "
                      + s.id()
                      + " ("
                      + s.name()
                      + ") is not in the pipeline; leave id"
                      + " empty to add a new stage");
            }
          }
          for (DealStage old : current.values()) {
            StageSpec kept =
                specs.stream().filter(s -> old.id().equals(s.id())).findFirst().orElse(null);
            if (kept == null || kept.kind() != old.kind()) {
              int n = dao.dealsIn(old.id());
              if (n > 0) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "stage '"
                        + old.name()
                        + "' still holds "
                        + n
                        + (n == 1 ? " deal" : " deals")
                        + "; move "
                        + (n == 1 ? "it" : "them")
                        + " to another stage before "
                        + (kept == null ? "removing the stage" : "changing its kind"));
              }
            }
          }
          dao.renameAside();
          for (DealStage old : current.values()) {
            if (specs.stream().noneMatch(s -> old.id().equals(s.id()))) {
              dao.deleteStage(old.id());
            }
          }
          for (int i = 0; i < specs.size(); i++) {
            StageSpec s = specs.get(i);
            if (s.id() == null) {
              dao.insertStage(
                  UUID.randomUUID(), s.name().strip(), s.kind().name(), s.probability(), i);
            } else {
              dao.updateStage(s.id(), s.name().strip(), s.kind().name(), s.probability(), i);
            }
          }
        });
    return stages();
  }

  // ---- deals ----

  record NewDeal(
      String title,
      UUID companyId,
      UUID contactId,
      UUID stageId,
      Money value,
      Integer probability,
      Instant expectedClose,
      UUID ownerUserId,
      List<UUID> eventIds,
      String notes) {}

  /** A null field keeps its value; {@code clear*} empties an optional reference. */
  record DealChanges(
      String title,
      UUID contactId,
      boolean clearContact,
      UUID stageId,
      Money value,
      Integer probability,
      Instant expectedClose,
      UUID ownerUserId,
      boolean clearOwner,
      List<UUID> eventIds,
      String lostReason,
      String notes,
      Instant expectedUpdatedAt) {}

  Deal createDeal(NewDeal n) {
    return jdbi.inTransaction(
        h -> {
          DealDao dao = Daos.of(h, DealDao.class);
          Company c = crm.requireCompany(h, n.companyId());
          if (c.archived()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "company '" + c.name() + "' is archived; restore it before adding deals");
          }
          if (n.contactId() != null) {
            Crm.contactOf(h, c, n.contactId(), "contact_id");
          }
          DealStage stage;
          if (n.stageId() == null) {
            stage = dao.firstOpenStage().orElseThrow();
          } else {
            stage = requireStage(dao, n.stageId());
          }
          if (stage.kind() == DealStage.Kind.LOST) {
            throw DomainException.invalid(
                "stage_id: a deal can't start in the LOST stage '"
                    + stage.name()
                    + "'; create it in an open stage and move it there with a lost_reason");
          }
          UUID owner = n.ownerUserId() != null ? n.ownerUserId() : Crm.callerUserId();
          if (n.ownerUserId() != null) {
            requireUser(dao, n.ownerUserId());
          } else if (owner != null && !dao.userExists(owner)) {
            owner = null;
          }
          Money value = value(h, c, n.value());
          Instant now = now();
          UUID id = UUID.randomUUID();
          dao.insert(
              new DealDao.Row(
                  id,
                  n.title().strip(),
                  c.id(),
                  n.contactId(),
                  stage.id(),
                  value.currencyCode(),
                  value.minorUnits(),
                  n.probability() == null ? stage.probability() : n.probability(),
                  n.expectedClose(),
                  owner,
                  "",
                  n.notes(),
                  stage.closed() ? now : null,
                  now,
                  now));
          linkEvents(dao, id, n.eventIds());
          return dao.find(id).orElseThrow();
        });
  }

  /** The value with its currency defaulted: the company's, else the node's base. */
  private static Money value(Handle h, Company c, Money given) {
    String currency = given == null ? "" : given.currencyCode();
    if (currency.isEmpty()) {
      currency = c.defaultCurrency().isEmpty() ? baseCurrency(h) : c.defaultCurrency();
    }
    return new Money(currency, given == null ? 0 : given.minorUnits());
  }

  private static DealStage requireStage(DealDao dao, UUID id) {
    return dao.stage(id)
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "deal stage " + id + " not found; ListDealStages shows the pipeline"));
  }

  private static void requireUser(DealDao dao, UUID id) {
    if (!dao.userExists(id)) {
      throw DomainException.notFound("owner_user_id: user " + id + " not found");
    }
  }

  private static void linkEvents(DealDao dao, UUID dealId, List<UUID> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    Set<UUID> wanted = new LinkedHashSet<>(eventIds);
    Set<UUID> known = new HashSet<>(dao.knownEvents(wanted.toArray(UUID[]::new)));
    for (UUID e : wanted) {
      if (!known.contains(e)) {
        throw DomainException.notFound("event_ids: event " + e + " not found");
      }
    }
    dao.addEvents(dealId, List.copyOf(wanted));
  }

  Deal updateDeal(UUID id, DealChanges ch) {
    return jdbi.inTransaction(
        h -> {
          DealDao dao = Daos.of(h, DealDao.class);
          var unused = dao.lock(id).orElseThrow(() -> dealNotFound(id));
          Deal d = dao.find(id).orElseThrow();
          Crm.stale(ch.expectedUpdatedAt(), d.updatedAt(), "deal '" + d.title() + "'");
          Company c = crm.requireCompany(h, d.companyId());
          if (ch.contactId() != null) {
            Crm.contactOf(h, c, ch.contactId(), "contact_id");
          }
          DealStage from = requireStage(dao, d.stageId());
          DealStage to = ch.stageId() == null ? from : requireStage(dao, ch.stageId());
          boolean moved = !to.id().equals(from.id());
          Instant now = now();
          Instant closedAt = d.closedAt();
          String lostReason = ch.lostReason() == null ? d.lostReason() : ch.lostReason().strip();
          if (to.kind() == DealStage.Kind.LOST && from.kind() != DealStage.Kind.LOST) {
            if (ch.lostReason() == null || ch.lostReason().isBlank()) {
              throw new DomainException(
                  ErrorCode.INVALID_ARGUMENT,
                  "lost_reason is required to move deal '"
                      + d.title()
                      + "' into the LOST stage '"
                      + to.name()
                      + "' (why was it lost? 1–500 characters)",
                  List.of(new DomainException.FieldViolation("lost_reason", "is required")));
            }
          }
          if (to.kind() != from.kind()) {
            closedAt = to.closed() ? now : null;
          }
          if (to.kind() != DealStage.Kind.LOST) {
            lostReason = "";
          }
          UUID owner =
              ch.clearOwner()
                  ? null
                  : ch.ownerUserId() == null ? d.ownerUserId() : ch.ownerUserId();
          if (ch.ownerUserId() != null) {
            requireUser(dao, ch.ownerUserId());
          }
          Money value = ch.value() == null ? d.value() : value(h, c, ch.value());
          int probability =
              ch.probability() != null
                  ? ch.probability()
                  : moved ? to.probability() : d.probability();
          dao.update(
              new DealDao.Row(
                  d.id(),
                  ch.title() == null ? d.title() : ch.title().strip(),
                  d.companyId(),
                  ch.clearContact()
                      ? null
                      : ch.contactId() == null ? d.contactId() : ch.contactId(),
                  to.id(),
                  value.currencyCode(),
                  value.minorUnits(),
                  probability,
                  ch.expectedClose() == null ? d.expectedClose() : ch.expectedClose(),
                  owner,
                  lostReason,
                  ch.notes() == null ? d.notes() : ch.notes(),
                  closedAt,
                  d.createdAt(),
                  now));
          if (ch.eventIds() != null) {
            dao.clearEvents(d.id());
            linkEvents(dao, d.id(), ch.eventIds());
          }
          return dao.find(id).orElseThrow();
        });
  }

  Deal getDeal(UUID id) {
    return Daos.with(jdbi, DealDao.class, dao -> dao.find(id)).orElseThrow(() -> dealNotFound(id));
  }

  /** The deal, which must be {@code company}'s (INVALID_ARGUMENT otherwise). */
  Deal dealOf(Handle h, Company company, UUID dealId) {
    Deal d = Daos.of(h, DealDao.class).find(dealId).orElseThrow(() -> dealNotFound(dealId));
    if (!d.companyId().equals(company.id())) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "deal_id: deal '"
              + d.title()
              + "' is with '"
              + d.companyName()
              + "', not with '"
              + company.name()
              + "'",
          List.of(new DomainException.FieldViolation("deal_id", "is not the company's deal")));
    }
    return d;
  }

  static DomainException dealNotFound(UUID id) {
    return DomainException.notFound("deal " + id + " not found");
  }

  List<Deal> openDealsOf(Handle h, UUID companyId) {
    return Daos.of(h, DealDao.class)
        .list(null, companyId, null, true, null, null, null, null, null, 500);
  }

  record DealFilter(UUID stageId, UUID companyId, UUID ownerId, boolean openOnly, String query) {}

  PageSpec.Page<Deal> listDeals(DealFilter f, PageSpec page) {
    if (!page.isFirst() && !"infinity".equals(page.after(1))) {
      Instant.parse(page.after(1));
    }
    List<Deal> rows =
        Daos.with(
            jdbi,
            DealDao.class,
            dao ->
                dao.list(
                    f.stageId(),
                    f.companyId(),
                    f.ownerId(),
                    f.openOnly(),
                    f.openOnly() ? null : now().minus(RECENTLY_CLOSED),
                    Crm.like(f.query()),
                    page.isFirst() ? null : Integer.valueOf(page.after(0)),
                    page.after(1),
                    page.isFirst() ? null : UUID.fromString(page.after(2)),
                    page.fetch()));
    return page.page(
        rows,
        d ->
            List.of(
                Integer.toString(d.stagePosition()),
                d.expectedClose() == null ? "infinity" : d.expectedClose().toString(),
                d.id().toString()));
  }
}
