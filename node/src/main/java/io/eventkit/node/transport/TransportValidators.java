package io.eventkit.node.transport;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AddVehicleMaintenanceRequest;
import io.eventkit.proto.v1.CheckDispatchRunRequest;
import io.eventkit.proto.v1.CreateDispatchRunRequest;
import io.eventkit.proto.v1.CreateVehicleRequest;
import io.eventkit.proto.v1.DispatchRunFields;
import io.eventkit.proto.v1.DispatchStatus;
import io.eventkit.proto.v1.DispatchStop;
import io.eventkit.proto.v1.GetDispatchRunRequest;
import io.eventkit.proto.v1.GetTruckPackRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityRequest;
import io.eventkit.proto.v1.GetVehicleRequest;
import io.eventkit.proto.v1.ListDispatchRunsRequest;
import io.eventkit.proto.v1.ListVehiclesRequest;
import io.eventkit.proto.v1.LoadItemRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RemoveVehicleMaintenanceRequest;
import io.eventkit.proto.v1.RenderLoadListRequest;
import io.eventkit.proto.v1.SetDispatchStatusRequest;
import io.eventkit.proto.v1.StopKind;
import io.eventkit.proto.v1.UnloadItemRequest;
import io.eventkit.proto.v1.UpdateDispatchRunRequest;
import io.eventkit.proto.v1.UpdateVehicleRequest;
import io.eventkit.proto.v1.VehicleFields;
import java.util.regex.Pattern;

/**
 * Shape checks of every TransportService request, run before the service (IDs, lengths, ranges,
 * enums, periods). What needs the database is the domain classes' job.
 */
final class TransportValidators {
  private static final Pattern NODE_ID =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private TransportValidators() {}

  private static Validation id(Validation v, String value, String field) {
    return v.check(Ids.valid(value), field, "must be an ID (UUID); got '" + value + "'");
  }

  private static Validation optionalId(Validation v, String value, String field) {
    return value.isEmpty() ? v : id(v, value, field);
  }

  private static Validation page(Validation v, PageRequest p) {
    return v.check(p.getPageSize() >= 0, "page.page_size", "must not be negative")
        .maxLength(p.getPageToken(), 2000, "page.page_token");
  }

  private static Validation period(Validation v, boolean has, Period p, String field) {
    if (!has) {
      return v.check(false, field, "is required");
    }
    v.check(p.hasStart(), field + ".start", "is required")
        .check(p.hasEnd(), field + ".end", "is required");
    if (p.hasStart() && p.hasEnd()) {
      v.check(
          ProtoTime.instant(p.getEnd()).isAfter(ProtoTime.instant(p.getStart())),
          field + ".end",
          "must be after " + field + ".start");
    }
    return v;
  }

  private static Validation vehicle(Validation v, boolean has, VehicleFields f) {
    if (!has) {
      return v.check(false, "vehicle", "is required");
    }
    optionalId(v, f.getHomeLocationId(), "vehicle.home_location_id");
    return Vehicles.validate(
        new Model.VehicleFields(
            f.getName(),
            f.getRegistration(),
            f.getPayloadGrams(),
            f.getVolumeCm3(),
            f.getLoadingLengthMm(),
            f.getRequiredQualification(),
            null,
            f.getNotes(),
            f.getRetired()),
        "vehicle.",
        v);
  }

  private static Validation run(Validation v, boolean has, DispatchRunFields f) {
    if (!has) {
      return v.check(false, "run", "is required");
    }
    id(v, f.getVehicleId(), "run.vehicle_id");
    optionalId(v, f.getDriverCrewMemberId(), "run.driver_crew_member_id");
    optionalId(v, f.getEventId(), "run.event_id");
    period(v, f.hasPeriod(), f.getPeriod(), "run.period");
    v.check(f.getStopsCount() > 0, "run.stops", "needs at least one stop")
        .check(
            f.getStopsCount() <= DispatchRuns.MAX_STOPS,
            "run.stops",
            "at most " + DispatchRuns.MAX_STOPS + " stops")
        .maxLength(f.getNotes(), DispatchRuns.MAX_NOTES, "run.notes");
    for (int i = 0; i < Math.min(f.getStopsCount(), DispatchRuns.MAX_STOPS); i++) {
      DispatchStop s = f.getStops(i);
      String p = "run.stops[" + i + "].";
      v.check(
          s.getKind() != StopKind.STOP_KIND_UNSPECIFIED && s.getKind() != StopKind.UNRECOGNIZED,
          p + "kind",
          "is required (STOP_KIND_WAREHOUSE, _VENUE, _PARTNER_WAREHOUSE or _OTHER)");
      if (s.getKind() == StopKind.STOP_KIND_WAREHOUSE) {
        id(v, s.getLocationId(), p + "location_id");
      }
      if (s.getKind() == StopKind.STOP_KIND_PARTNER_WAREHOUSE) {
        String n = s.getPartnerNodeId().strip();
        v.check(
            n.length() <= 253 && NODE_ID.matcher(n.toLowerCase(java.util.Locale.ROOT)).matches(),
            p + "partner_node_id",
            "must be a partner's node ID such as partner.example; got '" + n + "'");
        optionalId(v, s.getSubhireId(), p + "subhire_id");
      }
      v.maxLength(s.getName(), 200, p + "name")
          .maxLength(s.getAddress(), 500, p + "address")
          .maxLength(s.getNotes(), 1000, p + "notes");
    }
    return v;
  }

  private static Validation quantity(Validation v, int q, int min) {
    return v.check(
        q >= min && q <= TruckPacks.MAX_QUANTITY,
        "quantity",
        "must be between " + min + " and " + TruckPacks.MAX_QUANTITY + " (was " + q + ")");
  }

  static void register(RequestValidators validators) {
    validators
        .register(
            CreateVehicleRequest.getDefaultInstance(),
            r -> vehicle(new Validation(), r.hasVehicle(), r.getVehicle()).throwIfInvalid())
        .register(
            UpdateVehicleRequest.getDefaultInstance(),
            r ->
                vehicle(id(new Validation(), r.getId(), "id"), r.hasVehicle(), r.getVehicle())
                    .throwIfInvalid())
        .register(
            GetVehicleRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            ListVehiclesRequest.getDefaultInstance(),
            r ->
                page(new Validation(), r.getPage())
                    .maxLength(r.getQuery(), 100, "query")
                    .throwIfInvalid())
        .register(
            AddVehicleMaintenanceRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getVehicleId(), "vehicle_id");
              period(v, r.hasPeriod(), r.getPeriod(), "period");
              String reason = r.getReason().strip();
              v.notBlank(reason, "reason")
                  .check(
                      reason.codePointCount(0, reason.length()) <= Vehicles.MAX_REASON,
                      "reason",
                      "must be at most " + Vehicles.MAX_REASON + " characters")
                  .throwIfInvalid();
            })
        .register(
            RemoveVehicleMaintenanceRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            GetVehicleAvailabilityRequest.getDefaultInstance(),
            r ->
                period(page(new Validation(), r.getPage()), r.hasWindow(), r.getWindow(), "window")
                    .throwIfInvalid())
        .register(
            GetTruckPackRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getEventId(), "event_id").throwIfInvalid())
        .register(
            LoadItemRequest.getDefaultInstance(),
            r ->
                quantity(
                        id(
                            id(
                                id(new Validation(), r.getEventId(), "event_id"),
                                r.getVehicleId(),
                                "vehicle_id"),
                            r.getBookingLineId(),
                            "booking_line_id"),
                        r.getQuantity(),
                        1)
                    .throwIfInvalid())
        .register(
            UnloadItemRequest.getDefaultInstance(),
            r ->
                quantity(
                        id(
                            id(
                                id(new Validation(), r.getEventId(), "event_id"),
                                r.getVehicleId(),
                                "vehicle_id"),
                            r.getBookingLineId(),
                            "booking_line_id"),
                        r.getQuantity(),
                        0)
                    .throwIfInvalid())
        .register(
            RenderLoadListRequest.getDefaultInstance(),
            r ->
                id(id(new Validation(), r.getEventId(), "event_id"), r.getVehicleId(), "vehicle_id")
                    .throwIfInvalid())
        .register(
            CheckDispatchRunRequest.getDefaultInstance(),
            r ->
                run(optionalId(new Validation(), r.getRunId(), "run_id"), r.hasRun(), r.getRun())
                    .throwIfInvalid())
        .register(
            CreateDispatchRunRequest.getDefaultInstance(),
            r -> run(new Validation(), r.hasRun(), r.getRun()).throwIfInvalid())
        .register(
            UpdateDispatchRunRequest.getDefaultInstance(),
            r ->
                run(id(new Validation(), r.getId(), "id"), r.hasRun(), r.getRun()).throwIfInvalid())
        .register(
            SetDispatchStatusRequest.getDefaultInstance(),
            r ->
                id(new Validation(), r.getId(), "id")
                    .check(
                        r.getStatus() != DispatchStatus.DISPATCH_STATUS_UNSPECIFIED
                            && r.getStatus() != DispatchStatus.UNRECOGNIZED,
                        "status",
                        "is required (DISPATCH_STATUS_PLANNED, _DISPATCHED, _COMPLETED or"
                            + " _CANCELLED)")
                    .throwIfInvalid())
        .register(
            GetDispatchRunRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            ListDispatchRunsRequest.getDefaultInstance(),
            r -> {
              Validation v = page(new Validation(), r.getPage());
              if (r.hasWindow()) {
                period(v, true, r.getWindow(), "window");
              }
              optionalId(v, r.getVehicleId(), "vehicle_id");
              optionalId(v, r.getDriverCrewMemberId(), "driver_crew_member_id");
              optionalId(v, r.getEventId(), "event_id");
              for (DispatchStatus s : r.getStatusesList()) {
                v.check(
                    s != DispatchStatus.DISPATCH_STATUS_UNSPECIFIED
                        && s != DispatchStatus.UNRECOGNIZED,
                    "statuses",
                    "must be dispatch statuses");
              }
              v.throwIfInvalid();
            });
  }
}
