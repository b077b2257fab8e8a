package io.eventkit.node.transport;

import static io.eventkit.node.platform.api.grpc.ProtoTime.instant;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import com.google.protobuf.ByteString;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.proto.v1.AddVehicleMaintenanceRequest;
import io.eventkit.proto.v1.CheckDispatchRunRequest;
import io.eventkit.proto.v1.CheckDispatchRunResponse;
import io.eventkit.proto.v1.CreateDispatchRunRequest;
import io.eventkit.proto.v1.CreateVehicleRequest;
import io.eventkit.proto.v1.DispatchConflict;
import io.eventkit.proto.v1.DispatchConflictKind;
import io.eventkit.proto.v1.DispatchRunFields;
import io.eventkit.proto.v1.DispatchStatus;
import io.eventkit.proto.v1.GetDispatchRunRequest;
import io.eventkit.proto.v1.GetTruckPackRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityResponse;
import io.eventkit.proto.v1.GetVehicleRequest;
import io.eventkit.proto.v1.ListDispatchRunsRequest;
import io.eventkit.proto.v1.ListDispatchRunsResponse;
import io.eventkit.proto.v1.ListVehiclesRequest;
import io.eventkit.proto.v1.ListVehiclesResponse;
import io.eventkit.proto.v1.LoadItemRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RemoveVehicleMaintenanceRequest;
import io.eventkit.proto.v1.RemoveVehicleMaintenanceResponse;
import io.eventkit.proto.v1.RenderLoadListRequest;
import io.eventkit.proto.v1.RenderLoadListResponse;
import io.eventkit.proto.v1.SetDispatchStatusRequest;
import io.eventkit.proto.v1.StopKind;
import io.eventkit.proto.v1.TransportServiceGrpc;
import io.eventkit.proto.v1.UnloadItemRequest;
import io.eventkit.proto.v1.UpdateDispatchRunRequest;
import io.eventkit.proto.v1.UpdateVehicleRequest;
import io.eventkit.proto.v1.VehicleAvailabilityRow;
import io.eventkit.proto.v1.VehicleBusyBlock;
import io.eventkit.proto.v1.VehicleBusyKind;
import io.eventkit.proto.v1.VehicleFields;
import io.grpc.stub.StreamObserver;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** gRPC adapter for {@code eventkit.v1.TransportService}: proto in, domain calls, proto out. */
final class TransportGrpcService extends TransportServiceGrpc.TransportServiceImplBase {
  private final Vehicles vehicles;
  private final TruckPacks packs;
  private final DispatchRuns runs;

  TransportGrpcService(Vehicles vehicles, TruckPacks packs, DispatchRuns runs) {
    this.vehicles = vehicles;
    this.packs = packs;
    this.runs = runs;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  // ---- mapping ----

  static Interval interval(Period p, String field) {
    if (!p.hasStart() || !p.hasEnd()) {
      throw DomainException.invalid(field + ".start and " + field + ".end are required");
    }
    Instant s = instant(p.getStart());
    Instant e = instant(p.getEnd());
    if (!e.isAfter(s)) {
      throw DomainException.invalid(
          field + ".end (" + e + ") must be after " + field + ".start (" + s + ")");
    }
    return new Interval(s, e);
  }

  static Period period(Interval i) {
    return Period.newBuilder().setStart(timestamp(i.start())).setEnd(timestamp(i.end())).build();
  }

  private static PageSpec page(PageRequest p, int parts) {
    return PageSpec.of(p.getPageSize(), p.getPageToken(), parts);
  }

  private static <T> PageSpec.Page<T> paged(Supplier<PageSpec.Page<T>> list) {
    try {
      return list.get();
    } catch (IllegalArgumentException | DateTimeException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }

  private static PageResponse pageResponse(String next) {
    return PageResponse.newBuilder().setNextPageToken(next).build();
  }

  static Model.VehicleFields fields(VehicleFields f) {
    return new Model.VehicleFields(
        f.getName(),
        f.getRegistration(),
        f.getPayloadGrams(),
        f.getVolumeCm3(),
        f.getLoadingLengthMm(),
        f.getRequiredQualification(),
        Ids.optional(f.getHomeLocationId(), "vehicle.home_location_id"),
        f.getNotes(),
        f.getRetired());
  }

  static io.eventkit.proto.v1.Vehicle vehicle(Model.Vehicle v) {
    Model.VehicleFields f = v.fields();
    return io.eventkit.proto.v1.Vehicle.newBuilder()
        .setId(v.id().toString())
        .setName(f.name())
        .setRegistration(f.registration())
        .setPayloadGrams(f.payloadGrams())
        .setVolumeCm3(f.volumeCm3())
        .setLoadingLengthMm(f.loadingLengthMm())
        .setRequiredQualification(f.requiredQualification())
        .setHomeLocationId(Ids.str(f.homeLocationId()))
        .setNotes(f.notes())
        .setRetired(f.retired())
        .setCreatedAt(timestamp(v.createdAt()))
        .setUpdatedAt(timestamp(v.updatedAt()))
        .build();
  }

  static io.eventkit.proto.v1.VehicleMaintenance maintenance(Model.Maintenance m) {
    return io.eventkit.proto.v1.VehicleMaintenance.newBuilder()
        .setId(m.id().toString())
        .setVehicleId(m.vehicleId().toString())
        .setPeriod(period(m.period()))
        .setReason(m.reason())
        .build();
  }

  static io.eventkit.proto.v1.TruckPack pack(Model.TruckPack p) {
    io.eventkit.proto.v1.TruckPack.Builder b =
        io.eventkit.proto.v1.TruckPack.newBuilder()
            .setEventId(p.eventId().toString())
            .setEventName(p.eventName())
            .setTotalWeightGrams(p.totalWeightGrams())
            .setTotalVolumeCm3(p.totalVolumeCm3())
            .setComplete(p.complete());
    for (Model.LoadUnit u : p.units()) {
      b.addUnits(
          io.eventkit.proto.v1.LoadUnit.newBuilder()
              .setBookingLineId(u.bookingLineId().toString())
              .setLabel(u.label())
              .setProductId(Ids.str(u.productId()))
              .setAssetId(Ids.str(u.assetId()))
              .setCaseId(Ids.str(u.caseId()))
              .setQuantity(u.quantity())
              .setUnitWeightGrams(u.unitWeightGrams())
              .setUnitVolumeCm3(u.unitVolumeCm3())
              .setUnitLengthMm(u.unitLengthMm())
              .setUnplaced(u.unplaced())
              .setDimensionsMissing(u.dimensionsMissing()));
    }
    for (Model.VehicleLoad l : p.loads()) {
      io.eventkit.proto.v1.VehicleLoad.Builder lb =
          io.eventkit.proto.v1.VehicleLoad.newBuilder()
              .setVehicle(vehicle(l.vehicle()))
              .setWeightGrams(l.weightGrams())
              .setVolumeCm3(l.volumeCm3())
              .setOverWeight(l.overWeight())
              .setOverVolume(l.overVolume());
      l.tooLongLineIds().forEach(id -> lb.addTooLongLineIds(id.toString()));
      for (Model.LoadedItem i : l.items()) {
        lb.addItems(
            io.eventkit.proto.v1.LoadedItem.newBuilder()
                .setBookingLineId(i.bookingLineId().toString())
                .setLabel(i.label())
                .setQuantity(i.quantity())
                .setWeightGrams(i.weightGrams())
                .setVolumeCm3(i.volumeCm3()));
      }
      b.addLoads(lb);
    }
    return b.build();
  }

  static Model.StopKind stopKind(StopKind k) {
    return switch (k) {
      case STOP_KIND_WAREHOUSE -> Model.StopKind.WAREHOUSE;
      case STOP_KIND_VENUE -> Model.StopKind.VENUE;
      case STOP_KIND_PARTNER_WAREHOUSE -> Model.StopKind.PARTNER_WAREHOUSE;
      case STOP_KIND_OTHER -> Model.StopKind.OTHER;
      default -> null;
    };
  }

  static Model.Status status(DispatchStatus s) {
    return switch (s) {
      case DISPATCH_STATUS_PLANNED -> Model.Status.PLANNED;
      case DISPATCH_STATUS_DISPATCHED -> Model.Status.DISPATCHED;
      case DISPATCH_STATUS_COMPLETED -> Model.Status.COMPLETED;
      case DISPATCH_STATUS_CANCELLED -> Model.Status.CANCELLED;
      default -> null;
    };
  }

  static Model.RunFields fields(DispatchRunFields f) {
    java.util.List<Model.Stop> stops = new java.util.ArrayList<>();
    for (int i = 0; i < f.getStopsCount(); i++) {
      io.eventkit.proto.v1.DispatchStop s = f.getStops(i);
      String p = "run.stops[" + i + "].";
      Model.StopKind kind = stopKind(s.getKind());
      stops.add(
          new Model.Stop(
              kind,
              kind == Model.StopKind.WAREHOUSE
                  ? Ids.optional(s.getLocationId(), p + "location_id")
                  : null,
              kind == Model.StopKind.PARTNER_WAREHOUSE ? s.getPartnerNodeId() : "",
              kind == Model.StopKind.PARTNER_WAREHOUSE
                  ? Ids.optional(s.getSubhireId(), p + "subhire_id")
                  : null,
              s.getName(),
              s.getAddress(),
              s.hasArriveAt() ? instant(s.getArriveAt()) : null,
              s.getNotes()));
    }
    return new Model.RunFields(
        Ids.parse(f.getVehicleId(), "run.vehicle_id"),
        Ids.optional(f.getDriverCrewMemberId(), "run.driver_crew_member_id"),
        f.hasPeriod() ? interval(f.getPeriod(), "run.period") : null,
        stops,
        Ids.optional(f.getEventId(), "run.event_id"),
        f.getNotes());
  }

  static io.eventkit.proto.v1.DispatchRun run(Model.Run r) {
    io.eventkit.proto.v1.DispatchRun.Builder b =
        io.eventkit.proto.v1.DispatchRun.newBuilder()
            .setId(r.id().toString())
            .setReference(r.reference())
            .setVehicleId(r.vehicleId().toString())
            .setVehicleName(r.vehicleName())
            .setDriverCrewMemberId(Ids.str(r.driverId()))
            .setDriverName(r.driverName())
            .setPeriod(period(r.period()))
            .setStatus(DispatchStatus.valueOf("DISPATCH_STATUS_" + r.status().name()))
            .setEventId(Ids.str(r.eventId()))
            .setEventName(r.eventName())
            .setNotes(r.notes())
            .setCreatedAt(timestamp(r.createdAt()))
            .setUpdatedAt(timestamp(r.updatedAt()));
    for (Model.Stop s : r.stops()) {
      io.eventkit.proto.v1.DispatchStop.Builder sb =
          io.eventkit.proto.v1.DispatchStop.newBuilder()
              .setKind(StopKind.valueOf("STOP_KIND_" + s.kind().name()))
              .setLocationId(Ids.str(s.locationId()))
              .setPartnerNodeId(s.partnerNodeId())
              .setSubhireId(Ids.str(s.subhireId()))
              .setName(s.name())
              .setAddress(s.address())
              .setNotes(s.notes());
      if (s.arriveAt() != null) {
        sb.setArriveAt(timestamp(s.arriveAt()));
      }
      b.addStops(sb);
    }
    return b.build();
  }

  static DispatchConflict conflict(Model.Conflict c) {
    return DispatchConflict.newBuilder()
        .setKind(DispatchConflictKind.valueOf("DISPATCH_CONFLICT_KIND_" + c.kind().name()))
        .setMessage(c.message())
        .setRelatedId(Ids.str(c.relatedId()))
        .build();
  }

  // ---- vehicles ----

  @Override
  public void createVehicle(
      CreateVehicleRequest r, StreamObserver<io.eventkit.proto.v1.Vehicle> out) {
    reply(out, vehicle(vehicles.create(fields(r.getVehicle()))));
  }

  @Override
  public void updateVehicle(
      UpdateVehicleRequest r, StreamObserver<io.eventkit.proto.v1.Vehicle> out) {
    UUID id = Ids.parse(r.getId(), "id");
    reply(out, vehicle(vehicles.update(id, fields(r.getVehicle()))));
  }

  @Override
  public void getVehicle(GetVehicleRequest r, StreamObserver<io.eventkit.proto.v1.Vehicle> out) {
    reply(out, vehicle(vehicles.get(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listVehicles(ListVehiclesRequest r, StreamObserver<ListVehiclesResponse> out) {
    PageSpec spec = page(r.getPage(), 2);
    var p = paged(() -> vehicles.list(r.getQuery(), r.getIncludeRetired(), spec));
    reply(
        out,
        ListVehiclesResponse.newBuilder()
            .addAllVehicles(p.items().stream().map(TransportGrpcService::vehicle).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }

  @Override
  public void addVehicleMaintenance(
      AddVehicleMaintenanceRequest r, StreamObserver<io.eventkit.proto.v1.VehicleMaintenance> out) {
    reply(
        out,
        maintenance(
            vehicles.addMaintenance(
                Ids.parse(r.getVehicleId(), "vehicle_id"),
                interval(r.getPeriod(), "period"),
                r.getReason())));
  }

  @Override
  public void removeVehicleMaintenance(
      RemoveVehicleMaintenanceRequest r, StreamObserver<RemoveVehicleMaintenanceResponse> out) {
    vehicles.removeMaintenance(Ids.parse(r.getId(), "id"));
    reply(out, RemoveVehicleMaintenanceResponse.getDefaultInstance());
  }

  @Override
  public void getVehicleAvailability(
      GetVehicleAvailabilityRequest r, StreamObserver<GetVehicleAvailabilityResponse> out) {
    Interval window = interval(r.getWindow(), "window");
    PageSpec spec = page(r.getPage(), 2);
    var p = paged(() -> vehicles.availability(window, spec));
    GetVehicleAvailabilityResponse.Builder b =
        GetVehicleAvailabilityResponse.newBuilder().setPage(pageResponse(p.nextToken()));
    for (Model.AvailabilityRow row : p.items()) {
      VehicleAvailabilityRow.Builder rb =
          VehicleAvailabilityRow.newBuilder().setVehicle(vehicle(row.vehicle()));
      for (Model.BusyBlock bb : row.busy()) {
        rb.addBusy(
            VehicleBusyBlock.newBuilder()
                .setKind(
                    bb.kind() == Model.BusyKind.DISPATCH
                        ? VehicleBusyKind.VEHICLE_BUSY_KIND_DISPATCH
                        : VehicleBusyKind.VEHICLE_BUSY_KIND_MAINTENANCE)
                .setPeriod(period(bb.period()))
                .setId(bb.id().toString())
                .setLabel(bb.label()));
      }
      b.addRows(rb);
    }
    reply(out, b.build());
  }

  // ---- truck packs ----

  @Override
  public void getTruckPack(
      GetTruckPackRequest r, StreamObserver<io.eventkit.proto.v1.TruckPack> out) {
    reply(out, pack(packs.get(Ids.parse(r.getEventId(), "event_id"))));
  }

  @Override
  public void loadItem(LoadItemRequest r, StreamObserver<io.eventkit.proto.v1.TruckPack> out) {
    reply(
        out,
        pack(
            packs.load(
                Ids.parse(r.getEventId(), "event_id"),
                Ids.parse(r.getVehicleId(), "vehicle_id"),
                Ids.parse(r.getBookingLineId(), "booking_line_id"),
                r.getQuantity())));
  }

  @Override
  public void unloadItem(UnloadItemRequest r, StreamObserver<io.eventkit.proto.v1.TruckPack> out) {
    reply(
        out,
        pack(
            packs.unload(
                Ids.parse(r.getEventId(), "event_id"),
                Ids.parse(r.getVehicleId(), "vehicle_id"),
                Ids.parse(r.getBookingLineId(), "booking_line_id"),
                r.getQuantity())));
  }

  @Override
  public void renderLoadList(RenderLoadListRequest r, StreamObserver<RenderLoadListResponse> out) {
    TruckPacks.LoadList l =
        packs.loadList(
            Ids.parse(r.getEventId(), "event_id"), Ids.parse(r.getVehicleId(), "vehicle_id"));
    reply(
        out,
        RenderLoadListResponse.newBuilder()
            .setFileName(l.fileName())
            .setPdf(ByteString.copyFrom(l.pdf()))
            .build());
  }

  // ---- dispatch runs ----

  @Override
  public void checkDispatchRun(
      CheckDispatchRunRequest r, StreamObserver<CheckDispatchRunResponse> out) {
    var conflicts = runs.check(fields(r.getRun()), Ids.optional(r.getRunId(), "run_id"));
    reply(
        out,
        CheckDispatchRunResponse.newBuilder()
            .addAllConflicts(conflicts.stream().map(TransportGrpcService::conflict).toList())
            .build());
  }

  @Override
  public void createDispatchRun(
      CreateDispatchRunRequest r, StreamObserver<io.eventkit.proto.v1.DispatchRun> out) {
    reply(out, run(runs.create(fields(r.getRun()))));
  }

  @Override
  public void updateDispatchRun(
      UpdateDispatchRunRequest r, StreamObserver<io.eventkit.proto.v1.DispatchRun> out) {
    UUID id = Ids.parse(r.getId(), "id");
    reply(out, run(runs.update(id, fields(r.getRun()))));
  }

  @Override
  public void setDispatchStatus(
      SetDispatchStatusRequest r, StreamObserver<io.eventkit.proto.v1.DispatchRun> out) {
    reply(out, run(runs.setStatus(Ids.parse(r.getId(), "id"), status(r.getStatus()))));
  }

  @Override
  public void getDispatchRun(
      GetDispatchRunRequest r, StreamObserver<io.eventkit.proto.v1.DispatchRun> out) {
    reply(out, run(runs.get(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listDispatchRuns(
      ListDispatchRunsRequest r, StreamObserver<ListDispatchRunsResponse> out) {
    PageSpec spec = page(r.getPage(), 2);
    Interval window = r.hasWindow() ? interval(r.getWindow(), "window") : null;
    Set<Model.Status> statuses = EnumSet.noneOf(Model.Status.class);
    for (DispatchStatus s : r.getStatusesList()) {
      Model.Status m = status(s);
      if (m == null) {
        throw DomainException.invalid("statuses: " + s + " is not a dispatch status");
      }
      statuses.add(m);
    }
    var p =
        paged(
            () ->
                runs.list(
                    window,
                    Ids.optional(r.getVehicleId(), "vehicle_id"),
                    Ids.optional(r.getDriverCrewMemberId(), "driver_crew_member_id"),
                    Ids.optional(r.getEventId(), "event_id"),
                    statuses,
                    spec));
    reply(
        out,
        ListDispatchRunsResponse.newBuilder()
            .addAllRuns(p.items().stream().map(TransportGrpcService::run).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
  }
}
