package io.eventkit.node.federation;

import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.ca.rotation.IssuingCaSlot;
import io.eventkit.ca.rotation.SlotState;
import io.eventkit.node.federation.channels.PartnerChannels.Health;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.testing.EventRows;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** partner.health_changed (once per real change, across replicas) and certificate.expiring. */
class FederationEventsTest {

  private static CertificateExpirySweep sweepAt(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    FederationModule f = node().federation();
    return new CertificateExpirySweep(
        jdbi(), clock, new DomainEvents(clock), f.pki(), f.partners());
  }

  private static List<EventRows.Row> expiring(X509Certificate c) {
    return EventRows.withPayload(
        jdbi(), "certificate.expiring", "serial", c.getSerialNumber().toString(16));
  }

  @Test
  void anIssuingCaTenDaysFromExpiryIsRaisedOnceADay() {
    X509Certificate issuing =
        node().federation().pki().slots().stream()
            .filter(s -> s.state() == SlotState.ACTIVE)
            .map(IssuingCaSlot::certificate)
            .findFirst()
            .orElseThrow();
    Instant notAfter = issuing.getNotAfter().toInstant();
    Instant day1 = notAfter.minus(Duration.ofDays(10));
    LocalDate d1 = LocalDate.ofInstant(day1, ZoneOffset.UTC);

    assertThat(sweepAt(day1).run(d1)).isGreaterThanOrEqualTo(1);
    assertThat(sweepAt(day1).run(d1)).isZero();
    List<EventRows.Row> rows = expiring(issuing);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).subjectKind()).isEmpty();
    assertThat(rows.get(0).dedupeKey())
        .isEqualTo(issuing.getSerialNumber().toString(16) + ":" + d1);
    assertThat(rows.get(0).payload())
        .containsEntry("certificate", "ISSUING_CA")
        .containsEntry("notAfter", notAfter.toString())
        .containsEntry("daysLeft", 10)
        .containsEntry("partner", "")
        .containsEntry("date", d1.toString());
    // The root (ten years) is not due.
    assertThat(expiring(node().federation().pki().rootCertificate())).isEmpty();

    Instant day2 = day1.plus(Duration.ofDays(1));
    sweepAt(day2).run(LocalDate.ofInstant(day2, ZoneOffset.UTC));
    assertThat(expiring(issuing)).hasSize(2);
  }

  @Test
  void theServerCertificateIsRaisedOnlyWhenItsRenewalIsOverdue() {
    X509Certificate server = node().federation().pki().serverCertificate();
    Instant notAfter = server.getNotAfter().toInstant();
    Duration life = Duration.between(server.getNotBefore().toInstant(), notAfter);
    // Renewed at a third of its life left; reported below a quarter.
    Instant notYet = notAfter.minus(life.dividedBy(4)).minus(Duration.ofHours(1));
    sweepAt(notYet).run(LocalDate.ofInstant(notYet, ZoneOffset.UTC));
    assertThat(expiring(server)).isEmpty();
    Instant overdue = notAfter.minus(life.dividedBy(5));
    sweepAt(overdue).run(LocalDate.ofInstant(overdue, ZoneOffset.UTC));
    assertThat(expiring(server))
        .singleElement()
        .satisfies(r -> assertThat(r.payload()).containsEntry("certificate", "SERVER"));
  }

  @Test
  void healthIsRecordedOncePerChangeEvenFromTwoReplicas() {
    String partner = "p-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    insertPartner(partner);
    FederationModule f = node().federation();
    PartnerHealthEvents a =
        new PartnerHealthEvents(jdbi(), new DomainEvents(Clock.systemUTC()), f.partners());
    PartnerHealthEvents b =
        new PartnerHealthEvents(jdbi(), new DomainEvents(Clock.systemUTC()), f.partners());

    // Healthy is where a partner starts: nothing to report.
    assertThat(a.changed(partner, Health.HEALTHY, "")).isFalse();
    assertThat(a.changed(partner, Health.UNREACHABLE, "UNAVAILABLE: connection refused")).isTrue();
    assertThat(b.changed(partner, Health.UNREACHABLE, "UNAVAILABLE: connection refused")).isFalse();
    assertThat(b.changed(partner, Health.HEALTHY, "")).isTrue();
    assertThat(a.changed(partner, Health.HEALTHY, "")).isFalse();

    List<EventRows.Row> rows = EventRows.of(jdbi(), "partner.health_changed", partner);
    assertThat(rows)
        .extracting(r -> r.payload().get("health"))
        .containsExactly("UNREACHABLE", "HEALTHY");
    assertThat(rows.get(0).subjectKind()).isEqualTo("partner");
    assertThat(rows.get(0).payload())
        .containsEntry("partner", partner)
        .containsEntry("previous", "HEALTHY")
        .containsEntry("lastError", "UNAVAILABLE: connection refused");
    assertThat(rows.get(1).payload())
        .containsEntry("previous", "UNREACHABLE")
        .doesNotContainKey("lastError");
  }

  @Test
  void theLastReportedHealthOutlivesTheEventOutbox() {
    String partner = "p-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    insertPartner(partner);
    PartnerHealthEvents a =
        new PartnerHealthEvents(
            jdbi(), new DomainEvents(Clock.systemUTC()), node().federation().partners());
    assertThat(a.changed(partner, Health.UNREACHABLE, "DEADLINE_EXCEEDED")).isTrue();
    // Housekeeping purges fanned-out events after the retention; the outage is still known, so
    // the recovery is reported and a repeat of the outage is not.
    jdbi().useHandle(h -> h.execute("DELETE FROM domain_event WHERE subject_id = ?", partner));
    assertThat(a.changed(partner, Health.UNREACHABLE, "DEADLINE_EXCEEDED")).isFalse();
    assertThat(a.changed(partner, Health.HEALTHY, "")).isTrue();
    assertThat(EventRows.of(jdbi(), "partner.health_changed", partner))
        .singleElement()
        .satisfies(r -> assertThat(r.payload()).containsEntry("previous", "UNREACHABLE"));
  }

  @Test
  void aNodeThatIsNotAPartnerRecordsNothing() {
    String stranger = "s-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    PartnerHealthEvents a =
        new PartnerHealthEvents(
            jdbi(), new DomainEvents(Clock.systemUTC()), node().federation().partners());
    assertThat(a.changed(stranger, Health.UNREACHABLE, "UNAVAILABLE")).isFalse();
    assertThat(EventRows.of(jdbi(), "partner.health_changed", stranger)).isEmpty();
  }

  /** A partner row of this shared node, REVOKED so that no other test's fan-out calls it. */
  private void insertPartner(String nodeId) {
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO partner (node_id, state, granted_level, rate_limit_per_second,"
                        + " created_at, state_changed_at) VALUES (?, 'REVOKED', 'AVAILABILITY', 10, now(),"
                        + " now())",
                    nodeId));
  }
}
