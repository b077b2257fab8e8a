package io.eventkit.node.federation;

import io.eventkit.ca.Pem;
import io.eventkit.ca.TrustBundle;
import io.eventkit.ca.rotation.IssuingCaSlot;
import io.eventkit.ca.rotation.SlotState;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * certificate.expiring: once a day per certificate that expires within {@link #AHEAD}. Ours: the
 * root CA, the active and published issuing CAs, the server certificate; partners': their CA
 * certificates in the bundle we hold, and the client certificate each issued us.
 *
 * <p>The server certificate and our client certificates renew themselves (at a third of their life
 * left), and with the default lifetimes (30 days, 24 hours) they are always "within 30 days": for
 * them the sweep raises the fact only once they are below a quarter of their life, i.e. when a
 * renewal is overdue. The dedupe key {@code <serial>:<date>} makes each fact once a day.
 */
final class CertificateExpirySweep {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateExpirySweep.class);
  static final Duration AHEAD = Duration.ofDays(30);

  /** One certificate to look at; {@code partner} is "" for ours. */
  record Watched(String kind, X509Certificate cert, boolean renewsItself, String partner) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final DomainEvents events;
  private final NodePki pki;
  private final PartnerRegistry partners;

  CertificateExpirySweep(
      Jdbi jdbi, Clock clock, DomainEvents events, NodePki pki, PartnerRegistry partners) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.events = events;
    this.pki = pki;
    this.partners = partners;
  }

  List<Watched> watched() {
    List<Watched> out = new ArrayList<>();
    out.add(new Watched("ROOT_CA", pki.rootCertificate(), false, ""));
    for (IssuingCaSlot s : pki.slots()) {
      if (s.state() == SlotState.ACTIVE || s.state() == SlotState.PUBLISHED) {
        out.add(new Watched("ISSUING_CA", s.certificate(), false, ""));
      }
    }
    out.add(new Watched("SERVER", pki.serverCertificate(), true, ""));
    String after = "";
    while (true) {
      List<Partner> page = partners.list(after, 200);
      for (Partner p : page) {
        if (p.state().ended()) {
          continue;
        }
        try {
          if (p.bundleText() != null && !p.bundleText().isBlank()) {
            for (X509Certificate c : TrustBundle.parse(p.bundleText()).certificates()) {
              out.add(new Watched("PARTNER_CA", c, false, p.nodeId()));
            }
          }
          partners
              .clientCredentials(p.nodeId())
              .map(c -> Pem.readCertificates(c.chainPem()))
              .filter(chain -> !chain.isEmpty())
              .ifPresent(
                  chain -> out.add(new Watched("PARTNER_CLIENT", chain.get(0), true, p.nodeId())));
        } catch (RuntimeException e) {
          LOG.warn("cannot read partner {}'s certificates: {}", p.nodeId(), e.getMessage());
        }
      }
      if (page.size() < 200) {
        break;
      }
      after = page.get(page.size() - 1).nodeId();
    }
    return out;
  }

  /** Records the day's certificate.expiring events; returns how many were new. */
  int run(LocalDate today) {
    Instant now = clock.instant();
    List<Watched> due = new ArrayList<>();
    for (Watched w : watched()) {
      Instant notAfter = w.cert().getNotAfter().toInstant();
      Duration left = Duration.between(now, notAfter);
      Duration life = Duration.between(w.cert().getNotBefore().toInstant(), notAfter);
      Duration threshold =
          w.renewsItself() && life.dividedBy(4).compareTo(AHEAD) < 0 ? life.dividedBy(4) : AHEAD;
      if (!left.isNegative() && left.compareTo(threshold) <= 0) {
        due.add(w);
      }
    }
    if (due.isEmpty()) {
      return 0;
    }
    return jdbi.inTransaction(
        h -> {
          int recorded = 0;
          for (Watched w : due) {
            String serial = w.cert().getSerialNumber().toString(16);
            Instant notAfter = w.cert().getNotAfter().toInstant();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("certificate", w.kind());
            p.put("serial", serial);
            p.put("subject", w.cert().getSubjectX500Principal().getName());
            p.put("notAfter", notAfter.toString());
            p.put("daysLeft", Duration.between(now, notAfter).toDays());
            p.put("partner", w.partner());
            p.put("date", today.toString());
            DomainEvent e =
                w.partner().isEmpty()
                    ? DomainEvent.of(EventType.CERTIFICATE_EXPIRING, "", "", p)
                    : DomainEvent.of(EventType.CERTIFICATE_EXPIRING, "partner", w.partner(), p);
            if (events.record(h, e.once(serial + ":" + today)).isPresent()) {
              recorded++;
            }
          }
          return recorded;
        });
  }
}
