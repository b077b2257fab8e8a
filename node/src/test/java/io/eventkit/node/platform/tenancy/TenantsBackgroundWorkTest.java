package io.eventkit.node.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.cluster.ClusterJobs;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.testing.TestNode;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Background work of a shared (SaaS) node runs once as each active tenant of the registry, under
 * row-level security: each pass sees its own tenant's rows only, and the federation's jobs run as
 * the one tenant with a federation identity (docs/saas.md).
 */
class TenantsBackgroundWorkTest {
  static TestNode node;
  static Jdbi jdbi;

  @BeforeAll
  static void start() throws Exception {
    NodeConfiguration config =
        TestNode.config("saas-jobs", Files.createTempDirectory("eventkit-saas-jobs"));
    config.getSaas().setEnabled(true);
    node = TestNode.start(config);
    jdbi = node.runtime().jdbi();
    // The serving role writes the registry only through V102's functions, as provisioning does.
    register("acme", "Acme AV");
    register("gone", "Gone");
    move("gone", "active", "suspended");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A new active account in the registry, as provisioning makes one (without its first admin). */
  private static void register(String id, String name) {
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT eventkit_tenant_register(:id, :name, now())")
                .bind("id", id)
                .bind("name", name)
                .mapTo(Boolean.class)
                .one());
    move(id, "provisioning", "active");
  }

  private static void move(String id, String was, String becomes) {
    boolean moved =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT eventkit_tenant_move(:id, :was, :becomes, now())")
                    .bind("id", id)
                    .bind("was", was)
                    .bind("becomes", becomes)
                    .mapTo(Boolean.class)
                    .one());
    assertThat(moved).as("%s: %s -> %s", id, was, becomes).isTrue();
  }

  private static UUID record(String tenant) {
    return TenantContext.callAs(
        tenant,
        () ->
            jdbi.inTransaction(
                h ->
                    node.runtime()
                        .events()
                        .record(
                            h,
                            DomainEvent.of(
                                EventType.QUOTE_SENT,
                                "quote",
                                UUID.randomUUID(),
                                Map.of("number", tenant)))
                        .orElseThrow()));
  }

  private static long count(String tenant, String sql) {
    return TenantContext.callAs(
        tenant, () -> jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one()));
  }

  @Test
  void theFanOutWorksThroughEveryActiveTenantsEvents() {
    UUID mine = record(TenantContext.DEFAULT_TENANT);
    UUID acmes = record("acme");
    UUID suspended = record("gone");
    String pending = "SELECT count(*) FROM domain_event WHERE fanned_out_at IS NULL AND id = '%s'";
    await(
        "both active tenants' events fanned out",
        () ->
            count(TenantContext.DEFAULT_TENANT, pending.formatted(mine)) == 0
                && count("acme", pending.formatted(acmes)) == 0);
    // Each tenant sees its own event only; a suspended tenant's work waits.
    assertThat(count("acme", "SELECT count(*) FROM domain_event WHERE id = '" + mine + "'"))
        .isZero();
    assertThat(count("gone", pending.formatted(suspended))).isEqualTo(1);
  }

  @Test
  void aClusterJobRunsOnceAsEachActiveTenantAndAFederationJobOnlyAsTheNodesOwn() throws Exception {
    record("acme");
    record(TenantContext.DEFAULT_TENANT);
    String url = jdbi.withHandle(h -> h.getConnection().getMetaData().getURL());
    String user = jdbi.withHandle(h -> h.getConnection().getMetaData().getUserName());
    ClusterJobs jobs =
        new ClusterJobs(
            jdbi, () -> DriverManager.getConnection(url, user, ""), Tenants.shared(jdbi));
    List<String> ran = new CopyOnWriteArrayList<>();
    Runnable job =
        () -> {
          String tenant = TenantContext.current();
          long seen =
              jdbi.withHandle(
                  h ->
                      h.createQuery("SELECT count(*) FROM domain_event WHERE tenant_id <> :me")
                          .bind("me", tenant)
                          .mapTo(Long.class)
                          .one());
          ran.add(tenant + ":" + seen);
        };
    try {
      assertThat(jobs.runIfDue("test-each-tenant", Duration.ofHours(1), job)).isTrue();
      assertThat(ran).containsExactly("acme:0", "default:0");
      ran.clear();
      assertThat(
              jobs.runIfDue(
                  "test-federation", Duration.ofHours(1), ClusterJobs.Scope.FEDERATION, job))
          .isTrue();
      assertThat(ran).containsExactly("default:0");
    } finally {
      jobs.stop();
    }
  }

  @Test
  void aTenantWithABacklogTakesTurnsWithTheOthers() {
    java.util.Map<String, Integer> backlog =
        new java.util.HashMap<>(Map.of("acme", 25, TenantContext.DEFAULT_TENANT, 3));
    List<String> steps = new java.util.ArrayList<>();
    Tenants.shared(jdbi)
        .drainInTurns(
            () -> {
              String tenant = TenantContext.current();
              if (backlog.get(tenant) == 0) {
                return false;
              }
              backlog.merge(tenant, -1, Integer::sum);
              steps.add(tenant);
              return true;
            });
    assertThat(backlog.values()).containsOnly(0);
    // acme's first turn, then default's whole backlog, before acme's next turns.
    assertThat(steps.subList(0, 13))
        .containsExactlyElementsOf(
            java.util.stream.Stream.concat(
                    java.util.Collections.nCopies(10, "acme").stream(),
                    java.util.Collections.nCopies(3, TenantContext.DEFAULT_TENANT).stream())
                .toList());
    assertThat(steps.subList(13, steps.size())).hasSize(15).containsOnly("acme");
  }

  @Test
  void aSharedNodesWorkersVisitOnlyTheActiveTenantsWithRowsDue() {
    register("idle", "Idle");
    // Far-future rows: due for a clock ten years ahead, never for the node's own mail worker.
    Instant later =
        Instant.now()
            .plus(Duration.ofDays(3650))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant overdue = Instant.now().minus(Duration.ofDays(1));
    UUID acmes = queueMail("acme", "visits", later);
    // The suspended account's row is overdue: it must not wake anyone.
    queueMail("gone", "visits", overdue);
    try {
      Tenants tenants = Tenants.shared(jdbi);
      List<String> visited = visitedForMail(tenants, later.plusSeconds(1));
      // acme has a row due; 'idle' has none (not visited: no transaction for it); 'gone' is
      // suspended (its row waits).
      assertThat(visited).contains("acme").doesNotContain("idle", "gone");
      // The question runs as the tables' owner: asked as another tenant, which can't see acme's
      // row, it still names acme, and gives back tenant IDs only.
      TenantContext.runAs(
          TenantContext.DEFAULT_TENANT,
          () ->
              jdbi.useHandle(
                  h -> {
                    assertThat(
                            h.createQuery("SELECT count(*) FROM mail_outbox WHERE id = :id")
                                .bind("id", acmes)
                                .mapTo(Long.class)
                                .one())
                        .isZero();
                    assertThat(
                            h.createQuery("SELECT eventkit_tenants_with_work('mail', :at)")
                                .bind("at", later.plusSeconds(1))
                                .mapTo(String.class)
                                .list())
                        .contains("acme")
                        .doesNotContain("gone");
                  }));
      // Nothing is due yet by the node's own clock for these rows: they do not bring acme in.
      assertThat(visitedForMail(tenants, later.minusSeconds(60)))
          .doesNotContain("acme", "idle", "gone");
      // The next due time over every account, in one query (the per-tenant reader is not asked).
      assertThat(
              tenants.earliest(
                  Tenants.Work.MAIL,
                  () -> {
                    throw new AssertionError("asked tenant by tenant");
                  }))
          .hasValueSatisfying(at -> assertThat(at).isAfter(overdue).isBeforeOrEqualTo(later));
    } finally {
      move("idle", "active", "suspended");
      move("idle", "suspended", "deleting");
      jdbi.useHandle(h -> h.execute("SELECT eventkit_tenant_unregister('idle', 'deleting')"));
      dropMail("visits", "acme", "gone");
    }
  }

  @Test
  void workAnotherTenantCommitsDuringABacklogGetsItsTurnBesideIt() {
    // acme has 25 rows due (for a clock ten years ahead: the node's own worker leaves them); the
    // default tenant's row arrives after acme's first turn. It must not wait for acme's backlog.
    Instant later =
        Instant.now()
            .plus(Duration.ofDays(3650))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 0; i < 25; i++) {
      queueMail("acme", "fairness", later);
    }
    List<String> steps = new java.util.ArrayList<>();
    try {
      Tenants.shared(jdbi)
          .drainInTurns(
              Tenants.Work.MAIL,
              Clock.fixed(later.plusSeconds(1), ZoneOffset.UTC),
              () -> {
                String tenant = TenantContext.current();
                int taken =
                    jdbi.withHandle(
                        h ->
                            h.createUpdate(
                                    "DELETE FROM mail_outbox WHERE id = (SELECT id FROM"
                                        + " mail_outbox WHERE subject = 'fairness' LIMIT 1)")
                                .execute());
                if (taken == 0) {
                  return false;
                }
                steps.add(tenant);
                if (steps.size() == 10) {
                  queueMail(TenantContext.DEFAULT_TENANT, "fairness", later);
                }
                return true;
              });
      assertThat(steps).hasSize(26);
      // acme's first two turns (the default tenant's row came during the first), then the default
      // tenant's row, then the rest of acme's backlog.
      assertThat(steps.indexOf(TenantContext.DEFAULT_TENANT)).isEqualTo(20);
    } finally {
      dropMail("fairness", "acme", TenantContext.DEFAULT_TENANT);
    }
  }

  @Test
  void everyKindOfWorkIsAnsweredAndAnUnknownOneIsAnError() {
    for (Tenants.Work work : Tenants.Work.values()) {
      List<String> answer =
          jdbi.withHandle(
              h ->
                  h.createQuery("SELECT eventkit_tenants_with_work(:work, now())")
                      .bind("work", work.sqlName)
                      .mapTo(String.class)
                      .list());
      assertThat(answer).as(work.name()).doesNotContain("gone");
    }
    // Without a due time (forEachWith's null), and the next due time of both kinds that have one.
    Tenants tenants = Tenants.shared(jdbi);
    List<String> ran = new java.util.ArrayList<>();
    tenants.forEachWith(Tenants.Work.DIGEST, () -> ran.add(TenantContext.current()));
    tenants.forEachWith(Tenants.Work.SHORTAGES, () -> ran.add(TenantContext.current()));
    assertThat(ran).doesNotContain("gone");
    for (Tenants.Work work : List.of(Tenants.Work.MAIL, Tenants.Work.WEBHOOKS)) {
      assertThat(
              tenants.earliest(
                  work,
                  () -> {
                    throw new AssertionError("asked tenant by tenant");
                  }))
          .as(work.name())
          .isNotNull();
    }
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    jdbi.withHandle(
                        h ->
                            h.createQuery("SELECT eventkit_tenants_with_work('rm -rf', now())")
                                .mapTo(String.class)
                                .list())))
        .hasMessageContaining("unknown background work");
  }

  /** Queues a mail as {@code tenant}, due at {@code at}, marked by its subject; returns its ID. */
  private static UUID queueMail(String tenant, String subject, Instant at) {
    UUID id = UUID.randomUUID();
    TenantContext.runAs(
        tenant,
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO mail_outbox (id, to_address, subject, text_body, state,"
                                + " next_attempt_at, created_at) VALUES (:id, 'a@example.com',"
                                + " :subject, 'b', 'PENDING', :at, now())")
                        .bind("id", id)
                        .bind("subject", subject)
                        .bind("at", at)
                        .execute()));
    return id;
  }

  /**
   * Deletes the mails {@link #queueMail} marked with {@code subject}, as each of {@code tenants}.
   */
  private static void dropMail(String subject, String... tenants) {
    for (String tenant : tenants) {
      TenantContext.runAs(
          tenant,
          () ->
              jdbi.useHandle(
                  h ->
                      h.createUpdate("DELETE FROM mail_outbox WHERE subject = :subject")
                          .bind("subject", subject)
                          .execute()));
    }
  }

  /** The tenants a mail worker's pass visits with its clock at {@code at}. */
  private static List<String> visitedForMail(Tenants tenants, Instant at) {
    List<String> visited = new java.util.ArrayList<>();
    tenants.drainInTurns(
        Tenants.Work.MAIL,
        Clock.fixed(at, ZoneOffset.UTC),
        () -> {
          visited.add(TenantContext.current());
          return false;
        });
    return visited;
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
