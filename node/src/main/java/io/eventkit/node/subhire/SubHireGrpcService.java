package io.eventkit.node.subhire;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.DispatchSubHireRequest;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.ListSubHiresResponse;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireActionRequest;
import io.eventkit.proto.v1.SubHireHistoryEntry;
import io.eventkit.proto.v1.SubHireLine;
import io.eventkit.proto.v1.SubHireRole;
import io.eventkit.proto.v1.SubHireServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The local sub-hire API (people, scripts, the CLI); maps proto to {@link SubHires} and back. */
final class SubHireGrpcService extends SubHireServiceGrpc.SubHireServiceImplBase {
  private final SubHires subHires;
  private final Function<Negotiation, Snapshot> fetchPartnerSnapshot;
  private final String defaultCompany;

  SubHireGrpcService(
      SubHires subHires,
      Function<Negotiation, Snapshot> fetchPartnerSnapshot,
      String defaultCompany) {
    this.subHires = subHires;
    this.fetchPartnerSnapshot = fetchPartnerSnapshot;
    this.defaultCompany = defaultCompany;
  }

  @Override
  public void requestSubHire(RequestSubHireRequest r, StreamObserver<SubHire> out) {
    Interval usage = Wire.interval(r.getUsagePeriod(), "usage_period");
    Interval delivery =
        r.hasDeliveryPeriod() ? Wire.interval(r.getDeliveryPeriod(), "delivery_period") : usage;
    List<SubHires.RequestLine> lines = new ArrayList<>();
    for (int i = 0; i < r.getLinesCount(); i++) {
      var l = r.getLines(i);
      lines.add(
          new SubHires.RequestLine(
              l.getSupplierProductId(),
              l.getLocalProductId().isEmpty()
                  ? null
                  : Wire.uuid(l.getLocalProductId(), "lines[" + i + "].local_product_id"),
              l.getQuantity(),
              l.hasSuggestedUnitPrice() ? Wire.money(l.getSuggestedUnitPrice()) : null));
    }
    reply(
        out,
        subHires.request(
            r.getNegotiationId().isBlank()
                ? null
                : Wire.uuid(r.getNegotiationId(), "negotiation_id"),
            r.getSupplierNodeId(),
            new Negotiation.RequestDetails(
                r.getRequestingCompany().isBlank() ? defaultCompany : r.getRequestingCompany(),
                r.getContactName(),
                r.getContactEmail(),
                r.getContactPhone(),
                r.getEventName(),
                r.getEventReference(),
                usage,
                delivery,
                r.getLocation(),
                r.getNote()),
            lines));
  }

  @Override
  public void listSubHires(ListSubHiresRequest r, StreamObserver<ListSubHiresResponse> out) {
    Role role =
        switch (r.getRole()) {
          case BORROWER -> Role.BORROWER;
          case SUPPLIER -> Role.SUPPLIER;
          default -> null;
        };
    List<NegotiationState> states = new ArrayList<>();
    for (var s : r.getStatesList()) {
      NegotiationState d = Wire.state(s);
      if (d == null) {
        throw DomainException.invalid("states: unknown state " + s);
      }
      states.add(d);
    }
    PageSpec page = PageSpec.of(r.getPage().getPageSize(), r.getPage().getPageToken(), 2);
    PageSpec.Page<SubHireView> result = subHires.list(role, r.getPartnerNodeId(), states, page);
    ListSubHiresResponse.Builder b =
        ListSubHiresResponse.newBuilder()
            .setPage(PageResponse.newBuilder().setNextPageToken(result.nextToken()));
    result.items().forEach(v -> b.addSubHires(toProto(v)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getSubHire(GetSubHireRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.get(id(r.getNegotiationId())));
  }

  @Override
  public void changeSubHire(
      io.eventkit.proto.v1.ChangeSubHireRequest r, StreamObserver<SubHire> out) {
    reply(
        out,
        subHires.change(
            id(r.getNegotiationId()),
            new Change(
                r.getQuantitiesMap(),
                r.hasUsagePeriod() ? Wire.interval(r.getUsagePeriod(), "usage_period") : null,
                r.hasDeliveryPeriod()
                    ? Wire.interval(r.getDeliveryPeriod(), "delivery_period")
                    : null,
                r.getReplaceNote() ? r.getNote() : null)));
  }

  @Override
  public void acceptSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(
        out,
        subHires.accept(
            id(r.getNegotiationId()), r.getExpectedVersion() == 0 ? null : r.getExpectedVersion()));
  }

  @Override
  public void cancelSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.cancel(id(r.getNegotiationId()), r.getReason()));
  }

  @Override
  public void returnSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.returned(id(r.getNegotiationId()), r.getReason()));
  }

  @Override
  public void quoteSubHire(QuoteSubHireRequest r, StreamObserver<SubHire> out) {
    Map<String, Money> prices = new HashMap<>();
    r.getUnitPricesMap().forEach((k, v) -> prices.put(k, Wire.money(v)));
    reply(
        out,
        subHires.quote(
            id(r.getNegotiationId()),
            prices,
            r.hasValidUntil() ? ProtoTime.instant(r.getValidUntil()) : null));
  }

  @Override
  public void confirmSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.confirm(id(r.getNegotiationId())));
  }

  @Override
  public void declineSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.decline(id(r.getNegotiationId()), r.getReason()));
  }

  @Override
  public void dispatchSubHire(DispatchSubHireRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.dispatch(id(r.getNegotiationId()), r.getBarcodesList()));
  }

  @Override
  public void checkInSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.checkIn(id(r.getNegotiationId())));
  }

  @Override
  public void resyncSubHire(SubHireActionRequest r, StreamObserver<SubHire> out) {
    reply(out, subHires.resync(id(r.getNegotiationId()), fetchPartnerSnapshot));
  }

  /** The negotiation ID, a UUID by the rule in subhire.proto. */
  private static UUID id(String s) {
    return Wire.uuid(s, "negotiation_id");
  }

  private static void reply(StreamObserver<SubHire> out, SubHireView v) {
    out.onNext(toProto(v));
    out.onCompleted();
  }

  static SubHire toProto(SubHireView v) {
    Negotiation n = v.negotiation();
    Negotiation.RequestDetails d = n.details();
    SubHire.Builder b =
        SubHire.newBuilder()
            .setNegotiationId(n.id().toString())
            .setRole(n.role() == Role.BORROWER ? SubHireRole.BORROWER : SubHireRole.SUPPLIER)
            .setPartnerNodeId(n.partner())
            .setState(proto(n.state()))
            .setVersion(n.version())
            .setRequestingCompany(d.requestingCompany())
            .setContactName(d.contactName())
            .setContactEmail(d.contactEmail())
            .setContactPhone(d.contactPhone())
            .setEventName(d.eventName())
            .setEventReference(d.eventReference())
            .setUsagePeriod(Wire.period(d.usage()))
            .setDeliveryPeriod(Wire.period(d.delivery()))
            .setLocation(d.location())
            .setNote(d.note())
            .setReason(n.reason())
            .setCreatedAt(ProtoTime.timestamp(n.createdAt()))
            .setUpdatedAt(ProtoTime.timestamp(n.updatedAt()));
    if (n.peerState() != null) {
      b.setPeerState(proto(n.peerState()));
    }
    if (n.supplierEventId() != null) {
      b.setSupplierEventId(n.supplierEventId().toString());
    }
    b.setPartnerName(
        n.role() == Role.SUPPLIER
            ? d.requestingCompany()
            : v.partnerName() == null ? "" : v.partnerName());
    if (v.supplierEventName() != null) {
      b.setSupplierEventName(v.supplierEventName());
    }
    for (Line l : v.lines()) {
      SubHireLine.Builder lb =
          SubHireLine.newBuilder()
              .setSupplierProductId(l.supplierProductId())
              .setProductName(l.productName())
              .setQuantity(l.quantity());
      if (l.localProductId() != null) {
        lb.setLocalProductId(l.localProductId().toString());
        String name = v.productNames().get(l.localProductId());
        if (name != null) {
          lb.setLocalProductName(name);
        }
      }
      if (l.suggestedUnitPrice() != null) {
        lb.setSuggestedUnitPrice(Wire.money(l.suggestedUnitPrice()));
      }
      if (l.quotedUnitPrice() != null) {
        lb.setQuotedUnitPrice(Wire.money(l.quotedUnitPrice()));
      }
      b.addLines(lb);
    }
    Money total = Line.quotedTotal(v.lines());
    if (total != null) {
      b.setQuoteTotal(Wire.money(total));
    }
    if (n.quoteValidUntil() != null) {
      b.setQuoteValidUntil(ProtoTime.timestamp(n.quoteValidUntil()));
    }
    v.manifest().forEach(m -> b.addManifest(Wire.manifest(m)));
    Delivery del = v.delivery();
    if (del != null) {
      io.eventkit.proto.v1.Delivery.Builder db =
          io.eventkit.proto.v1.Delivery.newBuilder()
              .setPendingMessages(del.pending())
              .setAttempts(del.attempts())
              .setLastError(del.lastError())
              .setFailedMessage(del.failedMessage());
      if (del.nextAttemptAt() != null) {
        db.setNextAttemptAt(ProtoTime.timestamp(del.nextAttemptAt()));
      }
      b.setDelivery(db);
    }
    for (HistoryEntry e : v.history()) {
      SubHireHistoryEntry.Builder hb =
          SubHireHistoryEntry.newBuilder()
              .setAt(ProtoTime.timestamp(e.at()))
              .setActor(e.actor())
              .setToState(proto(e.to()))
              .setDetail(e.detail());
      if (e.from() != null) {
        hb.setFromState(proto(e.from()));
      }
      b.addHistory(hb);
    }
    return b.build();
  }

  private static io.eventkit.proto.v1.NegotiationState proto(NegotiationState s) {
    return Wire.proto(s);
  }
}
