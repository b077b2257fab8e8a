package io.eventkit.node.federation;

import io.eventkit.ca.Fingerprints;
import io.eventkit.ca.rotation.IssuingCaSlot;
import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.handshake.Invitations;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.CallerAddress;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AcceptInvitationResponse;
import io.eventkit.proto.v1.AutoConfirmLimits;
import io.eventkit.proto.v1.CertificateAuthorityInfo;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationResponse;
import io.eventkit.proto.v1.GetCertificateAuthorityRequest;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.IssuingCaSlotInfo;
import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.ListPartnerHealthResponse;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.ListPartnersResponse;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.ListTrustAuditResponse;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.PartnerHealth;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.RotateIssuingCaRequest;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.TrustAuditEntry;
import io.eventkit.proto.v1.TrustLevel;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** gRPC adapter for {@code eventkit.v1.TrustService} (admin only). */
final class TrustAdminService extends TrustServiceGrpc.TrustServiceImplBase {
  private final TrustAdmin admin;
  private final Duration defaultTtl;

  public TrustAdminService(TrustAdmin admin, Duration defaultTtl) {
    this.admin = admin;
    this.defaultTtl = defaultTtl;
  }

  private static TrustAudit.Actor actor() {
    Principal p = Principal.current();
    return new TrustAudit.Actor("admin:" + p.name(), CallerAddress.current());
  }

  @Override
  public void createInvitation(
      CreateInvitationRequest r, StreamObserver<CreateInvitationResponse> out) {
    TrustAudit.Actor actor = actor();
    new Validation()
        .notBlank(r.getPartnerNodeId(), "partner_node_id")
        .check(
            r.getTtlSeconds() >= 0 && r.getTtlSeconds() <= Duration.ofDays(7).toSeconds(),
            "ttl_seconds",
            "must be between 0 (default 15 min) and 604800 (7 days)")
        .check(r.getLevel() != TrustLevel.UNRECOGNIZED, "level", "is not a known trust level")
        .throwIfInvalid();
    var level =
        r.getLevel() == TrustLevel.TRUST_LEVEL_UNSPECIFIED
            ? io.eventkit.node.federation.trust.TrustLevel.AVAILABILITY
            : fromProto(r.getLevel());
    Duration ttl = r.getTtlSeconds() == 0 ? defaultTtl : Duration.ofSeconds(r.getTtlSeconds());
    Invitations.Created created = admin.invite(r.getPartnerNodeId(), level, ttl, actor);
    out.onNext(
        CreateInvitationResponse.newBuilder()
            .setInvitation(created.text())
            .setInvitationId(created.id())
            .setExpiresAt(ProtoTime.timestamp(created.expiresAt()))
            .build());
    out.onCompleted();
  }

  @Override
  public void acceptInvitation(
      AcceptInvitationRequest r, StreamObserver<AcceptInvitationResponse> out) {
    TrustAudit.Actor actor = actor();
    new Validation()
        .notBlank(r.getInvitation(), "invitation")
        .check(r.getLevel() != TrustLevel.UNRECOGNIZED, "level", "is not a known trust level")
        .throwIfInvalid();
    var level = r.getLevel() == TrustLevel.TRUST_LEVEL_UNSPECIFIED ? null : fromProto(r.getLevel());
    Partner p = admin.accept(r.getInvitation(), level, actor);
    out.onNext(AcceptInvitationResponse.newBuilder().setPartner(toProto(p)).build());
    out.onCompleted();
  }

  @Override
  public void listPartners(
      ListPartnersRequest r, StreamObserver<io.eventkit.proto.v1.ListPartnersResponse> out) {
    actor();
    int size = r.getPageSize() <= 0 ? 50 : Math.min(r.getPageSize(), 500);
    String after = r.getPageToken().isEmpty() ? "" : decodeToken(r.getPageToken());
    List<Partner> page = admin.partners().list(after, size + 1);
    ListPartnersResponse.Builder b = ListPartnersResponse.newBuilder();
    page.stream().limit(size).forEach(p -> b.addPartners(toProto(p)));
    if (page.size() > size) {
      b.setNextPageToken(encodeToken(page.get(size - 1).nodeId()));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getPartner(GetPartnerRequest r, StreamObserver<io.eventkit.proto.v1.Partner> out) {
    actor();
    new Validation().notBlank(r.getNodeId(), "node_id").throwIfInvalid();
    out.onNext(toProto(admin.partners().require(r.getNodeId())));
    out.onCompleted();
  }

  @Override
  public void setPartnerLevel(
      SetPartnerLevelRequest r, StreamObserver<io.eventkit.proto.v1.Partner> out) {
    TrustAudit.Actor actor = actor();
    AutoConfirmLimits limits = r.getAutoConfirm();
    new Validation()
        .notBlank(r.getNodeId(), "node_id")
        .check(
            r.getLevel() != TrustLevel.TRUST_LEVEL_UNSPECIFIED
                && r.getLevel() != TrustLevel.UNRECOGNIZED,
            "level",
            "is required")
        .check(
            limits.getMaxQuantityPerRequest() >= 0,
            "auto_confirm.max_quantity_per_request",
            "must not be negative")
        .check(
            limits.getMaxValueMinorUnits() >= 0,
            "auto_confirm.max_value_minor_units",
            "must not be negative")
        .check(
            !r.hasAutoConfirm() || r.getLevel() == TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM,
            "auto_confirm",
            "is only valid with TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM")
        .check(
            limits.getMaxValueMinorUnits() == 0 || limits.getCurrencyCode().matches("[A-Z]{3}"),
            "auto_confirm.currency_code",
            "must be an ISO 4217 code such as EUR when a value limit is set")
        .check(
            r.getRateLimitPerSecond() >= 0 && r.getRateLimitPerSecond() <= 100_000,
            "rate_limit_per_second",
            "must be between 0 (keep) and 100000")
        .throwIfInvalid();
    Partner p =
        admin
            .partners()
            .setLevel(
                r.getNodeId(),
                fromProto(r.getLevel()),
                limits.getMaxQuantityPerRequest(),
                limits.getMaxValueMinorUnits(),
                limits.getCurrencyCode(),
                r.getRateLimitPerSecond(),
                actor);
    out.onNext(toProto(p));
    out.onCompleted();
  }

  @Override
  public void suspendPartner(
      PartnerActionRequest r, StreamObserver<io.eventkit.proto.v1.Partner> out) {
    partnerAction(r, out, actor -> admin.suspend(r.getNodeId(), r.getReason(), actor));
  }

  @Override
  public void resumePartner(
      PartnerActionRequest r, StreamObserver<io.eventkit.proto.v1.Partner> out) {
    partnerAction(r, out, actor -> admin.resume(r.getNodeId(), r.getReason(), actor));
  }

  @Override
  public void revokePartner(
      PartnerActionRequest r, StreamObserver<io.eventkit.proto.v1.Partner> out) {
    partnerAction(r, out, actor -> admin.revoke(r.getNodeId(), r.getReason(), actor));
  }

  @Override
  public void refreshPartner(
      PartnerActionRequest r, StreamObserver<io.eventkit.proto.v1.Partner> out) {
    partnerAction(r, out, actor -> admin.refresh(r.getNodeId(), actor));
  }

  @Override
  public void listPartnerHealth(
      ListPartnerHealthRequest r, StreamObserver<ListPartnerHealthResponse> out) {
    actor();
    ListPartnerHealthResponse.Builder b = ListPartnerHealthResponse.newBuilder();
    Instant now = admin.now();
    for (TrustAdmin.Health h : admin.health()) {
      Partner p = h.partner();
      PartnerHealth.Builder ph =
          PartnerHealth.newBuilder()
              .setNodeId(p.nodeId())
              .setDisplayName(p.displayName())
              .setState(state(p.state()));
      PartnerChannel ch = h.channel();
      if (ch != null) {
        if (ch.stats().lastSuccess() != null) {
          ph.setLastSuccess(ProtoTime.timestamp(ch.stats().lastSuccess()));
        }
        if (ch.stats().lastErrorAt() != null) {
          ph.setLastErrorAt(ProtoTime.timestamp(ch.stats().lastErrorAt()))
              .setLastError(ch.stats().lastError());
        }
        ph.setLatencyP50Ms(ch.stats().percentile(0.5))
            .setLatencyP99Ms(ch.stats().percentile(0.99))
            .setCircuitState(ch.circuitBreaker().getState().name())
            .setCertificateRenewals(ch.stats().renewals())
            .setRecentCalls(ch.stats().recentCalls());
        double errorRate = ch.stats().errorRate();
        if (!Double.isNaN(errorRate)) {
          ph.setErrorRate(errorRate);
        }
        var offset = ch.stats().clockOffset();
        if (offset != null) {
          ph.setClockOffsetMs(offset.offset().toMillis())
              .setClockOffsetMeasuredAt(ProtoTime.timestamp(offset.measuredAt()))
              .setClockOffsetWarning(admin.clockOffsetTooLarge(offset));
        }
      } else {
        ph.setCircuitState("NO_CHANNEL");
      }
      if (p.clientNotAfter() != null) {
        ph.setClientCertificateExpiresAt(ProtoTime.timestamp(p.clientNotAfter()));
      }
      if (p.bundleFetchedAt() != null) {
        ph.setBundleAgeSeconds(Duration.between(p.bundleFetchedAt(), now).toSeconds());
      }
      b.addPartners(ph);
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getCertificateAuthority(
      GetCertificateAuthorityRequest r, StreamObserver<CertificateAuthorityInfo> out) {
    actor();
    out.onNext(caInfo());
    out.onCompleted();
  }

  @Override
  public void rotateIssuingCa(
      RotateIssuingCaRequest r, StreamObserver<CertificateAuthorityInfo> out) {
    TrustAudit.Actor actor = actor();
    admin.rotate(actor);
    out.onNext(caInfo());
    out.onCompleted();
  }

  @Override
  public void listTrustAudit(ListTrustAuditRequest r, StreamObserver<ListTrustAuditResponse> out) {
    actor();
    int size = r.getPageSize() <= 0 ? 50 : Math.min(r.getPageSize(), 500);
    long before;
    try {
      before =
          r.getPageToken().isEmpty()
              ? Long.MAX_VALUE
              : Long.parseLong(decodeToken(r.getPageToken()));
    } catch (NumberFormatException e) {
      throw DomainException.invalid(
          "page_token is not valid: pass the next_page_token of the previous page");
    }
    List<TrustAudit.Entry> rows = admin.audit(r.getNodeId(), before, size + 1);
    ListTrustAuditResponse.Builder b = ListTrustAuditResponse.newBuilder();
    rows.stream()
        .limit(size)
        .forEach(
            a ->
                b.addEntries(
                    TrustAuditEntry.newBuilder()
                        .setId(a.id())
                        .setAt(ProtoTime.timestamp(a.at()))
                        .setActor(a.actor())
                        .setActorAddress(a.address())
                        .setPartnerNodeId(a.partner() == null ? "" : a.partner())
                        .setAction(a.action())
                        .setDetail(a.detail())));
    if (rows.size() > size) {
      b.setNextPageToken(encodeToken(String.valueOf(rows.get(size - 1).id())));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  private CertificateAuthorityInfo caInfo() {
    var pki = admin.pki();
    CertificateAuthorityInfo.Builder b =
        CertificateAuthorityInfo.newBuilder()
            .setNodeId(pki.nodeId().value())
            .setRootFingerprintSha256(pki.rootFingerprint())
            .setRootSubject(pki.rootCertificate().getSubjectX500Principal().getName())
            .setRootNotAfter(ProtoTime.timestamp(pki.rootCertificate().getNotAfter().toInstant()))
            .setBundleSequence(pki.bundle().sequence())
            .setServerCertificateFingerprintSha256(Fingerprints.sha256Hex(pki.serverCertificate()))
            .setServerCertificateNotAfter(
                ProtoTime.timestamp(pki.serverCertificate().getNotAfter().toInstant()))
            .setRevokedCertificates(pki.revokedCount());
    for (IssuingCaSlot s : pki.slots()) {
      b.addIssuingCas(
          IssuingCaSlotInfo.newBuilder()
              .setId(s.id())
              .setState(s.state().name())
              .setSubject(s.certificate().getSubjectX500Principal().getName())
              .setFingerprintSha256(Fingerprints.sha256Hex(s.certificate()))
              .setNotAfter(ProtoTime.timestamp(s.certificate().getNotAfter().toInstant()))
              .setSince(ProtoTime.timestamp(s.since())));
    }
    return b.build();
  }

  /** Admin check, request validation, the action, the partner as the answer. */
  private static void partnerAction(
      PartnerActionRequest r,
      StreamObserver<io.eventkit.proto.v1.Partner> out,
      java.util.function.Function<TrustAudit.Actor, Partner> action) {
    TrustAudit.Actor actor = actor();
    requireNode(r);
    out.onNext(toProto(action.apply(actor)));
    out.onCompleted();
  }

  private static void requireNode(PartnerActionRequest r) {
    new Validation()
        .notBlank(r.getNodeId(), "node_id")
        .maxLength(r.getReason(), 500, "reason")
        .throwIfInvalid();
  }

  static io.eventkit.node.federation.trust.TrustLevel fromProto(TrustLevel l) {
    return io.eventkit.node.federation.trust.TrustLevel.valueOf(
        l.name().replace("TRUST_LEVEL_", ""));
  }

  static TrustLevel toProto(io.eventkit.node.federation.trust.TrustLevel l) {
    return TrustLevel.valueOf("TRUST_LEVEL_" + l.name());
  }

  static PartnerState state(io.eventkit.node.federation.trust.PartnerState s) {
    return PartnerState.valueOf("PARTNER_STATE_" + s.name());
  }

  static io.eventkit.proto.v1.Partner toProto(Partner p) {
    io.eventkit.proto.v1.Partner.Builder b =
        io.eventkit.proto.v1.Partner.newBuilder()
            .setDisplayName(p.displayName())
            .setNodeId(p.nodeId())
            .setState(state(p.state()))
            .setFederationEndpoint(p.federationEndpoint() == null ? "" : p.federationEndpoint())
            .setGrantedLevel(toProto(p.grantedLevel()))
            .setReceivedLevel(toProto(p.receivedLevel()))
            .setAutoConfirm(
                AutoConfirmLimits.newBuilder()
                    .setMaxQuantityPerRequest(p.autoConfirmMaxQuantity())
                    .setMaxValueMinorUnits(p.autoConfirmMaxValue())
                    .setCurrencyCode(p.autoConfirmCurrency()))
            .setRateLimitPerSecond(p.rateLimitPerSecond())
            .setBundleSequence(p.bundleSequence())
            .setCreatedAt(ProtoTime.timestamp(p.createdAt()))
            .setStateChangedAt(ProtoTime.timestamp(p.stateChangedAt()));
    if (p.bundleFetchedAt() != null) {
      b.setBundleFetchedAt(ProtoTime.timestamp(p.bundleFetchedAt()));
    }
    if (p.clientNotAfter() != null) {
      b.setClientCertificateExpiresAt(ProtoTime.timestamp(p.clientNotAfter()));
    }
    return b.build();
  }

  private static String encodeToken(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(
          Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(
          "page_token is not valid: pass the next_page_token of the previous page");
    }
  }
}
