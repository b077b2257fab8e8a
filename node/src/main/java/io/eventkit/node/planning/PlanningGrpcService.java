package io.eventkit.node.planning;

import static io.eventkit.node.inventory.InventoryProtos.interval;
import static io.eventkit.node.inventory.InventoryProtos.page;
import static io.eventkit.node.inventory.InventoryProtos.pageResponse;
import static io.eventkit.node.inventory.InventoryProtos.period;
import static io.eventkit.node.platform.api.grpc.ProtoTime.instant;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.inventory.Availability;
import io.eventkit.node.inventory.HoldPolicy;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Ids;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.AddBookingLineResponse;
import io.eventkit.proto.v1.CheckPullListRequest;
import io.eventkit.proto.v1.CheckPullListResponse;
import io.eventkit.proto.v1.CopyEventRequest;
import io.eventkit.proto.v1.CopyEventResponse;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.DeleteEventRequest;
import io.eventkit.proto.v1.DeleteEventResponse;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.GetEventResponse;
import io.eventkit.proto.v1.HoldKind;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.ListEventsResponse;
import io.eventkit.proto.v1.ListShortagesRequest;
import io.eventkit.proto.v1.ListShortagesResponse;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.PullListItem;
import io.eventkit.proto.v1.RemoveBookingLineRequest;
import io.eventkit.proto.v1.RemoveBookingLineResponse;
import io.eventkit.proto.v1.SetEventStatusRequest;
import io.eventkit.proto.v1.SetEventStatusResponse;
import io.eventkit.proto.v1.Shortage;
import io.eventkit.proto.v1.UpdateBookingLineRequest;
import io.eventkit.proto.v1.UpdateBookingLineResponse;
import io.eventkit.proto.v1.UpdateEventRequest;
import io.eventkit.proto.v1.UpdateEventResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** gRPC adapter for {@code eventkit.v1.PlanningService}. */
final class PlanningGrpcService extends PlanningServiceGrpc.PlanningServiceImplBase {
  private final Planning planning;

  public PlanningGrpcService(Planning planning) {
    this.planning = planning;
  }

  static EventStatus status(io.eventkit.proto.v1.EventStatus s) {
    return switch (s) {
      case EVENT_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
      default -> EventStatus.valueOf(s.name().substring("EVENT_STATUS_".length()));
    };
  }

  static Fulfilment fulfilment(io.eventkit.proto.v1.FulfilmentState f) {
    if (f == io.eventkit.proto.v1.FulfilmentState.FULFILMENT_STATE_UNSPECIFIED
        || f == io.eventkit.proto.v1.FulfilmentState.UNRECOGNIZED) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "fulfilments: name states (NOT_STARTED, PREPPING, OUT, RETURNING, RETURNED), not "
              + f.name(),
          List.of(new DomainException.FieldViolation("fulfilments", "unknown state " + f.name())));
    }
    return Fulfilment.valueOf(f.name().substring("FULFILMENT_STATE_".length()));
  }

  static io.eventkit.proto.v1.EventStatus status(EventStatus s) {
    return io.eventkit.proto.v1.EventStatus.valueOf("EVENT_STATUS_" + s.name());
  }

  io.eventkit.proto.v1.Event event(Event e) {
    HoldPolicy.Kind k = planning.policy().kind(e.status().name());
    io.eventkit.proto.v1.Event.Builder b = io.eventkit.proto.v1.Event.newBuilder();
    if (e.client() != null) {
      b.setClient(client(e.client()));
    }
    return b.setId(e.id().toString())
        .setName(e.name())
        .setClientName(e.clientName())
        .setVenue(e.venue())
        .setTimeZone(e.timeZone())
        .setPeriod(period(e.period()))
        .setStatus(status(e.status()))
        .setHold(HoldKind.valueOf("HOLD_KIND_" + k.name()))
        .setPriority(e.priority())
        .setNotes(e.notes())
        .setCreatedAt(timestamp(e.createdAt()))
        .setUpdatedAt(timestamp(e.updatedAt()))
        .setFulfilment(
            io.eventkit.proto.v1.FulfilmentState.valueOf(
                "FULFILMENT_STATE_" + e.fulfilment().name()))
        .build();
  }

  static io.eventkit.proto.v1.EventClient client(Event.Client c) {
    return io.eventkit.proto.v1.EventClient.newBuilder()
        .setCompanyId(c.companyId().toString())
        .setCompanyName(c.companyName())
        .setContactId(Ids.str(c.contactId()))
        .setContactName(c.contactName())
        .setContactEmail(c.contactEmail())
        .setContactPhone(c.contactPhone())
        .build();
  }

  static io.eventkit.proto.v1.BookingLine line(BookingLine l) {
    return io.eventkit.proto.v1.BookingLine.newBuilder()
        .setId(l.id().toString())
        .setEventId(l.eventId().toString())
        .setProductId(Ids.str(l.productId()))
        .setAssetId(Ids.str(l.assetId()))
        .setCaseId(Ids.str(l.caseId()))
        .setParentLineId(Ids.str(l.parentLineId()))
        .setQuantity(l.quantity())
        .setPeriod(period(l.period()))
        .setHoldPeriod(period(l.holdPeriod()))
        .setPriority(l.priority())
        .build();
  }

  @Override
  public void createEvent(CreateEventRequest r, StreamObserver<io.eventkit.proto.v1.Event> out) {
    Event e =
        planning.createEvent(
            new Planning.NewEvent(
                r.getName(),
                r.getClientName(),
                r.getVenue(),
                r.getTimeZone(),
                interval(r.getPeriod(), "period"),
                status(r.getStatus()),
                r.getPriority(),
                r.getNotes(),
                Ids.optional(r.getClientCompanyId(), "client_company_id"),
                Ids.optional(r.getClientContactId(), "client_contact_id")));
    out.onNext(event(e));
    out.onCompleted();
  }

  @Override
  public void getEvent(GetEventRequest r, StreamObserver<GetEventResponse> out) {
    Planning.EventWithLines e = planning.getEvent(Ids.parse(r.getId(), "id"));
    out.onNext(
        GetEventResponse.newBuilder()
            .setEvent(event(e.event()))
            .addAllLines(e.lines().stream().map(PlanningGrpcService::line).toList())
            .build());
    out.onCompleted();
  }

  @Override
  public void setEventStatus(SetEventStatusRequest r, StreamObserver<SetEventStatusResponse> out) {
    Planning.StatusChanged c =
        planning.setStatus(Ids.parse(r.getId(), "id"), status(r.getStatus()));
    out.onNext(
        SetEventStatusResponse.newBuilder()
            .setEvent(event(c.event()))
            .addAllWarnings(c.warnings())
            .build());
    out.onCompleted();
  }

  @Override
  public void updateEvent(UpdateEventRequest r, StreamObserver<UpdateEventResponse> out) {
    Planning.Changed c =
        planning.updateEvent(
            Ids.parse(r.getId(), "id"),
            new Planning.EventChanges(
                r.hasName() ? r.getName() : null,
                r.hasClientName() ? r.getClientName() : null,
                r.hasVenue() ? r.getVenue() : null,
                r.hasTimeZone() ? r.getTimeZone() : null,
                r.hasPeriod() ? interval(r.getPeriod(), "period") : null,
                r.hasPriority() ? r.getPriority() : null,
                r.hasNotes() ? r.getNotes() : null,
                r.hasExpectedUpdatedAt() ? instant(r.getExpectedUpdatedAt()) : null,
                r.hasClientCompanyId() || r.hasClientContactId()
                    ? new Planning.ClientChange(
                        Ids.optional(r.getClientCompanyId(), "client_company_id"),
                        r.hasClientCompanyId(),
                        Ids.optional(r.getClientContactId(), "client_contact_id"),
                        r.hasClientContactId())
                    : null));
    out.onNext(
        UpdateEventResponse.newBuilder()
            .setEvent(event(c.event()))
            .addAllLines(c.lines().stream().map(PlanningGrpcService::line).toList())
            .addAllWarnings(c.warnings())
            .build());
    out.onCompleted();
  }

  @Override
  public void deleteEvent(DeleteEventRequest r, StreamObserver<DeleteEventResponse> out) {
    planning.deleteEvent(Ids.parse(r.getId(), "id"));
    out.onNext(DeleteEventResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void copyEvent(CopyEventRequest r, StreamObserver<CopyEventResponse> out) {
    Planning.Changed c =
        planning.copyEvent(
            Ids.parse(r.getId(), "id"),
            new Planning.CopySpec(
                r.hasStart() ? instant(r.getStart()) : null, r.getName(), status(r.getStatus())));
    out.onNext(
        CopyEventResponse.newBuilder()
            .setEvent(event(c.event()))
            .addAllLines(c.lines().stream().map(PlanningGrpcService::line).toList())
            .addAllWarnings(c.warnings())
            .build());
    out.onCompleted();
  }

  @Override
  public void updateBookingLine(
      UpdateBookingLineRequest r, StreamObserver<UpdateBookingLineResponse> out) {
    Planning.LineChanged c =
        planning.updateLine(
            Ids.parse(r.getId(), "id"),
            new Planning.LineChanges(
                r.hasQuantity() ? r.getQuantity() : null,
                r.hasPeriod() ? interval(r.getPeriod(), "period") : null,
                r.hasPriority() ? r.getPriority() : null));
    out.onNext(
        UpdateBookingLineResponse.newBuilder()
            .setLine(line(c.line()))
            .addAllContentLines(c.contentLines().stream().map(PlanningGrpcService::line).toList())
            .addAllWarnings(c.warnings())
            .build());
    out.onCompleted();
  }

  @Override
  public void listEvents(ListEventsRequest r, StreamObserver<ListEventsResponse> out) {
    var p =
        planning.listEvents(
            r.getStatusesList().stream().map(PlanningGrpcService::status).toList(),
            r.getFulfilmentsList().stream().map(PlanningGrpcService::fulfilment).toList(),
            r.hasWindow() ? interval(r.getWindow(), "window") : null,
            r.getQuery(),
            r.getProductId().isEmpty() ? null : Ids.parse(r.getProductId(), "product_id"),
            r.getAssetId().isEmpty() ? null : Ids.parse(r.getAssetId(), "asset_id"),
            Ids.optional(r.getClientCompanyId(), "client_company_id"),
            page(r.getPage(), 2));
    out.onNext(
        ListEventsResponse.newBuilder()
            .addAllEvents(p.items().stream().map(this::event).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
    out.onCompleted();
  }

  @Override
  public void addBookingLine(AddBookingLineRequest r, StreamObserver<AddBookingLineResponse> out) {
    Planning.NewLine n =
        new Planning.NewLine(
            Ids.parse(r.getEventId(), "event_id"),
            r.hasProduct() ? Ids.parse(r.getProduct().getProductId(), "product.product_id") : null,
            r.hasProduct() ? r.getProduct().getQuantity() : 0,
            r.getItemCase() == AddBookingLineRequest.ItemCase.ASSET_ID
                ? Ids.parse(r.getAssetId(), "asset_id")
                : null,
            r.getItemCase() == AddBookingLineRequest.ItemCase.CASE_ID
                ? Ids.parse(r.getCaseId(), "case_id")
                : null,
            r.hasPeriod() ? interval(r.getPeriod(), "period") : null,
            r.hasPriority() ? r.getPriority() : null);
    Planning.Added a = planning.addLine(n);
    out.onNext(
        AddBookingLineResponse.newBuilder()
            .setLine(line(a.line()))
            .addAllContentLines(a.contentLines().stream().map(PlanningGrpcService::line).toList())
            .addAllWarnings(a.warnings())
            .build());
    out.onCompleted();
  }

  @Override
  public void removeBookingLine(
      RemoveBookingLineRequest r, StreamObserver<RemoveBookingLineResponse> out) {
    planning.removeLine(Ids.parse(r.getId(), "id"));
    out.onNext(RemoveBookingLineResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void checkPullList(CheckPullListRequest r, StreamObserver<CheckPullListResponse> out) {
    var id = Ids.parse(r.getEventId(), "event_id");
    List<Availability.PullItem> items = planning.checkPullList(id);
    CheckPullListResponse.Builder b =
        CheckPullListResponse.newBuilder()
            .setEventId(id.toString())
            .setOk(items.stream().allMatch(i -> i.shortfall() == 0));
    for (Availability.PullItem i : items) {
      b.addItems(
          PullListItem.newBuilder()
              .setProductId(i.productId().toString())
              .setRequested(i.requested())
              .setAvailable(i.available())
              .setShortfall(i.shortfall())
              .setTentative(i.tentative()));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listShortages(ListShortagesRequest r, StreamObserver<ListShortagesResponse> out) {
    if (!r.hasWindow()) {
      throw DomainException.invalid("window is required");
    }
    var p = planning.shortages(interval(r.getWindow(), "window"), page(r.getPage(), 3));
    ListShortagesResponse.Builder b =
        ListShortagesResponse.newBuilder().setPage(pageResponse(p.nextToken()));
    for (Availability.Shortage s : p.items()) {
      b.addShortages(
          Shortage.newBuilder()
              .setEventId(s.eventId().toString())
              .setEventName(s.eventName())
              .setProductId(s.productId().toString())
              .setRequested(s.requested())
              .setShortfall(s.shortfall())
              .setStartsAt(timestamp(s.from())));
    }
    out.onNext(b.build());
    out.onCompleted();
  }
}
