package io.eventkit.node.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.data.DataModule;
import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.identity.IdentityModule;
import io.eventkit.node.platform.tenancy.Tenants;
import io.eventkit.node.subhire.SubHireModule;
import io.eventkit.node.testing.TestNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention purge on a real node's database: rows past their retention go, in batches, and
 * everything else stays (recent rows, negotiations still open, the sign-in audit's append-only
 * guard); each audit trail records its own purge; a second replica skips while one purges.
 */
class RetentionTest {
  private static TestNode node;
  private static Jdbi jdbi;

  @BeforeAll
  static void start() {
    node = TestNode.start("retention.test");
    jdbi = node.runtime().jdbi();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Retention retention() {
    RetentionConfig c = new RetentionConfig();
    Retention r = new Retention(jdbi, Clock.systemUTC(), Duration.ofHours(1), Tenants.single());
    r.add(SubHireModule.retention(c));
    r.add(FederationModule.retention(c));
    r.add(IdentityModule.retention(c));
    r.add(DataModule.retention(c));
    return r;
  }

  private static long count(String sql, Object... args) {
    return jdbi.withHandle(
        h -> {
          var q = h.createQuery(sql);
          for (int i = 0; i < args.length; i++) {
            q.bind(i, args[i]);
          }
          return q.mapTo(Long.class).one();
        });
  }

  /** A negotiation in {@code state}, last changed {@code days} ago, with 3 sent and 3 received. */
  private static UUID negotiation(Handle h, String state, int days) {
    UUID id = UUID.randomUUID();
    h.execute(
        "INSERT INTO subhire (id, role, partner_node_id, state, requesting_company, contact_name,"
            + " event_name, usage_period, delivery_period, created_at, updated_at)"
            + " VALUES (?, 'BORROWER', 'p.test', ?, 'Co', 'Ann', 'Gig',"
            + " tstzrange(now(), now() + interval '1 day'), tstzrange(now(), now() + interval"
            + " '1 day'), now() - make_interval(days => ?), now() - make_interval(days => ?))",
        id,
        state,
        days,
        days);
    for (int s = 1; s <= 3; s++) {
      h.execute(
          "INSERT INTO subhire_outbox (subhire_id, partner_node_id, message_id, sequence, method,"
              + " envelope, status, created_at, delivered_at) VALUES (?, 'p.test', ?, ?, 'ORDER',"
              + " '\\x00', 'DELIVERED', now() - make_interval(days => ?), now())",
          id,
          UUID.randomUUID(),
          s,
          days);
      h.execute(
          "INSERT INTO subhire_inbox (message_id, sender_node_id, subhire_id, sequence,"
              + " payload_sha256, ack_bytes, received_at) VALUES (?, 'p.test', ?, ?, '\\x00',"
              + " '\\x00', now() - make_interval(days => ?))",
          UUID.randomUUID(),
          id,
          s,
          days);
    }
    return id;
  }

  @Test
  void rowsPastTheirRetentionGoAndEverythingElseStays() {
    UUID closedLongAgo;
    UUID openLongAgo;
    UUID closedRecently;
    try (Handle h = jdbi.open()) {
      closedLongAgo = negotiation(h, "CLOSED", 400);
      openLongAgo = negotiation(h, "CONFIRMED", 400);
      closedRecently = negotiation(h, "CLOSED", 20);
      // 2,500 old trust entries (three batches), and recent ones of every trail
      h.execute(
          "INSERT INTO trust_audit (at, actor, action, detail) SELECT now() - interval '800"
              + " days', 'admin', 'partner.invited', 'old ' || g FROM generate_series(1, 2500) g");
      h.execute(
          "INSERT INTO trust_audit (at, actor, action) VALUES (now() - interval '10 days',"
              + " 'admin', 'partner.revoked')");
      h.execute(
          "INSERT INTO auth_audit (at, actor, action) SELECT now() - interval '800 days',"
              + " 'ann', 'login.ok' FROM generate_series(1, 3)");
      h.execute(
          "INSERT INTO auth_audit (at, actor, action) VALUES (now() - interval '100 days', 'bob',"
              + " 'login.ok')");
      h.execute(
          "INSERT INTO data_audit (id, at, actor, action) VALUES (?, now() - interval '800 days',"
              + " 'ann', 'EXPORT'), (?, now() - interval '5 days', 'ann', 'EXPORT')",
          UUID.randomUUID(),
          UUID.randomUUID());
    }
    // Other tests of this class may have left old rows too: the purge takes all of them.
    long oldTrust =
        count("SELECT count(*) FROM trust_audit WHERE at < now() - interval '730 days'");
    long oldAuth = count("SELECT count(*) FROM auth_audit WHERE at < now() - interval '730 days'");
    long oldData = count("SELECT count(*) FROM data_audit WHERE at < now() - interval '730 days'");
    long recentTrust =
        count("SELECT count(*) FROM trust_audit WHERE at > now() - interval '730 days'");
    long recentAuth =
        count("SELECT count(*) FROM auth_audit WHERE at > now() - interval '730 days'");

    Map<String, Long> deleted = retention().runOnce();

    assertThat(deleted)
        .containsEntry("sub-hire outbox", 3L)
        .containsEntry("sub-hire inbox", 3L)
        .containsEntry("trust audit", oldTrust)
        .containsEntry("sign-in audit", oldAuth)
        .containsEntry("data audit", oldData);
    assertThat(oldTrust).isGreaterThanOrEqualTo(2500);
    for (UUID kept : new UUID[] {openLongAgo, closedRecently}) {
      assertThat(count("SELECT count(*) FROM subhire_outbox WHERE subhire_id = ?", kept))
          .isEqualTo(3);
      assertThat(count("SELECT count(*) FROM subhire_inbox WHERE subhire_id = ?", kept))
          .isEqualTo(3);
    }
    assertThat(count("SELECT count(*) FROM subhire_outbox WHERE subhire_id = ?", closedLongAgo))
        .isZero();
    assertThat(count("SELECT count(*) FROM subhire WHERE id = ?", closedLongAgo))
        .as("the negotiation itself stays")
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM trust_audit WHERE at < now() - interval '730 days'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM auth_audit WHERE at < now() - interval '730 days'"))
        .isZero();
    // Each trail says what was purged; the recent entries are all still there.
    assertThat(
            count(
                "SELECT count(*) FROM trust_audit WHERE action = 'AUDIT_PURGE' AND actor ="
                    + " 'retention' AND detail LIKE ? || ' entries before %'",
                oldTrust))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM auth_audit WHERE action = 'AUDIT_PURGE'"
                    + " AND detail LIKE ? || ' entries before %'",
                oldAuth))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM data_audit WHERE action = 'PURGE'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM trust_audit WHERE at > now() - interval '730 days'"))
        .isEqualTo(recentTrust + 1);
    assertThat(count("SELECT count(*) FROM auth_audit WHERE at > now() - interval '730 days'"))
        .isEqualTo(recentAuth + 1);

    // Nothing left to do: a second run deletes nothing and notes nothing.
    assertThat(retention().runOnce().values()).containsOnly(0L);
    assertThat(count("SELECT count(*) FROM trust_audit WHERE action = 'AUDIT_PURGE'")).isEqualTo(1);
  }

  @Test
  void theSignInAuditStaysAppendOnlyOutsideTheRetentionPurge() {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO auth_audit (at, actor, action) VALUES (now() - interval '800 days',"
                    + " 'eve', 'login.failed'), (now() - interval '30 days', 'eve',"
                    + " 'login.failed')"));
    // Without the purge's setting: no delete, however old.
    assertThatThrownBy(
            () ->
                jdbi.useHandle(
                    h -> h.execute("DELETE FROM auth_audit WHERE actor = 'eve' AND at < now()")))
        .hasMessageContaining("append-only");
    // With it, still no update, and no delete of a recent row.
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.execute("SET LOCAL eventkit.retention = 'on'");
                      h.execute("UPDATE auth_audit SET detail = 'x' WHERE actor = 'eve'");
                    }))
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.execute("SET LOCAL eventkit.retention = 'on'");
                      h.execute(
                          "DELETE FROM auth_audit WHERE actor = 'eve'"
                              + " AND at > now() - interval '60 days'");
                    }))
        .hasMessageContaining("append-only");
    assertThat(count("SELECT count(*) FROM auth_audit WHERE actor = 'eve'")).isEqualTo(2);
  }

  @Test
  void aSecondReplicaSkipsWhileOnePurges() {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO data_audit (id, at, actor, action) VALUES (?, now() - interval"
                    + " '900 days', 'zed', 'EXPORT')",
                UUID.randomUUID()));
    try (Handle other = jdbi.open()) {
      other.execute("SELECT pg_advisory_lock(?)", Retention.LOCK);
      assertThat(retention().runOnce()).isEmpty();
      assertThat(count("SELECT count(*) FROM data_audit WHERE actor = 'zed'")).isEqualTo(1);
      other.execute("SELECT pg_advisory_unlock(?)", Retention.LOCK);
    }
    assertThat(retention().runOnce()).containsEntry("data audit", 1L);
    assertThat(count("SELECT count(*) FROM data_audit WHERE actor = 'zed'")).isZero();
  }
}
