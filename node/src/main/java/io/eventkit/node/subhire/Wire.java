package io.eventkit.node.subhire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.ManifestItem;
import io.eventkit.proto.v1.NegotiationSnapshot;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.SnapshotLine;
import io.eventkit.proto.v1.SubHireAcceptBody;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireCancelBody;
import io.eventkit.proto.v1.SubHireEnvelope;
import io.eventkit.proto.v1.SubHireLineSpec;
import io.eventkit.proto.v1.SubHireRequestBody;
import io.eventkit.proto.v1.SubHireReturnBody;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Domain values to and from the partner protocol's messages (the messaging edge): the only place,
 * with the gRPC services and the relay's client, that sees generated types.
 */
final class Wire {
  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 100_000;
  static final int MAX_MANIFEST = 10_000;

  private Wire() {}

  static NegotiationSnapshot snapshot(Snapshot s) {
    NegotiationSnapshot.Builder b =
        NegotiationSnapshot.newBuilder()
            .setNegotiationId(s.negotiationId().toString())
            .setState(proto(s.state()))
            .setVersion(s.version())
            .setReason(s.reason() == null ? "" : s.reason());
    for (Line l : s.lines()) {
      SnapshotLine.Builder lb =
          SnapshotLine.newBuilder()
              .setSupplierProductId(l.supplierProductId())
              .setProductName(l.productName())
              .setQuantity(l.quantity());
      if (l.quotedUnitPrice() != null) {
        lb.setQuotedUnitPrice(money(l.quotedUnitPrice()));
      }
      b.addLines(lb);
    }
    if (s.quoteValidUntil() != null) {
      b.setQuoteValidUntil(ProtoTime.timestamp(s.quoteValidUntil()));
    }
    if (s.quoteTotal() != null) {
      b.setQuoteTotal(money(s.quoteTotal()));
    }
    for (ManifestEntry e : s.manifest()) {
      b.addManifest(manifest(e));
    }
    if (s.updatedAt() != null) {
      b.setUpdatedAt(ProtoTime.timestamp(s.updatedAt()));
    }
    if (s.usage() != null) {
      b.setUsagePeriod(period(s.usage())).setDeliveryPeriod(period(s.delivery())).setNote(s.note());
    }
    if (s.supplierName() != null) {
      b.setSupplierName(s.supplierName());
    }
    return b.build();
  }

  static final int MAX_TEXT = 2000;
  static final int MAX_NAME = 200;

  static String clip(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Cuts free text to what every receiver accepts (reasons, notes, error descriptions). */
  static String clip(String s) {
    return s == null ? "" : s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
  }

  /**
   * A received snapshot from {@code supplier}; INVALID_ARGUMENT when it is malformed. Quantities,
   * periods and manifest entries are bounded: the borrower's temporary stock and asset resolution
   * follow them.
   */
  static Snapshot snapshot(NegotiationSnapshot s, UUID expectedId, String supplier) {
    Validation v = new Validation();
    v.check(
        s.getNegotiationId().equals(expectedId.toString()),
        "snapshot.negotiation_id",
        "must match the envelope");
    v.check(s.getVersion() > 0, "snapshot.version", "must be positive");
    NegotiationState state = state(s.getState());
    v.check(
        state != null && state != NegotiationState.CANCEL_REFUSED,
        "snapshot.state",
        "is not a supplier state");
    v.check(s.getLinesCount() <= MAX_LINES, "snapshot.lines", "at most " + MAX_LINES);
    v.check(
        s.getManifestCount() <= MAX_MANIFEST,
        "snapshot.manifest",
        "at most " + MAX_MANIFEST + " items");
    v.maxLength(s.getReason(), MAX_TEXT, "snapshot.reason");
    v.maxLength(s.getNote(), 4000, "snapshot.note");
    v.maxLength(s.getSupplierName(), MAX_NAME, "snapshot.supplier_name");
    v.check(
        s.getSupplierName().chars().noneMatch(Character::isISOControl),
        "snapshot.supplier_name",
        "must not contain control characters");
    v.check(
        s.getLinesList().stream()
            .allMatch(l -> l.getQuantity() >= 1 && l.getQuantity() <= MAX_QUANTITY),
        "snapshot.lines.quantity",
        "must be between 1 and " + MAX_QUANTITY);
    v.check(
        s.getLinesList().stream()
            .allMatch(
                l ->
                    l.getSupplierProductId().length() <= 100 && l.getProductName().length() <= 300),
        "snapshot.lines",
        "product IDs at most 100 and names at most 300 characters");
    v.check(
        s.hasUsagePeriod() == s.hasDeliveryPeriod(),
        "snapshot.delivery_period",
        "usage and delivery periods come together");
    v.throwIfInvalid();
    Interval usage =
        s.hasUsagePeriod() ? interval(s.getUsagePeriod(), "snapshot.usage_period") : null;
    Interval delivery =
        s.hasDeliveryPeriod() ? interval(s.getDeliveryPeriod(), "snapshot.delivery_period") : null;
    if (usage != null
        && (delivery.start().isAfter(usage.start()) || delivery.end().isBefore(usage.end()))) {
      throw DomainException.invalid("snapshot.delivery_period: must contain the usage period");
    }
    String refPrefix = supplier + "/";
    List<Line> lines = new ArrayList<>();
    for (SnapshotLine l : s.getLinesList()) {
      lines.add(
          new Line(
              0,
              l.getSupplierProductId(),
              null,
              l.getProductName(),
              l.getQuantity(),
              null,
              l.hasQuotedUnitPrice() ? money(l.getQuotedUnitPrice()) : null));
    }
    List<ManifestEntry> manifest = new ArrayList<>();
    java.util.Set<String> barcodes = new java.util.HashSet<>();
    for (ManifestItem m : s.getManifestList()) {
      if (!barcodes.add(m.getBarcode())) {
        throw DomainException.invalid(
            "snapshot.manifest: barcode " + m.getBarcode() + " is listed twice");
      }
      new Validation()
          .notBlank(m.getBarcode(), "snapshot.manifest.barcode")
          .maxLength(m.getBarcode(), 64, "snapshot.manifest.barcode")
          .maxLength(m.getAssetRef(), 200, "snapshot.manifest.asset_ref")
          .check(
              m.getAssetRef().startsWith(refPrefix),
              "snapshot.manifest.asset_ref",
              "must name the supplier's own asset (" + refPrefix + "…)")
          .maxLength(m.getSupplierProductId(), 100, "snapshot.manifest.supplier_product_id")
          .maxLength(m.getProductName(), 300, "snapshot.manifest.product_name")
          .throwIfInvalid();
      manifest.add(
          new ManifestEntry(
              m.getBarcode(), m.getAssetRef(), m.getSupplierProductId(), m.getProductName()));
    }
    return new Snapshot(
        expectedId,
        state,
        s.getVersion(),
        lines,
        s.hasQuoteValidUntil() ? ProtoTime.instant(s.getQuoteValidUntil()) : null,
        s.hasQuoteTotal() ? money(s.getQuoteTotal()) : null,
        manifest,
        s.getReason(),
        s.hasUpdatedAt() ? ProtoTime.instant(s.getUpdatedAt()) : null,
        usage,
        delivery,
        s.getNote(),
        s.getSupplierName().strip());
  }

  static io.eventkit.proto.v1.SubHireChangeBody change(Change c) {
    io.eventkit.proto.v1.SubHireChangeBody.Builder b =
        io.eventkit.proto.v1.SubHireChangeBody.newBuilder().putAllQuantities(c.quantities());
    if (c.usage() != null) {
      b.setUsagePeriod(period(c.usage()));
    }
    if (c.delivery() != null) {
      b.setDeliveryPeriod(period(c.delivery()));
    }
    if (c.note() != null) {
      b.setReplaceNote(true).setNote(c.note());
    }
    return b.build();
  }

  /** A received change; INVALID_ARGUMENT when malformed. */
  static Change change(io.eventkit.proto.v1.SubHireChangeBody b) {
    new Validation()
        .check(b.getQuantitiesCount() <= MAX_LINES, "change.quantities", "at most " + MAX_LINES)
        .check(
            b.getQuantitiesMap().values().stream().allMatch(q -> q >= 1 && q <= MAX_QUANTITY),
            "change.quantities",
            "each must be between 1 and " + MAX_QUANTITY)
        .maxLength(b.getNote(), 4000, "change.note")
        .throwIfInvalid();
    return new Change(
        b.getQuantitiesMap(),
        b.hasUsagePeriod() ? interval(b.getUsagePeriod(), "change.usage_period") : null,
        b.hasDeliveryPeriod() ? interval(b.getDeliveryPeriod(), "change.delivery_period") : null,
        b.getReplaceNote() ? b.getNote() : null);
  }

  static ManifestItem manifest(ManifestEntry e) {
    return ManifestItem.newBuilder()
        .setBarcode(e.barcode())
        .setAssetRef(e.assetRef())
        .setSupplierProductId(e.supplierProductId())
        .setProductName(e.productName())
        .build();
  }

  static SubHireRequestBody request(Negotiation.RequestDetails d, List<Line> lines) {
    SubHireRequestBody.Builder b =
        SubHireRequestBody.newBuilder()
            .setRequestingCompany(d.requestingCompany())
            .setContactName(d.contactName())
            .setContactEmail(d.contactEmail())
            .setContactPhone(d.contactPhone())
            .setEventName(d.eventName())
            .setEventReference(d.eventReference())
            .setUsagePeriod(period(d.usage()))
            .setDeliveryPeriod(period(d.delivery()))
            .setLocation(d.location())
            .setNote(d.note());
    for (Line l : lines) {
      SubHireLineSpec.Builder lb =
          SubHireLineSpec.newBuilder()
              .setSupplierProductId(l.supplierProductId())
              .setQuantity(l.quantity());
      if (l.suggestedUnitPrice() != null) {
        lb.setSuggestedUnitPrice(money(l.suggestedUnitPrice()));
      }
      b.addLines(lb);
    }
    return b.build();
  }

  /** A received request's details, validated as strictly as a local request. */
  static Negotiation.RequestDetails details(SubHireRequestBody r) {
    Interval usage = interval(r.getUsagePeriod(), "request.usage_period");
    Interval delivery =
        r.hasDeliveryPeriod() ? interval(r.getDeliveryPeriod(), "request.delivery_period") : usage;
    Negotiation.RequestDetails d =
        new Negotiation.RequestDetails(
            r.getRequestingCompany(),
            r.getContactName(),
            r.getContactEmail(),
            r.getContactPhone(),
            r.getEventName(),
            r.getEventReference(),
            usage,
            delivery,
            r.getLocation(),
            r.getNote());
    validate(d, "request.");
    return d;
  }

  static void validate(Negotiation.RequestDetails d, String prefix) {
    new Validation()
        .notBlank(d.requestingCompany(), prefix + "requesting_company")
        .maxLength(d.requestingCompany(), 200, prefix + "requesting_company")
        .notBlank(d.contactName(), prefix + "contact_name")
        .maxLength(d.contactName(), 200, prefix + "contact_name")
        .maxLength(d.contactEmail(), 320, prefix + "contact_email")
        .maxLength(d.contactPhone(), 50, prefix + "contact_phone")
        .notBlank(d.eventName(), prefix + "event_name")
        .maxLength(d.eventName(), 150, prefix + "event_name")
        .maxLength(d.eventReference(), 100, prefix + "event_reference")
        .maxLength(d.location(), 500, prefix + "location")
        .maxLength(d.note(), 4000, prefix + "note")
        .check(
            !d.delivery().start().isAfter(d.usage().start())
                && !d.delivery().end().isBefore(d.usage().end()),
            prefix + "delivery_period",
            "must contain the usage period")
        .check(
            d.delivery().length().toDays() <= 400,
            prefix + "delivery_period",
            "must be at most 400 days long")
        .throwIfInvalid();
  }

  static List<Line> lines(SubHireRequestBody r) {
    new Validation()
        .check(r.getLinesCount() > 0, "request.lines", "at least one line is required")
        .check(r.getLinesCount() <= MAX_LINES, "request.lines", "at most " + MAX_LINES + " lines")
        .throwIfInvalid();
    List<Line> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    int i = 0;
    for (SubHireLineSpec l : r.getLinesList()) {
      if (!seen.add(l.getSupplierProductId())) {
        throw DomainException.invalid(
            "request.lines: product "
                + l.getSupplierProductId()
                + " is listed twice; give one line with the total");
      }
      String f = "request.lines[" + i + "]";
      UUID product = null;
      try {
        product = UUID.fromString(l.getSupplierProductId());
      } catch (IllegalArgumentException e) {
        throw DomainException.invalid(f + ".supplier_product_id: not a product ID");
      }
      new Validation()
          .check(
              l.getQuantity() > 0 && l.getQuantity() <= MAX_QUANTITY,
              f + ".quantity",
              "must be between 1 and " + MAX_QUANTITY)
          .throwIfInvalid();
      out.add(
          new Line(
              ++i,
              product.toString(),
              product,
              "",
              l.getQuantity(),
              l.hasSuggestedUnitPrice() ? money(l.getSuggestedUnitPrice()) : null,
              null));
    }
    return out;
  }

  static Period period(Interval i) {
    return Period.newBuilder()
        .setStart(ProtoTime.timestamp(i.start()))
        .setEnd(ProtoTime.timestamp(i.end()))
        .build();
  }

  static Interval interval(Period p, String field) {
    if (!p.hasStart() || !p.hasEnd()) {
      throw DomainException.invalid(field + ": start and end are required");
    }
    Instant s = ProtoTime.instant(p.getStart());
    Instant e = ProtoTime.instant(p.getEnd());
    if (!s.isBefore(e)) {
      throw DomainException.invalid(field + ": start must be before end");
    }
    return new Interval(s, e);
  }

  static io.eventkit.proto.v1.Money money(Money m) {
    return io.eventkit.proto.v1.Money.newBuilder()
        .setCurrencyCode(m.currencyCode())
        .setMinorUnits(m.minorUnits())
        .build();
  }

  static Money money(io.eventkit.proto.v1.Money m) {
    if (!m.getCurrencyCode().matches("[A-Z]{3}") || m.getMinorUnits() < 0) {
      throw DomainException.invalid(
          "money: currency must be an ISO 4217 code and the amount not negative");
    }
    return new Money(m.getCurrencyCode(), m.getMinorUnits());
  }

  static NegotiationState state(io.eventkit.proto.v1.NegotiationState s) {
    return switch (s) {
      case NEGOTIATION_STATE_UNSPECIFIED, UNRECOGNIZED -> null;
      default -> NegotiationState.valueOf(s.name());
    };
  }

  // ---- envelopes and acks ----

  /** The numbered envelope of an outgoing message, encoded as the outbox stores it. */
  static byte[] envelope(
      Message m, UUID negotiationId, UUID messageId, long sequence, Instant sentAt) {
    SubHireEnvelope.Builder b = SubHireEnvelope.newBuilder();
    if (m instanceof Message.Request r) {
      b.setRequest(request(r.details(), r.lines()));
    } else if (m instanceof Message.ChangeOrder c) {
      b.setExpectedState(proto(c.expected())).setChange(change(c.change()));
    } else if (m instanceof Message.Accept a) {
      b.setExpectedState(proto(a.expected()))
          .setAccept(SubHireAcceptBody.newBuilder().setQuoteVersion(a.quoteVersion()));
    } else if (m instanceof Message.Cancel c) {
      b.setExpectedState(proto(c.expected()))
          .setCancel(SubHireCancelBody.newBuilder().setReason(c.reason()));
    } else if (m instanceof Message.ReturnGoods r) {
      b.setExpectedState(proto(r.expected()))
          .setReturnGoods(SubHireReturnBody.newBuilder().setNote(r.note()));
    } else if (m instanceof Message.Update u) {
      b.setSnapshot(snapshot(u.snapshot()));
    } else {
      throw new IllegalArgumentException("unknown message " + m);
    }
    return b.setNegotiationId(negotiationId.toString())
        .setMessageId(messageId.toString())
        .setSequence(sequence)
        .setSentAt(ProtoTime.timestamp(sentAt))
        .build()
        .toByteArray();
  }

  /**
   * A received envelope with its header checked (INVALID_ARGUMENT otherwise); the body is decoded
   * when the receiver asks for it.
   */
  static Incoming incoming(Outbox.Method method, SubHireEnvelope env) {
    UUID negotiationId = uuid(env.getNegotiationId(), "negotiation_id");
    UUID messageId = uuid(env.getMessageId(), "message_id");
    if (env.getSequence() < 1) {
      throw DomainException.invalid("sequence: must be 1 or more");
    }
    boolean ok =
        switch (env.getBodyCase()) {
          case REQUEST, CHANGE, ACCEPT, CANCEL, RETURN_GOODS -> method == Outbox.Method.ORDER;
          case SNAPSHOT -> method == Outbox.Method.RESPOND;
          case BODY_NOT_SET -> false;
        };
    if (!ok) {
      throw DomainException.invalid(
          "body: "
              + env.getBodyCase()
              + (method == Outbox.Method.ORDER
                  ? " cannot be sent with Order (request, change, accept, cancel or return_goods)"
                  : " cannot be sent with Respond (snapshot only)"));
    }
    Incoming.Kind kind =
        switch (env.getBodyCase()) {
          case REQUEST -> Incoming.Kind.REQUEST;
          case CHANGE -> Incoming.Kind.CHANGE;
          case ACCEPT -> Incoming.Kind.ACCEPT;
          case CANCEL -> Incoming.Kind.CANCEL;
          case RETURN_GOODS -> Incoming.Kind.RETURN_GOODS;
          case SNAPSHOT -> Incoming.Kind.SNAPSHOT;
          case BODY_NOT_SET -> throw new IllegalStateException("refused above");
        };
    return new Incoming(
        method,
        negotiationId,
        messageId,
        env.getSequence(),
        kind,
        sha256(env.toByteArray()),
        new Incoming.Body() {
          @Override
          public Negotiation.RequestDetails requestDetails() {
            return details(env.getRequest());
          }

          @Override
          public List<Line> requestLines() {
            return lines(env.getRequest());
          }

          @Override
          public Change change() {
            return Wire.change(env.getChange());
          }

          @Override
          public long quoteVersion() {
            return env.getAccept().getQuoteVersion();
          }

          @Override
          public String cancelReason() {
            return env.getCancel().getReason();
          }

          @Override
          public String returnNote() {
            return env.getReturnGoods().getNote();
          }

          @Override
          public Snapshot snapshot(String supplier) {
            return Wire.snapshot(env.getSnapshot(), negotiationId, supplier);
          }
        });
  }

  static byte[] ack(Ack a) {
    SubHireAck.Builder b =
        SubHireAck.newBuilder()
            .setOutcome(a.applied() ? SubHireAck.Outcome.APPLIED : SubHireAck.Outcome.REJECTED)
            .setReason(a.reason());
    if (a.snapshot() != null) {
      b.setSnapshot(snapshot(a.snapshot()));
    }
    return b.build().toByteArray();
  }

  static SubHireAck ack(byte[] encoded) {
    try {
      return SubHireAck.parseFrom(encoded);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored sub-hire ack is unreadable", e);
    }
  }

  /** The state as sent; null (not known) is UNSPECIFIED. */
  static io.eventkit.proto.v1.NegotiationState proto(NegotiationState s) {
    return s == null
        ? io.eventkit.proto.v1.NegotiationState.NEGOTIATION_STATE_UNSPECIFIED
        : io.eventkit.proto.v1.NegotiationState.valueOf(s.name());
  }

  static UUID uuid(String s, String field) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(field + ": '" + abbreviate(s) + "' is not a UUID");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
